/**
 * @jest-environment jsdom
 *
 * The task pane against a FAKE ExcelHost (a plain object that records calls): the pure parts (strings,
 * form parsing, view models) and the mounted pane in jsdom. test/browser/pane.browser.test.ts runs the
 * built pane in Chromium against the fake Excel object model.
 */
import { type CheckResult, checkScores, type RawCell } from '../src/domain/check';
import { RUBRIC_114 } from '../src/domain/defaultRubric';
import { msg } from '../src/domain/message';
import type { ExcelHost, HostResult, InsertReport, TrackReport } from '../src/hosts/office/api';
import type { TemplateOptions } from '../src/layouts/common';
import { DEFAULT_OFFICE, parseForm, periodOf, rocYearOf, yearNumber } from '../src/taskpane/form';
import { STRINGS, langFrom, pick } from '../src/taskpane/i18n';
import { insertReportView, num, scoresView, trackReportView, where } from '../src/taskpane/model';
import { mountPane } from '../src/taskpane/pane';

const SHEET = '考核評分表';
const XSS = '<img src=x onerror=alert(1)>';

/** Score cells for the default rubric (12 criteria), in E5.. order, from plain values. */
function cells(values: (number | string | null)[]): RawCell[] {
  return Array.from({ length: 12 }, (_, i) => {
    const v = values[i] ?? null;
    const address = `E${5 + i}`;
    if (v === null) return { address, type: 'empty', value: null };
    return typeof v === 'number' ? { address, type: 'number', value: v } : { address, type: 'string', value: v };
  });
}

const check = (values: (number | string | null)[]): CheckResult => checkScores(RUBRIC_114, cells(values), SHEET);

/** The Taitung example: 285 + 381 + 136 + 137 = 939. */
const TAITUNG = [95, 95, 95, 128, 126, 127, 45, 45, 46, 45, 46, 46];

const REPORT: InsertReport = {
  sheets: { plan: '執行計畫', scorecard: '考核評分表 (2)', summary: '彙整表', tracking: '改善追蹤' },
  renamed: ['scorecard'],
  namesKept: ['SelfScores'],
  syncs: 3,
  summary: msg('已插入 4 張工作表。', 'Inserted 4 sheets.'),
};

const TRACK: TrackReport = {
  sheet: '改善追蹤',
  created: true,
  rows: 3,
  entries: [
    { item: '1. 創新性-提供在地化及客製化關懷服務', suggestion: '補充人力', progress: '', status: '' },
    { item: '4. 效益及影響-提供在地化及客製化關懷服務', suggestion: XSS, progress: '', status: '' },
    { item: '7. 可持續性-提供在地化及客製化關懷服務', suggestion: '多元訓練', progress: '', status: '彙整表已無此建議（保留）' },
  ],
  syncs: 2,
  summary: msg('追蹤表有 3 列。', 'The tracking sheet has 3 rows.'),
};

interface Call {
  method: keyof ExcelHost;
  args: unknown[];
}

/** A fake ExcelHost: answers from fields the test sets, records every call, lets the test fire a change. */
function fakeHost(initial: HostResult<CheckResult> = { ok: true, value: check(TAITUNG) }) {
  const calls: Call[] = [];
  const state = {
    checkResult: initial,
    insertReport: REPORT,
    insertError: null as Error | null,
    trackResult: { ok: true, value: TRACK } as HostResult<TrackReport>,
    selectResult: { ok: true, value: undefined } as HostResult<void>,
    dataValidation: true,
    watcher: null as ((r: HostResult<CheckResult>) => void) | null,
    stopped: 0,
    /** resolves the pending insert when set (to test busy states) */
    gate: null as Promise<void> | null,
  };
  const host: ExcelHost = {
    async insertTemplates(options: TemplateOptions) {
      calls.push({ method: 'insertTemplates', args: [options] });
      if (state.gate) await state.gate;
      if (state.insertError) throw state.insertError;
      return state.insertReport;
    },
    async check() {
      calls.push({ method: 'check', args: [] });
      return state.checkResult;
    },
    async buildTracking() {
      calls.push({ method: 'buildTracking', args: [] });
      return state.trackResult;
    },
    async select(sheet: string, address: string) {
      calls.push({ method: 'select', args: [sheet, address] });
      return state.selectResult;
    },
    async watchScores(onResult) {
      calls.push({ method: 'watchScores', args: [] });
      state.watcher = onResult;
      return async () => {
        state.stopped += 1;
        state.watcher = null;
      };
    },
    capabilities() {
      return { dataValidation: state.dataValidation, invalidCells: state.dataValidation };
    },
  };
  const called = (method: keyof ExcelHost) => calls.filter((c) => c.method === method);
  /** a change in SelfScores, as the host reports it */
  const change = (r: HostResult<CheckResult>) => {
    state.checkResult = r;
    state.watcher?.(r);
  };
  return { host, calls, called, state, change };
}

