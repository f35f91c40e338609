/**
 * @jest-environment jsdom
 *
 * The mounted task pane in jsdom against a FAKE Host (./fakeHost.ts: run(op, input) answers by op.id and
 * records every call). test/browser/pane.browser.test.ts runs the built pane in Chromium against the fake
 * Excel object model.
 */
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { UserError, msg } from '../../src/domain/message';
import { EXAMPLES } from '../../src/examples';
import { STRINGS } from '../../src/taskpane/i18n';
import { mountPane } from '../../src/taskpane/pane';
import type { Loaders } from '../../src/adapters/office/actions';
import {
  ADOPT,
  DELETED_SHEET,
  NEXT,
  NO_SCORECARD,
  SHEET,
  TAITUNG,
  TRACK,
  WRONG_SIZE,
  XSS,
  check,
  fakeHost,
  fakeOp,
} from './fakeHost';

let root: HTMLElement;
beforeEach(() => {
  loadExamples.mockClear();
  document.body.replaceChildren();
  root = document.createElement('main');
  document.body.appendChild(root);
});

const flush = () => new Promise((r) => setTimeout(r, 0));
/** wait for something asynchronous to show, e.g. after the example chunk's import (compiled on first use) */
async function until(ok: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}
const $ = <E extends Element = HTMLElement>(sel: string) => root.querySelector<E>(sel);
const byText = (sel: string, text: string) =>
  [...root.querySelectorAll<HTMLElement>(sel)].find((e) => (e.textContent ?? '').trim() === text);
const button = (text: string) => byText('button', text) as HTMLButtonElement;
const texts = (sel: string) => [...root.querySelectorAll(sel)].map((e) => (e.textContent ?? '').trim());
/** what is on screen: elements with no hidden ancestor (jsdom lays nothing out, so `hidden` is what hides) */
const shown = (e: Element) => !e.closest('[hidden]');
const shownTexts = (sel: string) => [...root.querySelectorAll(sel)].filter(shown).map((e) => (e.textContent ?? '').trim());
const alerts = () => [...root.querySelectorAll('[role="alert"]')].map((e) => e.textContent ?? '');
const input = (label: string) => {
  const l = [...root.querySelectorAll('label')].find((e) => (e.textContent ?? '').trim().startsWith(label));
  if (!l) throw new Error(`no label ${label}`);
  const el = root.ownerDocument.getElementById(l.htmlFor);
  if (!(el instanceof HTMLInputElement)) throw new Error(`label ${label} is tied to no input`);
  return el;
};
const submit = () => $('form')!.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
const total = () => $('.total-value')!.textContent;

/** the example content, as the pane's own chunk would load it (jest cannot run a dynamic import()) */
const loadExamples = jest.fn(async () => EXAMPLES);
/** adopt and next, as their chunks would load them: stand-ins the fake host answers by id */
const FAKE_LOADERS: Partial<Loaders> = {
  adopt: async () => fakeOp('adopt'),
  nextPeriod: async () => fakeOp('nextPeriod'),
};
const NOW = new Date(2025, 6, 15);

async function mount(lang: 'zh' | 'en', fake = fakeHost(), loaders: Partial<Loaders> = {}) {
  const pane = mountPane(root, fake.host, lang, {
    rubric: RUBRIC_114,
    now: NOW,
    loaders: { examples: loadExamples, ...FAKE_LOADERS, ...loaders },
  });
  await pane.ready;
  return { pane, fake };
}