// ------------------------------------------------------------------------------------------------
// Pure parts: no DOM needed.
// ------------------------------------------------------------------------------------------------

describe('language', () => {
  it.each([
    ['zh-TW', 'zh'],
    ['zh-HK', 'zh'],
    ['zh-CN', 'zh'],
    ['ZH-tw', 'zh'],
    ['zh', 'zh'],
    ['zh_Hant', 'zh'],
    ['en-US', 'en'],
    ['ja-JP', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ])('%s → %s', (display, lang) => {
    expect(langFrom(display)).toBe(lang);
  });

  it('every string exists in both languages, and only Chinese strings are in Chinese', () => {
    const zh = STRINGS.zh as unknown as Record<string, unknown>;
    const en = STRINGS.en as unknown as Record<string, unknown>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const han = /\p{Script=Han}/u;
    for (const key of Object.keys(zh)) {
      const a = zh[key];
      const b = en[key];
      expect(typeof a).toBe(typeof b);
      if (typeof a === 'string' && typeof b === 'string') {
        expect(a.length).toBeGreaterThan(0);
        expect(b.length).toBeGreaterThan(0);
        if (key !== 'htmlLang' && key !== 'listSep') expect(a).toMatch(han);
      }
    }
    // English strings may quote Chinese sheet text (period labels, the example office) but say everything in English
    for (const key of [
      'insert',
      'insertHeading',
      'scoresHeading',
      'trackingHeading',
      'buildTracking',
      'goTo',
      'example',
    ] as const) {
      expect(STRINGS.en[key]).not.toMatch(han);
    }
    expect(STRINGS.zh.entered(3, 12)).toBe('已評 3 / 12');
    expect(STRINGS.en.entered(3, 12)).toBe('Scored 3 of 12');
    expect(STRINGS.zh.h1).toBe('1 月至 6 月');
    expect(STRINGS.zh.h2).toBe('7 月至 12 月');
  });

  it('pick falls back to the other language when one is empty', () => {
    expect(pick(msg('中文', 'English'), 'zh')).toBe('中文');
    expect(pick(msg('中文', 'English'), 'en')).toBe('English');
    expect(pick(msg('中文', ''), 'en')).toBe('中文');
  });
});

describe('insert form', () => {
  const ok = { office: DEFAULT_OFFICE, rocYear: '114', period: 'H1', example: false };

  it('parses with TemplateOptionsSchema', () => {
    expect(parseForm(ok)).toEqual({ ok: true, value: { office: '○○區營業處', rocYear: 114, period: 'H1', example: false } });
    expect(parseForm({ ...ok, office: '  台東區營業處 ', period: 'H2', example: true })).toEqual({
      ok: true,
      value: { office: '台東區營業處', rocYear: 114, period: 'H2', example: true },
    });
  });

  it('reads full-width and padded years', () => {
    expect(yearNumber('１１４')).toBe(114);
    expect(yearNumber(' 114 ')).toBe(114);
    expect(parseForm({ ...ok, rocYear: '１１４' })).toMatchObject({ ok: true, value: { rocYear: 114 } });
  });

  it.each(['', ' ', 'abc', '114年', '0', '-1', '12.5', '301', '1e2'])('rejects the year %p', (year) => {
    expect(parseForm({ ...ok, rocYear: year })).toEqual({ ok: false, errors: { rocYear: 'rocYearError' } });
  });

  it('rejects a blank or long office name and an unknown period, each on its own field', () => {
    expect(parseForm({ ...ok, office: '   ', period: 'H3' })).toEqual({
      ok: false,
      errors: { office: 'officeError', period: 'periodError' },
    });
    expect(parseForm({ ...ok, office: '台'.repeat(41) })).toEqual({ ok: false, errors: { office: 'officeError' } });
  });

  it('defaults: ROC year = Gregorian − 1911, the half that is ending', () => {
    expect(rocYearOf(new Date(2025, 6, 1))).toBe(114);
    expect(periodOf(new Date(2025, 5, 30))).toBe('H1');
    expect(periodOf(new Date(2025, 6, 1))).toBe('H2');
  });
});

describe('view models', () => {
  it('totals and dimension subtotals of the Taitung example', () => {
    const v = scoresView(check(TAITUNG), 'zh');
    expect(v.total).toBe('939');
    expect(v.totalCap).toBe('1000');
    expect(v.entered).toBe('已評 12 / 12');
    expect(v.dimensions.map((d) => `${d.name} ${d.text}`)).toEqual([
      '創新性 285 / 300',
      '效益及影響 381 / 400',
      '可持續性 136 / 150',
      '擴散應用 137 / 150',
    ]);
    expect(v.problems).toEqual([]);
    expect(v.problemCount).toBe('沒有需要修正的分數');
    expect(scoresView(check(TAITUNG), 'en').dimensions[0].label).toBe('Innovation: 285 of 300');
  });

  it('problems carry the message in the pane language and where to go', () => {
    const r = check([150, '９５', XSS]);
    const zh = scoresView(r, 'zh');
    expect(zh.total).toBe('0');
    expect(zh.entered).toBe('已評 0 / 12');
    expect(zh.problems.map((p) => [p.sheet, p.address])).toEqual([
      [SHEET, 'E5'],
      [SHEET, 'E6'],
      [SHEET, 'E7'],
    ]);
    expect(zh.problems[0].message).toBe(r.problems[0].message.zh);
    expect(zh.problems[0].goToLabel).toBe('前往儲存格 考核評分表!E5');
    expect(zh.problems[2].message).toContain(XSS);
    const en = scoresView(r, 'en');
    expect(en.problems[0].message).toBe(r.problems[0].message.en);
    expect(en.problemCount).toBe('3 scores to fix');
  });

  it('decimals show the way the sheet shows them', () => {
    expect(num(94.5)).toBe('94.5');
    expect(num(0.1 + 0.2)).toBe('0.3');
    expect(scoresView(check([94.5, 0.5]), 'en').total).toBe('95');
  });

  it('sheet references quote names with spaces', () => {
    expect(where('考核評分表', 'E5')).toBe('考核評分表!E5');
    expect(where('考核評分表 (2)', 'E5')).toBe("'考核評分表 (2)'!E5");
    expect(where("O'Brien", 'A1')).toBe("'O''Brien'!A1");
  });

  it('the insert report: the host summary, then the renamed sheets and the names kept', () => {
    expect(insertReportView(REPORT, 'zh')).toEqual({
      summary: '已插入 4 張工作表。',
      lines: [
        { label: '已改名（原名稱已被使用）', value: '考核評分表 → 考核評分表 (2)' },
        { label: '保留原有的已定義名稱', value: 'SelfScores' },
      ],
    });
    expect(insertReportView({ ...REPORT, renamed: [], namesKept: [] }, 'en')).toEqual({
      summary: 'Inserted 4 sheets.',
      lines: [],
    });
    expect(
      insertReportView({ ...REPORT, renamed: ['plan', 'tracking'], namesKept: ['Findings', 'TotalScore'] }, 'en').lines
    ).toEqual([
      { label: 'Renamed (the name was taken)', value: 'Plan → 執行計畫, Tracking → 改善追蹤' },
      { label: 'Existing defined names kept', value: 'Findings, TotalScore' },
    ]);
  });

  it('the tracking report', () => {
    expect(trackReportView(TRACK, 'en')).toEqual({
      summary: 'The tracking sheet has 3 rows.',
      lines: [
        { label: 'Sheet', value: '改善追蹤 (created), 3 rows' },
        { label: '1. 創新性-提供在地化及客製化關懷服務', value: '補充人力' },
        { label: '4. 效益及影響-提供在地化及客製化關懷服務', value: XSS },
        { label: '7. 可持續性-提供在地化及客製化關懷服務', value: '多元訓練（彙整表已無此建議（保留））' },
      ],
    });
    expect(trackReportView({ ...TRACK, created: false, rows: 1 }, 'zh').lines[0].value).toBe('改善追蹤（已更新），共 1 列');
  });
});

// ------------------------------------------------------------------------------------------------
// The mounted pane: needs a DOM (jsdom).
// ------------------------------------------------------------------------------------------------

describe('mounted pane (fake host)', () => {
  let root: HTMLElement;
  beforeEach(() => {
    document.body.replaceChildren();
    root = document.createElement('main');
    document.body.appendChild(root);
  });

  const flush = () => new Promise((r) => setTimeout(r, 0));
  const byText = (sel: string, text: string) =>
    [...root.querySelectorAll<HTMLElement>(sel)].find((e) => (e.textContent ?? '').trim() === text);
  const texts = (sel: string) => [...root.querySelectorAll(sel)].map((e) => (e.textContent ?? '').trim());
  const input = (label: string) => {
    const l = [...root.querySelectorAll('label')].find((e) => (e.textContent ?? '').trim().startsWith(label));
    if (!l) throw new Error(`no label ${label}`);
    const el = root.ownerDocument.getElementById(l.htmlFor);
    if (!(el instanceof HTMLInputElement)) throw new Error(`label ${label} is tied to no input`);
    return el;
  };
  const submit = () => {
    const form = root.querySelector('form')!;
    form.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
  };

  async function mount(lang: 'zh' | 'en', fake = fakeHost()) {
    const pane = mountPane(root, fake.host, lang, { now: new Date(2025, 6, 15) });
    await pane.ready;
    return { pane, fake };
  }

  it('on load: watches, checks once, and shows totals, subtotals and the count scored', async () => {
    const { fake } = await mount('zh');
    expect(fake.called('watchScores')).toHaveLength(1);
    expect(fake.called('check')).toHaveLength(1);
    expect(root.querySelector('.total-value')!.textContent).toBe('939');
    expect(root.querySelector('.total-cap')!.textContent).toBe('/ 1000');
    expect(root.querySelector('.total')!.getAttribute('aria-live')).toBe('polite');
    expect(texts('.dim-row .dim-name')).toEqual(['創新性', '效益及影響', '可持續性', '擴散應用']);
    expect(texts('.dim-score')).toEqual(['285 / 300', '381 / 400', '136 / 150', '137 / 150']);
    expect(root.querySelector('.entered')!.textContent).toBe('已評 12 / 12');
    expect(root.querySelectorAll('.problem')).toHaveLength(0);
    expect(root.querySelector('.ok')!.hasAttribute('hidden')).toBe(false);
    expect(document.documentElement.lang).toBe('zh-TW');
    // headings and labelled sections
    expect(texts('h2')).toEqual(['插入範本', '分數', '追蹤表']);
    for (const s of root.querySelectorAll('section'))
      expect(document.getElementById(s.getAttribute('aria-labelledby')!)).not.toBeNull();
  });

  it('defaults: office ○○區營業處, ROC year, period', async () => {
    await mount('zh');
    expect(input('區營業處名稱').value).toBe('○○區營業處');
    expect(input('年度').value).toBe('114');
    expect(input('7 月至 12 月').checked).toBe(true);
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
    await flush();
    expect(fake.called('select').map((c) => c.args)).toEqual([[SHEET, 'E9']]);
    // the totals count valid scores only, like the sheet's formulas
    expect(root.querySelector('.total-value')!.textContent).toBe('318');
    expect(root.querySelector('.entered')!.textContent).toBe('已評 3 / 12');
    expect(root.querySelector('.ok')!.hasAttribute('hidden')).toBe(true);
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
    expect(document.activeElement).toBe(root.querySelector('.card-scores h3'));
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
    expect(root.querySelector('.problem-message')!.textContent).toContain(XSS);
    byText('button', '建立追蹤表')!.click();
    await flush();
    expect(root.querySelector('.card-tracking .report-summary')!.textContent).toBe(`建議：${XSS}`);
    // The rows built, suggestion text included, are listed as text.
    const dds = [...root.querySelectorAll('.card-tracking dd')].map((d) => d.textContent);
    expect(dds).toContain(XSS);
    fake.change({ ok: false, error: msg(`錯誤 ${XSS}`, `error ${XSS}`) });
    expect(root.querySelector('[role="alert"]')!.textContent).toContain(XSS);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect(root.innerHTML).not.toContain('<img');
  });

  it('speaks English when asked, with the same data', async () => {
    await mount('en');
    expect(document.documentElement.lang).toBe('en');
    expect(texts('h2')).toEqual(['Insert templates', 'Scores', 'Tracking']);
    expect(texts('.dim-name')).toEqual(['Innovation', 'Benefit and impact', 'Sustainability', 'Diffusion and reuse']);
    expect(root.querySelector('.entered')!.textContent).toBe('Scored 12 of 12');
    expect(byText('button', 'Build tracking sheet')).toBeDefined();
    expect(input('Fill with the example')).toBeDefined();
  });

  it('an invalid year shows an inline error tied to the field and does not insert', async () => {
    const { fake } = await mount('en');
    const year = input('Year (ROC)');
    year.value = '12.5';
    submit();
    await flush();
    expect(fake.called('insertTemplates')).toHaveLength(0);
    expect(year.getAttribute('aria-invalid')).toBe('true');
    const described = year
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)!);
    expect(described.map((e) => e.textContent)).toContain(STRINGS.en.rocYearError);
    expect(document.activeElement).toBe(year);
    // fixing it clears the error; submitting inserts
    year.value = '114';
    year.dispatchEvent(new Event('input', { bubbles: true }));
    expect(year.hasAttribute('aria-invalid')).toBe(false);
    submit();
    await flush();
    await flush();
    expect(fake.called('insertTemplates').map((c) => c.args[0])).toEqual([
      { office: '○○區營業處', rocYear: 114, period: 'H2', example: false },
    ]);
  });

  it('two panes in one document keep their own ids', async () => {
    const first = mountPane(root, fakeHost().host, 'en');
    const other = document.createElement('main');
    document.body.appendChild(other);
    const second = mountPane(other, fakeHost().host, 'en');
    await Promise.all([first.ready, second.ready]);
    const year = root.querySelector<HTMLInputElement>('input[name="rocYear"]')!;
    year.value = '';
    submit();
    const described = year.getAttribute('aria-describedby')!.split(' ');
    for (const id of described) expect(root.querySelector(`#${id}`)).not.toBeNull();
    expect(root.querySelector(`label[for="${year.id}"]`)).not.toBeNull();
    expect(other.querySelector(`#${year.id}`)).toBeNull();
  });

  it('insert: buttons disabled and section busy while it runs, then the report and a fresh check', async () => {
    const fake = fakeHost();
    let open!: () => void;
    fake.state.gate = new Promise<void>((r) => (open = r));
    await mount('zh', fake);
    input('填入範例').checked = true;
    input('1 月至 6 月').checked = true;
    const button = byText('button', '插入範本')!;
    submit();
    await flush();
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect((byText('button', '建立追蹤表') as HTMLButtonElement).disabled).toBe(true);
    expect(root.querySelector('.card-insert')!.getAttribute('aria-busy')).toBe('true');
    submit(); // ignored while busy
    open();
    await flush();
    await flush();
    expect(fake.called('insertTemplates')).toHaveLength(1);
    expect(fake.called('insertTemplates')[0].args[0]).toMatchObject({ period: 'H1', example: true });
    expect((button as HTMLButtonElement).disabled).toBe(false);
    expect(button.textContent).toBe('插入範本');
    expect(root.querySelector('.card-insert')!.hasAttribute('aria-busy')).toBe(false);
    const report = root.querySelector('.card-insert .report')!;
    expect(report.textContent).toContain('已插入 4 張工作表。');
    expect(report.textContent).toContain('考核評分表 → 考核評分表 (2)');
    expect(report.textContent).toContain('SelfScores');
    expect(fake.called('check')).toHaveLength(2);
  });

  it('errors show as an alert in the pane language, and can be dismissed', async () => {
    const fake = fakeHost({ ok: false, error: msg('找不到 SelfScores。', 'SelfScores was not found.') });
    fake.state.trackResult = { ok: false, error: msg('找不到 Findings。', 'Findings was not found.') };
    await mount('en', fake);
    const alerts = () => [...root.querySelectorAll('[role="alert"]')].map((e) => e.textContent);
    expect(alerts()).toEqual([expect.stringContaining('SelfScores was not found.')]);
    byText('button', 'Build tracking sheet')!.click();
    await flush();
    expect(alerts()).toHaveLength(2);
    expect(alerts()[1]).toContain('Findings was not found.');
    root.querySelector<HTMLButtonElement>('.card-tracking .msgbar-dismiss')!.click();
    expect(alerts()).toHaveLength(1);
    // a thrown error (not a HostResult) is shown too, and the pane keeps working
    fake.state.insertError = new Error('boom');
    submit();
    await flush();
    await flush();
    expect(alerts().some((t) => t!.includes('Something went wrong: boom'))).toBe(true);
    expect((byText('button', 'Insert templates') as HTMLButtonElement).disabled).toBe(false);
  });

  it('after inserting templates into a fresh workbook it watches again and shows the new scorecard', async () => {
    const missing = msg('找不到定義名稱 SelfScores。', 'The workbook has no defined name SelfScores.');
    const fake = fakeHost({ ok: false, error: missing });
    await mount('zh', fake);
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('找不到定義名稱 SelfScores');
    expect(root.querySelector('.total-value')!.textContent).toBe('—');
    expect(root.querySelector('.card-scores h3')!.hasAttribute('hidden')).toBe(true);
    fake.state.checkResult = { ok: true, value: check([]) };
    submit();
    await flush();
    await flush();
    expect(fake.state.stopped).toBe(1);
    expect(fake.called('watchScores')).toHaveLength(2);
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelector('.total-value')!.textContent).toBe('0');
    expect(root.querySelector('.entered')!.textContent).toBe('已評 0 / 12');
    fake.change({ ok: true, value: check([100]) });
    expect(root.querySelector('.total-value')!.textContent).toBe('100');
  });

  it('a slow first check never overwrites a newer change', async () => {
    const fake = fakeHost();
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const plain = fake.host.check.bind(fake.host);
    const stale = { ok: true as const, value: check([1]) };
    fake.host.check = async () => {
      await slow;
      await plain();
      return stale;
    };
    const pane = mountPane(root, fake.host, 'zh');
    await flush();
    fake.change({ ok: true, value: check([100]) });
    release();
    await pane.ready;
    expect(root.querySelector('.total-value')!.textContent).toBe('100');
  });

  it('warns when Excel has no data validation; dispose stops watching', async () => {
    const fake = fakeHost();
    fake.state.dataValidation = false;
    const { pane } = await mount('zh', fake);
    expect(root.querySelector('.msgbar-warning')!.textContent).toContain('ExcelApi 1.8');
    await pane.dispose();
    expect(fake.state.stopped).toBe(1);
    expect(root.childElementCount).toBe(0);
  });

  it('keyboard: every control is a native, labelled control; Enter in a field submits', async () => {
    const { fake } = await mount('zh');
    for (const el of root.querySelectorAll('input')) {
      expect(root.querySelector(`label[for="${el.id}"]`)).not.toBeNull();
    }
    for (const b of root.querySelectorAll('button')) expect(b.getAttribute('type')).toMatch(/^(button|submit)$/);
    expect(root.querySelectorAll('[tabindex]:not([tabindex="-1"])')).toHaveLength(0);
    submit();
    await flush();
    await flush();
    expect(fake.called('insertTemplates')).toHaveLength(1);
  });
});