describe('mounted pane (fake host)', () => {
  it("on load: watches once, and the watch's first check fills totals, subtotals and the count scored", async () => {
    const { fake } = await mount('zh');
    expect(fake.called('watchScores')).toHaveLength(1);
    expect(fake.ran('check')).toHaveLength(0); // no check of its own: the watch's first emit is the check
    expect(total()).toBe('939');
    expect($('.total-cap')!.textContent).toBe('/ 1000');
    expect($('.total')!.getAttribute('aria-live')).toBe('polite');
    expect($('.total .sr-only')!.textContent).toBe('總分 939 / 1000 分');
    expect(texts('.dim-row .dim-name')).toEqual(['創新性', '效益及影響', '可持續性', '擴散應用']);
    expect(texts('.dim-score')).toEqual(['285 / 300', '381 / 400', '136 / 150', '137 / 150']);
    expect($('.entered')!.textContent).toBe('已評 12 / 12');
    expect(root.querySelectorAll('.problem')).toHaveLength(0);
    expect($('.ok')!.hasAttribute('hidden')).toBe(false);
    expect($('.total-note')!.hidden).toBe(true);
    expect($('.card-scores')!.hasAttribute('aria-busy')).toBe(false);
    expect(document.documentElement.lang).toBe('zh-TW');
    expect(document.title).toBe('服務改善考核');
    // headings and labelled sections
    expect(shownTexts('h2')).toEqual(['插入範本', '分數', '追蹤表', '下一期', '審閱']);
    for (const s of root.querySelectorAll('section'))
      expect(document.getElementById(s.getAttribute('aria-labelledby')!)).not.toBeNull();
  });

  it('the scores section is busy, saying "checking", until the first check arrives', async () => {
    const fake = fakeHost();
    let release!: () => void;
    fake.state.watchGate = new Promise<void>((r) => (release = r));
    const pane = mountPane(root, fake.host, 'zh', { rubric: RUBRIC_114 });
    await flush();
    expect($('.card-scores')!.getAttribute('aria-busy')).toBe('true');
    expect($('.entered')!.textContent).toBe('正在檢查…');
    expect(total()).toBe('—');
    release();
    await pane.ready;
    expect($('.card-scores')!.hasAttribute('aria-busy')).toBe(false);
    expect(total()).toBe('939');
  });

  it('defaults: office ○○區營業處, ROC year, period', async () => {
    await mount('zh');
    expect(input('區營業處名稱').value).toBe('○○區營業處');
    expect(input('年度').value).toBe('114');
    expect(input('7 月至 12 月').checked).toBe(true);
    expect(input('1 月至 6 月').checked).toBe(false);
    expect(input('填入範例').checked).toBe(false);
  });

  it('problems render with "go to cell" buttons that select the right sheet and address', async () => {
    const { fake } = await mount('zh');
    fake.change({ ok: true, value: check([150, 95, 95, 128, '９５']) });
    const items = root.querySelectorAll('.problem');
    expect(items).toHaveLength(2);
    expect(items[0].querySelector('.problem-message')!.textContent).toContain('超過配分 100 分');
    expect(items[1].querySelector('.problem-message')!.textContent).toContain('全形數字');
    const buttons = [...root.querySelectorAll<HTMLButtonElement>('.problem button')];
    expect(buttons.map((b) => b.textContent)).toEqual(['前往儲存格', '前往儲存格']);
    expect(buttons[1].getAttribute('aria-label')).toBe('前往儲存格 考核評分表!E9');
    expect(buttons[1].type).toBe('button');
    buttons[1].click();
    expect(buttons[1].getAttribute('aria-busy')).toBe('true');
    await flush();
    expect(buttons[1].hasAttribute('aria-busy')).toBe(false);
    expect(fake.called('select').map((c) => (c.method === 'select' ? c.args : null))).toEqual([[SHEET, 'E9']]);
    // the totals count valid scores only, like the sheet's formulas
    expect(total()).toBe('318');
    expect($('.entered')!.textContent).toBe('已評 3 / 12');
    expect($('.ok')!.hasAttribute('hidden')).toBe(true);
    expect($('.card-scores h3')!.textContent).toBe('需要修正 (2)');
  });

  it('while some score is not valid the total says it is not final', async () => {
    const { fake } = await mount('zh');
    fake.change({ ok: true, value: check([150, 'x', 95]) });
    const note = $('.total-note')!;
    expect(note.hidden).toBe(false);
    expect(note.textContent).toBe('尚有 2 項需修正、9 項未評分，總分未定');
    expect(total()).toBe('95');
    fake.change({ ok: true, value: check([100, 90, 95]) });
    expect(note.textContent).toBe('尚有 9 項未評分，總分未定');
    expect(total()).toBe('285');
    fake.change({ ok: true, value: check(TAITUNG) });
    expect(note.hidden).toBe(true);
    expect(note.textContent).toBe('');
    expect(total()).toBe('939');
  });

  it('…in English too', async () => {
    const { fake } = await mount('en');
    fake.change({ ok: true, value: check([150]) });
    expect($('.total-note')!.textContent).toBe('1 to fix, 11 not yet scored; the total is not final');
  });

  it('a failed "go to cell" shows why in the scores section, returned or thrown', async () => {
    const { fake } = await mount('en');
    fake.change({ ok: true, value: check([150]) });
    fake.state.selectResult = { ok: false, error: msg('找不到工作表。', 'The sheet is gone.') };
    $<HTMLButtonElement>('.problem button')!.click();
    await flush();
    expect($('.card-scores [role="alert"]')!.textContent).toContain('The sheet is gone.');
    fake.state.selectError = new Error('lost');
    $<HTMLButtonElement>('.problem button')!.click();
    await flush();
    expect($('.card-scores [role="alert"]')!.textContent).toContain('Something went wrong: lost');
    expect($<HTMLButtonElement>('.problem button')!.hasAttribute('aria-busy')).toBe(false);
  });

  it("keeps keyboard focus on the same cell's button when the list is redrawn, or on the heading when it is gone", async () => {
    const { fake } = await mount('en');
    fake.change({ ok: true, value: check([150, 'x']) });
    const second = root.querySelectorAll<HTMLButtonElement>('.problem button')[1];
    second.focus();
    fake.change({ ok: true, value: check([150, 'y']) });
    expect(document.activeElement).not.toBe(second); // redrawn
    expect((document.activeElement as HTMLElement).dataset.address).toBe('E6');
    fake.change({ ok: true, value: check([150, 20]) });
    expect(document.activeElement).toBe($('.card-scores h3'));
    expect($('.card-scores h3')!.getAttribute('tabindex')).toBe('-1');
  });

  it('announces the problem count only when it changes', async () => {
    const { fake } = await mount('en');
    const live = [...root.querySelectorAll('[aria-live="polite"]')].find((e) => e.textContent === 'No scores to fix');
    expect(live).toBeDefined();
    fake.change({ ok: true, value: check([150]) });
    expect(live!.textContent).toBe('1 score to fix');
    const node = live!.firstChild;
    fake.change({ ok: true, value: check([160]) });
    expect(live!.firstChild).toBe(node); // untouched: nothing new to announce
    fake.change({ ok: true, value: check([160, 'x']) });
    expect(live!.textContent).toBe('2 scores to fix');
  });

  it('workbook text in a message is shown as text and never becomes markup', async () => {
    const fake = fakeHost({ ok: true, value: check([XSS]) });
    fake.state.trackResult = { ok: true, value: { ...TRACK, sheet: XSS, summary: msg(`建議：${XSS}`, `Suggestion: ${XSS}`) } };
    await mount('zh', fake);
    expect($('.problem-message')!.textContent).toContain(XSS);
    button('建立追蹤表').click();
    await flush();
    expect($('.card-tracking .report-summary')!.textContent).toBe(`建議：${XSS}`);
    // The rows built, suggestion text included, are listed as text.
    const dds = [...root.querySelectorAll('.card-tracking dd')].map((d) => d.textContent);
    expect(dds).toContain(XSS);
    expect(dds[0]).toBe(`${XSS}（新建立），共 3 列`);
    fake.change({ ok: false, error: msg(`錯誤 ${XSS}`, `error ${XSS}`) });
    expect($('[role="alert"]')!.textContent).toContain(XSS);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect(root.innerHTML).not.toContain('<img');
  });

  it('speaks English when asked, with the same data', async () => {
    await mount('en');
    expect(document.documentElement.lang).toBe('en');
    expect(shownTexts('h2')).toEqual(['Insert templates', 'Scores', 'Tracking', 'Next period', 'Review']);
    expect(texts('.dim-name')).toEqual(['Innovation', 'Benefit and impact', 'Sustainability', 'Diffusion and reuse']);
    expect($('.entered')!.textContent).toBe('Scored 12 of 12');
    expect(button('Build tracking sheet')).toBeDefined();
    expect(input('Fill with the example')).toBeDefined();
  });

  it('an invalid year shows an inline error tied to the field and does not insert', async () => {
    const { fake } = await mount('en');
    const year = input('Year (ROC)');
    expect(year.getAttribute('aria-describedby')).toBe(year.id.replace(/year$/, 'rocYear-hint'));
    year.value = '12.5';
    submit();
    await flush();
    expect(fake.ran('insertTemplates')).toHaveLength(0);
    expect(year.getAttribute('aria-invalid')).toBe('true');
    const described = year
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)!);
    expect(described.map((e) => e.textContent)).toEqual([STRINGS.en.rocYearError, STRINGS.en.rocYearHint]);
    expect(described[0].hidden).toBe(false);
    expect(document.activeElement).toBe(year);
    // fixing it clears the error; submitting inserts
    year.value = '114';
    year.dispatchEvent(new Event('input', { bubbles: true }));
    expect(year.hasAttribute('aria-invalid')).toBe(false);
    expect(year.getAttribute('aria-describedby')).toBe(described[1].id);
    expect(described[0].hidden).toBe(true);
    submit();
    await until(() => fake.ran('insertTemplates').length > 0, 'the insert');
    expect(fake.ran('insertTemplates')).toEqual([
      { office: '○○區營業處', rocYear: 114, period: 'H2', example: false, rubric: RUBRIC_114, examples: undefined },
    ]);
    expect(loadExamples).not.toHaveBeenCalled();
  });

  it('errors on several fields: each marked, focus on the first, the period on its fieldset', async () => {
    await mount('en');
    const office = input('Office name');
    office.value = ' ';
    for (const r of root.querySelectorAll<HTMLInputElement>('input[type="radio"]')) r.checked = false;
    submit();
    const fieldset = $('fieldset')!;
    expect(office.getAttribute('aria-invalid')).toBe('true');
    expect(fieldset.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(fieldset.getAttribute('aria-describedby')!)!.textContent).toBe(STRINGS.en.periodError);
    expect(document.activeElement).toBe(office);
    office.value = '台東區營業處';
    office.dispatchEvent(new Event('input', { bubbles: true }));
    submit();
    expect(document.activeElement).toBe(root.querySelector('input[type="radio"]'));
    input('January to June').checked = true;
    fieldset.dispatchEvent(new Event('change', { bubbles: true }));
    expect(fieldset.hasAttribute('aria-invalid')).toBe(false);
    expect(fieldset.hasAttribute('aria-describedby')).toBe(false);
  });

  it('two panes in one document keep their own ids', async () => {
    const first = mountPane(root, fakeHost().host, 'en', { rubric: RUBRIC_114 });
    const other = document.createElement('main');
    document.body.appendChild(other);
    const second = mountPane(other, fakeHost().host, 'en', { rubric: RUBRIC_114 });
    await Promise.all([first.ready, second.ready]);
    const year = root.querySelector<HTMLInputElement>('input[name="rocYear"]')!;
    year.value = '';
    submit();
    const described = year.getAttribute('aria-describedby')!.split(' ');
    for (const id of described) expect(root.querySelector(`#${id}`)).not.toBeNull();
    expect(root.querySelector(`label[for="${year.id}"]`)).not.toBeNull();
    expect(other.querySelector(`#${year.id}`)).toBeNull();
    const radios = (el: HTMLElement) => el.querySelector<HTMLInputElement>('input[type="radio"]')!.name;
    expect(radios(root)).not.toBe(radios(other));
  });

  it('insert: buttons disabled and section busy while it runs, then the report and the new watch shows the scores', async () => {
    const fake = fakeHost();
    let open!: () => void;
    fake.state.gate = new Promise<void>((r) => (open = r));
    await mount('zh', fake);
    input('填入範例').checked = true;
    input('1 月至 6 月').checked = true;
    const insert = button('插入範本');
    submit();
    await until(() => fake.ran('insertTemplates').length > 0, 'the insert');
    expect(insert.disabled).toBe(true);
    expect(insert.textContent).toBe('正在插入…');
    expect(insert.classList.contains('is-busy')).toBe(true);
    expect(button('建立追蹤表').disabled).toBe(true);
    expect($('.card-insert')!.getAttribute('aria-busy')).toBe('true');
    submit(); // ignored while busy
    button('建立追蹤表').click(); // disabled: nothing
    fake.state.checkResult = { ok: true, value: check([100]) };
    open();
    await until(() => !insert.disabled, 'the insert to finish');
    expect(fake.ran('insertTemplates')).toHaveLength(1);
    expect(fake.ran('track')).toHaveLength(0);
    const options = fake.ran('insertTemplates')[0] as Record<string, unknown>;
    expect(options).toMatchObject({ period: 'H1', example: true, rubric: RUBRIC_114 });
    expect(options.examples).toBe(EXAMPLES); // the example chunk, loaded only when asked for
    expect(loadExamples).toHaveBeenCalledTimes(1);
    expect(insert.textContent).toBe('插入範本');
    expect(insert.classList.contains('is-busy')).toBe(false);
    expect($('.card-insert')!.hasAttribute('aria-busy')).toBe(false);
    const report = $('.card-insert .report')!;
    expect(report.textContent).toContain('已插入 4 張工作表。');
    expect(report.textContent).toContain('考核評分表 → 考核評分表 (2)');
    expect(report.textContent).toContain('SelfScores');
    // watched again, and that watch's first check is what the scores show: still no check of the pane's own
    expect(fake.called('watchScores')).toHaveLength(2);
    expect(fake.state.stopped).toBe(1);
    expect(fake.ran('check')).toHaveLength(0);
    expect(total()).toBe('100');
  });

  it('errors show as an alert in the pane language, and can be dismissed', async () => {
    const fake = fakeHost({ ok: false, error: msg('找不到 SelfScores。', 'SelfScores was not found.') });
    fake.state.trackResult = { ok: false, error: msg('找不到 Findings。', 'Findings was not found.') };
    await mount('en', fake);
    expect(alerts()).toEqual([expect.stringContaining('SelfScores was not found.')]);
    button('Build tracking sheet').click();
    await flush();
    expect(alerts()).toHaveLength(2);
    expect(alerts()[1]).toContain('Findings was not found.');
    expect($('.card-tracking .msgbar-title')!.textContent).toBe('Error');
    $<HTMLButtonElement>('.card-tracking .msgbar-dismiss')!.click();
    expect(alerts()).toHaveLength(1);
    // a thrown error (not a HostResult) is shown too, and the pane keeps working
    fake.state.insertError = new Error('boom');
    submit();
    await until(() => alerts().length === 2, 'the insert error');
    expect($('.card-insert [role="alert"]')!.textContent).toContain('Something went wrong: boom');
    expect(button('Insert templates').disabled).toBe(false);
    // a UserError says its own words
    fake.state.insertError = new UserError(msg('活頁簿唯讀。', 'The workbook is read-only.'));
    submit();
    await until(() => alerts().some((t) => t.includes('read-only')), 'the user error');
    expect(alerts().join()).not.toContain('Something went wrong');
  });

  it('an insert that fails keeps the watch as it was', async () => {
    const fake = fakeHost();
    fake.state.insertResult = { ok: false, error: msg('工作表受保護。', 'The sheet is protected.') };
    await mount('en', fake);
    submit();
    await until(() => alerts().length > 0, 'the insert error');
    expect($('.card-insert [role="alert"]')!.textContent).toContain('The sheet is protected.');
    expect($('.card-insert .report')!.childElementCount).toBe(0);
    expect(fake.called('watchScores')).toHaveLength(1);
    expect(fake.state.stopped).toBe(0);
    fake.change({ ok: true, value: check([100]) });
    expect(total()).toBe('100');
  });

  it('after inserting templates into a fresh workbook it watches again and shows the new scorecard', async () => {
    const fake = fakeHost({ ok: false, error: NO_SCORECARD });
    await mount('zh', fake);
    expect(alerts()).toEqual([]); // a first run, not an error
    expect(total()).toBe('—');
    expect($('.total-card')!.hidden).toBe(true);
    expect($('.card-scores h3')!.hasAttribute('hidden')).toBe(true);
    fake.state.checkResult = { ok: true, value: check([]) };
    submit();
    await until(() => total() === '0', 'the new scorecard');
    expect(fake.state.stopped).toBe(1);
    expect(fake.called('watchScores')).toHaveLength(2);
    expect(fake.ran('check')).toHaveLength(0);
    expect($('[role="alert"]')).toBeNull();
    expect($('.total-card')!.hidden).toBe(false);
    expect($('.entered')!.textContent).toBe('已評 0 / 12');
    // the welcome is over: the insert card points to the next period, whose card is there now
    expect(shownTexts('h2')).toEqual(['插入範本', '分數', '追蹤表', '下一期', '審閱']);
    expect(shown($('.scores-empty')!)).toBe(false);
    expect(shown($('.card-insert .report')!)).toBe(true);
    fake.change({ ok: true, value: check([100]) });
    expect(total()).toBe('100');
  });

  it('a slow first check never overwrites a newer one: inserting while Excel is still answering', async () => {
    const fake = fakeHost({ ok: false, error: msg('找不到 SelfScores。', 'No SelfScores.') });
    let release!: () => void;
    fake.state.watchGate = new Promise<void>((r) => (release = r));
    const pane = mountPane(root, fake.host, 'zh', { rubric: RUBRIC_114 });
    await flush();
    fake.state.checkResult = { ok: true, value: check([100]) };
    submit();
    await until(() => total() === '100', 'the new watch');
    release(); // the first watch answers at last, with what it read before the insert
    await pane.ready;
    expect(total()).toBe('100');
    expect(alerts()).toEqual([]);
    expect(fake.state.stopped).toBe(1); // the stale watch was stopped, not left running beside the new one
    fake.change({ ok: true, value: check([90]) });
    expect(total()).toBe('90');
  });

  it('a host that cannot watch says why in the scores section', async () => {
    const fake = fakeHost();
    fake.state.watchError = new Error('no Excel');
    await mount('en', fake);
    expect($('.card-scores [role="alert"]')!.textContent).toContain('Something went wrong: no Excel');
    expect($('.total-card')!.hidden).toBe(true);
    expect($('.card-scores')!.hasAttribute('aria-busy')).toBe(false);
  });

  it('warns when Excel has no data validation; dispose stops watching', async () => {
    const fake = fakeHost();
    fake.state.capabilities = { dataValidation: false, print: true };
    const { pane } = await mount('zh', fake);
    expect(texts('.card-insert .msgbar-warning')).toEqual([expect.stringContaining('ExcelApi 1.8')]);
    await pane.dispose();
    expect(fake.state.stopped).toBe(1);
    expect(fake.listeners.size).toBe(0);
    expect(root.childElementCount).toBe(0);
  });

  it('says so when Excel has no print setup (ExcelApi 1.9), next to the validation note', async () => {
    const fake = fakeHost();
    fake.state.capabilities = { dataValidation: true, print: false };
    await mount('zh', fake);
    expect(texts('.card-insert .msgbar-warning .msgbar-text')).toEqual([STRINGS.zh.noPrint]);
    document.body.replaceChildren(root);
    fake.state.capabilities = { dataValidation: false, print: false };
    await mount('en', fake);
    const notes = [...root.querySelectorAll('.card-insert .msgbar-warning')];
    expect(notes.map((n) => n.querySelector('.msgbar-text')!.textContent)).toEqual([STRINGS.en.noValidation, STRINGS.en.noPrint]);
    for (const n of notes) expect(n.getAttribute('role')).toBe('status');
    // above the section's messages, below the form
    expect(notes[1].nextElementSibling!.classList.contains('msg-slot')).toBe(true);
    expect(notes[0].previousElementSibling!.tagName).toBe('FORM');
  });

  it('no notes when Excel has everything, or when it cannot say', async () => {
    await mount('en');
    expect(root.querySelectorAll('.msgbar-warning')).toHaveLength(0);
    const fake = fakeHost();
    fake.state.capabilities = new Error('no requirements');
    await mount('en', fake);
    expect(root.querySelectorAll('.msgbar-warning')).toHaveLength(0);
    expect(total()).toBe('939');
  });

  it('dispose while the first check is still on its way: nothing is drawn, the watch is stopped', async () => {
    const fake = fakeHost();
    let release!: () => void;
    fake.state.watchGate = new Promise<void>((r) => (release = r));
    const pane = mountPane(root, fake.host, 'en', { rubric: RUBRIC_114 });
    await flush();
    await pane.dispose();
    release();
    await pane.ready;
    expect(root.childElementCount).toBe(0);
    expect(fake.state.stopped).toBe(1);
    expect(fake.listeners.size).toBe(0);
  });

  it('keyboard: every control is a native, labelled control; Enter in a field submits', async () => {
    const { fake } = await mount('zh');
    for (const el of root.querySelectorAll('input')) {
      expect(root.querySelector(`label[for="${el.id}"]`)).not.toBeNull();
    }
    for (const b of root.querySelectorAll('button')) expect(b.getAttribute('type')).toMatch(/^(button|submit)$/);
    expect(root.querySelectorAll('[tabindex]:not([tabindex="-1"])')).toHaveLength(0);
    expect($('form')!.hasAttribute('novalidate')).toBe(true);
    submit();
    await until(() => fake.ran('insertTemplates').length > 0, 'the insert');
    expect(fake.ran('insertTemplates')).toHaveLength(1);
  });

  it('never writes markup: the pane builds every element with createElement and text', async () => {
    const setter = jest.spyOn(Element.prototype, 'innerHTML', 'set');
    const adjacent = jest.spyOn(Element.prototype, 'insertAdjacentHTML');
    const { fake } = await mount('zh', fakeHost({ ok: true, value: check([XSS]) }));
    fake.change({ ok: false, error: msg(XSS, XSS) });
    expect(setter).not.toHaveBeenCalled();
    expect(adjacent).not.toHaveBeenCalled();
    setter.mockRestore();
    adjacent.mockRestore();
  });
});

describe('first run, "use my existing sheet" and "start the next period" (fake host)', () => {
  const welcome = () => shownTexts('h2')[0] === '開始使用' || shownTexts('h2')[0] === 'Get started';
  const nextCard = () => $('.card-next')!;
  /** the 12 default scores, with whose form it is: 台東區營業處 114 年度 `period` */
  const withMeta = (period: 'H1' | 'H2', values = TAITUNG) => ({
    ok: true as const,
    value: { ...check(values), meta: { office: '台東區營業處', rocYear: 114, period } },
  });

  it('a workbook without SelfScores gets a welcome with the two ways to start, and no error at all', async () => {
    const { fake } = await mount('zh', fakeHost({ ok: false, error: NO_SCORECARD }));
    expect(alerts()).toEqual([]);
    expect(root.querySelectorAll('.msgbar-error')).toHaveLength(0);
    expect(shownTexts('h2')).toEqual(['開始使用', '分數', '追蹤表', '審閱']);
    expect(shownTexts('.start-intro')).toEqual([STRINGS.zh.startIntro]);
    // the choices: the insert form as ever, and adopting the sheet staff made
    expect(shownTexts('.card-insert h3')).toEqual(['插入範本', '使用我現有的工作表']);
    expect(shown($('form')!)).toBe(true);
    expect(shown(button('插入範本'))).toBe(true);
    expect(shown(button('使用我現有的工作表'))).toBe(true);
    expect(shown($('.templates-note')!)).toBe(false);
    // the scores say there are none yet, as a hint; no totals, no "checking…" forever
    expect(shownTexts('.card-scores p').filter(Boolean)).toEqual([STRINGS.zh.scoresNone]);
    expect($('.total-card')!.hidden).toBe(true);
    expect($('.card-scores')!.hasAttribute('aria-busy')).toBe(false);
    expect(nextCard().hidden).toBe(true);
    // the insert card is still the one the form submits in
    expect($('.card-insert form')).not.toBeNull();
    expect(fake.ran('adopt')).toHaveLength(0);
  });

  it('a broken scorecard still says what is wrong and what to do: a name at a deleted sheet, a range of the wrong size', async () => {
    for (const [error, says] of [
      [DELETED_SHEET, 'Name Manager'],
      [WRONG_SIZE, '12'],
    ] as const) {
      document.body.replaceChildren(root);
      await mount('en', fakeHost({ ok: false, error }));
      expect(alerts()).toEqual([expect.stringContaining(error.en)]);
      expect(alerts()[0]).toContain(says);
      expect(alerts()[0]).toContain('SelfScores');
      expect(welcome()).toBe(false);
      expect(shownTexts('h2')).toEqual(['Insert templates', 'Scores', 'Tracking', 'Review']);
      expect(shown($('.choice-adopt')!)).toBe(false);
      expect(shown($('form')!)).toBe(true); // inserting is how to start over
      expect(nextCard().hidden).toBe(true);
    }
  });

  it('a message that only reads like the missing-name one is an error, not a welcome', async () => {
    await mount('en', fakeHost({ ok: false, error: msg(NO_SCORECARD.zh, 'something else') }));
    expect(alerts()).toHaveLength(1);
    expect(welcome()).toBe(false);
  });

  it('use my existing sheet: busy while it runs, then what it found and added as text, and the live check again', async () => {
    const fake = fakeHost({ ok: false, error: NO_SCORECARD });
    let open!: () => void;
    fake.state.opGate = new Promise<void>((r) => (open = r));
    fake.state.afterWrite = { ok: true, value: check(TAITUNG) };
    await mount('zh', fake);
    const adopt = button('使用我現有的工作表');
    adopt.click();
    await until(() => fake.ran('adopt').length > 0, 'the adopt');
    expect(adopt.textContent).toBe('正在辨識…');
    expect(adopt.disabled).toBe(true);
    expect(button('插入範本').disabled).toBe(true);
    expect($('.choice-adopt')!.getAttribute('aria-busy')).toBe('true');
    adopt.click(); // ignored while busy
    open();
    await until(() => total() === '939', 'the scores of the adopted sheet');
    expect(fake.ran('adopt')).toEqual([{ rubric: RUBRIC_114, now: NOW }]);
    // what it did, as text: the summary, what it found and added (what + where), the notes
    const report = $('.choice-adopt .report')!;
    expect(shown(report)).toBe(true);
    expect($('.choice-adopt .report-summary')!.textContent).toBe('已接手您的考核評分表：<b>12</b> 項。');
    expect(texts('.choice-adopt h4')).toEqual(['找到', '加上', '說明']);
    expect(texts('.adopt-found li')).toEqual(['考核評分表（自評欄） 考核評分表!D5:D7,D10:D12', `彙整表 ${XSS} '${XSS}'!A1:F20`]);
    expect(texts('.adopt-added .part-where')).toEqual(ADOPT.added.map((p) => p.where));
    expect(texts('.adopt-notes li')).toEqual(['找不到 <b>優點</b> 欄。']);
    expect(report.querySelectorAll('b, img')).toHaveLength(0);
    expect(root.querySelectorAll('b, img')).toHaveLength(0);
    // the check was started again, and it found the scores: no welcome any more, the report stays
    expect(fake.called('watchScores')).toHaveLength(2);
    expect(fake.ran('check')).toHaveLength(0);
    expect(welcome()).toBe(false);
    expect(shown(button('使用我現有的工作表'))).toBe(false);
    expect(shown($('.choice-adopt h3')!)).toBe(true);
    expect(shown($('.templates-note')!)).toBe(true);
    expect(nextCard().hidden).toBe(false);
    expect(alerts()).toEqual([]);
    expect(adopt.textContent).toBe('使用我現有的工作表');
    expect($('.choice-adopt')!.hasAttribute('aria-busy')).toBe(false);
  });

  it('use my existing sheet, refused: the reason (a cap that disagrees) as text, the welcome stays, no new watch', async () => {
    const fake = fakeHost({ ok: false, error: NO_SCORECARD });
    const reason = msg(
      '考核評分表!B5 的標題寫「配分 <b>120</b>」，但評分表的配分是 100。',
      "考核評分表!B5's label says the cap is <b>120</b>, but the rubric's cap is 100."
    );
    fake.state.adoptResult = { ok: false, error: reason };
    await mount('en', fake);
    button('Use my existing sheet').click();
    await until(() => alerts().length > 0, 'the refusal');
    expect(alerts()).toEqual([expect.stringContaining(reason.en)]);
    expect($('.choice-adopt [role="alert"] .msgbar-text')!.textContent).toBe(reason.en);
    expect(root.querySelectorAll('b')).toHaveLength(0);
    expect(fake.called('watchScores')).toHaveLength(1);
    expect(welcome()).toBe(true);
    expect($('.choice-adopt .report')!.childElementCount).toBe(0);
    expect(button('Use my existing sheet').disabled).toBe(false);
  });

  it('use my existing sheet when its chunk cannot be fetched (offline): said, and the pane keeps working', async () => {
    const fake = fakeHost({ ok: false, error: NO_SCORECARD });
    await mount('en', fake, {
      adopt: async () => {
        throw new Error('Loading chunk adopt failed');
      },
    });
    button('Use my existing sheet').click();
    await until(() => alerts().length > 0, 'the error');
    expect(alerts()[0]).toContain('Something went wrong: Loading chunk adopt failed');
    expect(button('Use my existing sheet').disabled).toBe(false);
  });

  it('with the templates, inserting is folded away behind a button and points to the next period', async () => {
    const { fake } = await mount('zh', fakeHost(withMeta('H1')));
    expect(shownTexts('.templates-note')).toEqual([STRINGS.zh.templatesNote]);
    expect(STRINGS.zh.templatesNote).toContain('開始下一期');
    expect(STRINGS.zh.templatesNote).toContain('(2)');
    const again = button('再插入一份範本…');
    expect(shown(again)).toBe(true);
    expect(shown($('form')!)).toBe(false);
    expect(again.getAttribute('aria-expanded')).toBe('false');
    expect(again.getAttribute('aria-controls')).toBe($('form')!.id);
    again.click();
    expect(shown($('form')!)).toBe(true);
    expect(again.getAttribute('aria-expanded')).toBe('true');
    // typing a score (a new check) leaves the form the user opened as it is
    fake.change(withMeta('H1', [100]));
    expect(shown($('form')!)).toBe(true);
    submit();
    await until(() => fake.ran('insertTemplates').length > 0, 'the insert');
    again.click();
    expect(shown($('form')!)).toBe(false);
  });

  it('start the next period: a confirm step saying from → to; cancel runs nothing', async () => {
    const { fake } = await mount('zh', fakeHost(withMeta('H1')));
    const start = button('開始下一期…');
    expect(shown(start)).toBe(true);
    const confirm = $('.card-next .confirm')!;
    expect(confirm.hidden).toBe(true);
    start.click();
    expect(confirm.hidden).toBe(false);
    expect(start.getAttribute('aria-expanded')).toBe('true');
    expect($('.confirm-text')!.textContent).toBe(
      '將新增下一期的工作表：114 年 1 月至 6 月 → 114 年 7 月至 12 月。本期的工作表不變。'
    );
    expect(document.activeElement).toBe(button('確定開始下一期'));
    button('取消').click();
    expect(confirm.hidden).toBe(true);
    expect(start.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(start);
    // Escape cancels too
    start.click();
    confirm.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(confirm.hidden).toBe(true);
    await flush();
    expect(fake.ran('nextPeriod')).toHaveLength(0);
    expect(fake.called('watchScores')).toHaveLength(1);
  });

  it('start the next period: runs, shows what it added as text, and watches the new period', async () => {
    const fake = fakeHost(withMeta('H1'));
    fake.state.nextResult = { ok: true, value: { ...NEXT, summary: msg(`已新增 ${XSS}`, `Added ${XSS}`) } };
    fake.state.afterWrite = withMeta('H2', []);
    let open!: () => void;
    fake.state.opGate = new Promise<void>((r) => (open = r));
    await mount('zh', fake);
    const start = button('開始下一期…');
    start.click();
    button('確定開始下一期').click();
    await until(() => fake.ran('nextPeriod').length > 0, 'the next period');
    expect($('.card-next .confirm')!.hidden).toBe(true);
    expect(start.textContent).toBe('正在建立下一期…');
    expect(start.disabled).toBe(true);
    expect(button('建立追蹤表').disabled).toBe(true);
    expect(nextCard().getAttribute('aria-busy')).toBe('true');
    open();
    await until(() => total() === '0', 'the new period');
    expect(fake.ran('nextPeriod')).toEqual([{ rubric: RUBRIC_114, now: NOW }]);
    expect($('.card-next .report-summary')!.textContent).toBe(`已新增 ${XSS}`);
    expect(texts('.card-next dd')).toEqual([
      '執行計畫 (2)、考核評分表 (2)、彙整表 (2)、改善追蹤 (2)',
      '3',
      'SelfScores、TotalScore',
    ]);
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect(fake.called('watchScores')).toHaveLength(2);
    expect(fake.state.stopped).toBe(1);
    expect(start.textContent).toBe('開始下一期…');
    // the question now starts from the new period
    start.click();
    expect($('.confirm-text')!.textContent).toContain('114 年 7 月至 12 月 → 115 年 1 月至 6 月');
  });

  it('the next period in English, from the second half to the next year; without a year and period, no guess', async () => {
    const { fake } = await mount('en', fakeHost(withMeta('H2')));
    button('Start the next period…').click();
    expect($('.confirm-text')!.textContent).toBe(
      "Adds the next period's sheets: ROC 114 (2025), July to December → ROC 115 (2026), January to June. This period's sheets stay as they are."
    );
    button('Cancel').click();
    fake.change({ ok: true, value: check(TAITUNG) }); // meta: {}
    button('Start the next period…').click();
    expect($('.confirm-text')!.textContent).toBe(STRINGS.en.nextConfirm(null, null));
    expect($('.confirm-text')!.textContent).not.toMatch(/→|\d{3}/);
  });

  it('the next period refused: the reason as an alert in its card, nothing watched again', async () => {
    const fake = fakeHost(withMeta('H1'));
    fake.state.nextResult = { ok: false, error: msg('找不到 <b>Findings</b>。', 'Findings <b>missing</b>.') };
    await mount('en', fake);
    button('Start the next period…').click();
    button('Start the next period').click();
    await until(() => alerts().length > 0, 'the refusal');
    expect($('.card-next [role="alert"] .msgbar-text')!.textContent).toBe('Findings <b>missing</b>.');
    expect(root.querySelectorAll('b')).toHaveLength(0);
    expect(fake.called('watchScores')).toHaveLength(1);
    expect(button('Start the next period…').disabled).toBe(false);
  });

  it('the next period card goes when the scorecard does (templates deleted), and comes back with it', async () => {
    const { fake } = await mount('zh', fakeHost(withMeta('H1')));
    expect(nextCard().hidden).toBe(false);
    button('開始下一期…').click();
    fake.change({ ok: false, error: DELETED_SHEET });
    expect(nextCard().hidden).toBe(true);
    expect($('.card-next .confirm')!.hidden).toBe(true);
    expect(alerts()).toHaveLength(1);
    fake.change(withMeta('H1'));
    expect(nextCard().hidden).toBe(false);
    expect(alerts()).toEqual([]);
  });
});
