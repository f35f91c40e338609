/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * (Node's export conditions: ExcelJS, which writes the fixtures here, needs uuid's CommonJS build.)
 *
 * The review card of the mounted pane in jsdom: File objects made from real .xlsx bytes (written by the xlsx
 * adapter from the product's own templates), a broken file, a lock file; read by the real review chunk (passed
 * as the loader: jest cannot fetch a webpack chunk); the review operation run on an in-memory workbook in place
 * of Excel. test/browser/pane.browser.test.ts runs the same through the built pane in Chromium.
 */
import { TextDecoder } from 'util';
import type { Counted, HostResult } from '../../src/adapters/office/api';
import { newBook, runOnBook, saveBook } from '../../src/adapters/xlsx';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { UserError, msg, type Message } from '../../src/domain/message';
import type { Unreadable, WorkbookFacts } from '../../src/domain/reviewTypes';
import { inspect } from '../../src/operations/inspect';
import { insertTemplates } from '../../src/operations/insertTemplates';
import type { ReviewOutcome } from '../../src/operations/review';
import { mountPane } from '../../src/taskpane/pane';
import { EXAMPLE_INPUT } from '../support/books';
import { ooxmlViolations, requireOoxmlValidator } from '../support/ooxml';
import { XSS, fakeHost } from './fakeHost';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NOT_A_WORKBOOK = Buffer.from('this is not a workbook, only text saved as .xlsx');

/** the example workbook (Taitung's scores, 939) for an office */
async function scorecardBytes(office: string): Promise<Buffer> {
  const book = newBook();
  const r = runOnBook(book, insertTemplates, { ...EXAMPLE_INPUT, office });
  if (!r.ok) throw new Error(r.error.en);
  return saveBook(book);
}

let TAITUNG: Buffer;
let TAIPEI: Buffer;
/** the review chunk, as the pane's loader gives it */
let chunk: typeof import('../../src/adapters/office/reviewFiles');
let quickSnapshot: typeof import('../../src/adapters/xlsx/quickRead').quickSnapshot;
beforeAll(async () => {
  // Browsers have TextDecoder, which the reader uses; jsdom does not, so Node's stands in.
  if (typeof globalThis.TextDecoder === 'undefined') Object.assign(globalThis, { TextDecoder });
  chunk = await import('../../src/adapters/office/reviewFiles.js');
  ({ quickSnapshot } = await import('../../src/adapters/xlsx/quickRead.js'));
  [TAITUNG, TAIPEI] = await Promise.all([scorecardBytes('台東區營業處'), scorecardBytes('台北區營業處')]);
});

const file = (bytes: Uint8Array, name: string) =>
  new File([new Uint8Array(bytes)], name, { type: name.endsWith('.xlsx') ? XLSX : '' });
/** what the reader itself says of a file it cannot read */
function readerSays(bytes: Uint8Array, name: string): Message {
  try {
    quickSnapshot(bytes, name, inspect.needs({ rubric: RUBRIC_114, file: name }));
  } catch (e) {
    if (e instanceof UserError) return e.detail;
    throw e;
  }
  throw new Error(`${name} was readable`);
}

let root: HTMLElement;
beforeEach(() => {
  document.body.replaceChildren();
  root = document.createElement('main');
  document.body.appendChild(root);
});

const $ = <E extends Element = HTMLElement>(sel: string) => root.querySelector<E>(sel);
const texts = (sel: string) => [...root.querySelectorAll(sel)].map((e) => (e.textContent ?? '').trim());
const buttonNamed = (text: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => (b.textContent ?? '').trim() === text)!;
async function until(ok: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

type ReviewInput = { rubric: unknown; facts: WorkbookFacts[]; unreadable: Unreadable[] };

/**
 * The pane on a fake host whose review runs on a real in-memory workbook (the open workbook, with its Sheet1),
 * and a loader that counts its calls.
 */
async function mount(lang: 'zh' | 'en' = 'zh', answer?: HostResult<ReviewOutcome>) {
  const fake = fakeHost();
  const open = newBook();
  open.wb.addWorksheet('Sheet1');
  const reviews: ReviewInput[] = [];
  let gate: Promise<void> | null = null;
  const run = fake.host.run.bind(fake.host);
  fake.host.run = (async (op, input) => {
    if (op.id !== chunk.reviewWorkbooks.id) return run(op, input);
    reviews.push(input as ReviewInput);
    if (gate) await gate;
    if (answer) return { ...answer, syncs: 2 };
    const r = runOnBook(open, op, input);
    return (r.ok ? { ok: true, value: r.value, syncs: 2 } : { ...r, syncs: 1 }) as Counted<HostResult<unknown>>;
  }) as typeof fake.host.run;
  const loader = jest.fn(async () => chunk);
  const pane = mountPane(root, fake.host, lang, { rubric: RUBRIC_114, loaders: { review: loader } });
  await pane.ready;
  return {
    fake,
    open,
    reviews,
    loader,
    hold: () => {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => release();
    },
  };
}

const fileInput = () => $<HTMLInputElement>('.card-review input[type="file"]')!;
/** what the browser does when the user has chosen files in the picker */
function choose(files: File[]): void {
  const input = fileInput();
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
const done = () => until(() => !$('.card-review')!.hasAttribute('aria-busy'), 'the review to finish');
const reviewButton = (lang: 'zh' | 'en' = 'zh') => buttonNamed(lang === 'zh' ? '審閱多本活頁簿…' : 'Review workbooks…');

describe('review card: picking workbooks reviews them into the open workbook', () => {
  it('is a keyboard-reachable button that opens a hidden multi-file .xlsx picker; the chunk loads only when it is used', async () => {
    const { loader, reviews } = await mount();
    expect(texts('h2')).toContain('審閱');
    const button = reviewButton();
    expect(button.type).toBe('button');
    expect(document.getElementById(button.getAttribute('aria-describedby')!)!.textContent).toContain('不會上傳');
    const input = fileInput();
    expect(input.type).toBe('file');
    expect(input.multiple).toBe(true);
    expect(input.accept).toBe('.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(input.hidden).toBe(true);
    expect(loader).not.toHaveBeenCalled();

    const opened = jest.spyOn(input, 'click').mockImplementation(() => undefined);
    button.focus();
    button.click(); // Enter or Space on a focused <button> is a click
    expect(opened).toHaveBeenCalledTimes(1);
    expect(loader).toHaveBeenCalledTimes(1); // fetched while the user chooses
    // the user cancels: nothing happens
    choose([]);
    await new Promise((r) => setTimeout(r, 20));
    expect(reviews).toHaveLength(0);
    expect($('.card-review .report')!.textContent).toBe('');
  });

  it('reads each file (skipping ~$ lock files), with progress, and runs the review with the facts and the unreadable', async () => {
    const { reviews, loader, open, fake, hold } = await mount();
    const progress: string[] = [];
    const seen = new MutationObserver(() => {
      const p = $('.card-review .review-progress');
      if (p && progress[progress.length - 1] !== p.textContent) progress.push(p.textContent ?? '');
    });
    seen.observe($('.card-review .report')!, { childList: true, subtree: true, characterData: true });
    const release = hold();
    choose([
      file(TAITUNG, '台東-114-H1.xlsx'),
      file(new Uint8Array([0x0c, 0x61, 0x64, 0x6d, 0x69, 0x6e]), '~$台東-114-H1.xlsx'),
      file(NOT_A_WORKBOOK, 'broken.xlsx'),
      file(TAIPEI, '台北-114-H1.xlsx'),
    ]);
    await until(() => reviews.length === 1, 'the review to run');
    // while it runs: one at a time
    expect(buttonNamed('審閱多本活頁簿…')).toBeUndefined(); // the button says what it is doing instead
    expect(buttonNamed('正在審閱…').disabled).toBe(true);
    expect(buttonNamed('建立追蹤表').disabled).toBe(true);
    expect($('.card-review')!.getAttribute('aria-busy')).toBe('true');
    release();
    await done();
    seen.disconnect();

    expect(progress).toEqual(['讀取中 1 / 3…', '讀取中 2 / 3…', '讀取中 3 / 3…', '正在寫入審閱工作表…']);
    expect(loader).toHaveBeenCalledTimes(1);
    const [input] = reviews;
    expect(input.rubric).toBe(RUBRIC_114);
    expect(input.facts.map((f) => [f.file, f.office, f.year, f.period, f.total, f.entered])).toEqual([
      ['台東-114-H1.xlsx', '台東區營業處', 114, 'H1', 939, 12],
      ['台北-114-H1.xlsx', '台北區營業處', 114, 'H1', 939, 12],
    ]);
    expect(input.unreadable).toEqual([{ file: 'broken.xlsx', message: readerSays(NOT_A_WORKBOOK, 'broken.xlsx') }]);
    // other actions were not run, and the review sheets were added to the open workbook
    expect(fake.ran('track')).toHaveLength(0);
    expect(open.wb.worksheets.length).toBeGreaterThan(1);
    expect(open.wb.worksheets[0].name).toBe('Sheet1');

    // the outcome: how many were read, the unreadable with their reasons, the flags
    expect($('.card-review .review-locks')!.textContent).toBe('略過 1 個 Excel 暫存檔（檔名以 ~$ 開頭）');
    expect(texts('.card-review .review-unreadable .review-file')).toEqual(['broken.xlsx']);
    expect(texts('.card-review .review-unreadable .review-reason')).toEqual([readerSays(NOT_A_WORKBOOK, 'broken.xlsx').zh]);
    const outcome = runOnBook(newBook(), chunk.reviewWorkbooks, {
      rubric: RUBRIC_114,
      facts: input.facts,
      unreadable: input.unreadable,
    });
    if (!outcome.ok) throw new Error(outcome.error.en);
    expect(outcome.value.review.flags.length).toBeGreaterThan(0); // two offices with the same twelve scores
    expect(texts('.card-review .review-flags li')).toEqual(outcome.value.review.flags.map((f) => f.message.zh));
    expect(texts('.card-review h3')).toEqual(['無法讀取（1）', `評分疑點（${outcome.value.review.flags.length}）`]);
    expect($('.card-review .report-summary')!.textContent).toBe(outcome.value.summary.zh);
    expect(outcome.value.summary.zh).toContain('已檢閱 2 份活頁簿，另有 1 份無法讀取');
    expect($('.card-review [role="alert"]')).toBeNull();
    expect(reviewButton().disabled).toBe(false);
    expect(fileInput().value).toBe('');
  });

  it('the review workbook it wrote is a valid package', async () => {
    if (!requireOoxmlValidator('review card: written workbook')) return;
    const { open, reviews } = await mount();
    choose([file(TAITUNG, 'a.xlsx'), file(TAIPEI, 'b.xlsx')]);
    await done();
    expect(reviews).toHaveLength(1);
    expect(await ooxmlViolations(await saveBook(open))).toEqual([]);
  });

  it('an unreadable file is listed with its reason as text: a name that looks like markup stays text', async () => {
    const { reviews } = await mount('en');
    const name = `${XSS}.xlsx`;
    choose([file(TAITUNG, 'taitung.xlsx'), file(NOT_A_WORKBOOK, name)]);
    await done();
    expect(reviews[0].unreadable.map((u) => u.file)).toEqual([name]);
    expect(texts('.card-review .review-unreadable .review-file')).toEqual([name]);
    const reason = readerSays(NOT_A_WORKBOOK, name).en;
    expect(texts('.card-review .review-unreadable .review-reason')).toEqual([reason]);
    expect($('.card-review .report-summary')!.textContent).toContain('Reviewed 1 workbook(s); 1 could not be read');
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect(root.innerHTML).not.toContain('<img');
  });

  it('nothing readable: the reasons are listed, an error says nothing was written, and Excel is not asked', async () => {
    const { reviews } = await mount();
    choose([file(NOT_A_WORKBOOK, 'a.xlsx'), file(NOT_A_WORKBOOK, 'b.xlsx')]);
    await done();
    expect(reviews).toHaveLength(0);
    expect(texts('.card-review .review-unreadable .review-file')).toEqual(['a.xlsx', 'b.xlsx']);
    expect($('.card-review .report-summary')!.textContent).toBe('已讀取 0 本活頁簿，2 本無法讀取');
    expect($('.card-review [role="alert"]')!.textContent).toContain('沒有寫入審閱工作表');
  });

  it('only lock files: says what to pick, reads nothing', async () => {
    const { reviews, loader } = await mount('en');
    choose([file(new Uint8Array([1, 2, 3]), '~$a.xlsx')]);
    await done();
    expect(reviews).toHaveLength(0);
    expect(loader).not.toHaveBeenCalled();
    expect($('.card-review [role="alert"]')!.textContent).toContain('No workbook was picked');
  });

  it('when Excel refuses the review, its reason is shown; what was read is still listed', async () => {
    const { reviews } = await mount('en', { ok: false, error: msg(`無法寫入 ${XSS}`, `Cannot write ${XSS}`) });
    choose([file(TAITUNG, 'a.xlsx'), file(NOT_A_WORKBOOK, 'b.xlsx')]);
    await done();
    expect(reviews).toHaveLength(1);
    expect($('.card-review [role="alert"]')!.textContent).toContain(`Cannot write ${XSS}`);
    expect($('.card-review .report-summary')!.textContent).toBe('Read 1 workbook; 1 could not be read');
    expect(texts('.card-review .review-unreadable .review-file')).toEqual(['b.xlsx']);
    expect(document.querySelectorAll('img')).toHaveLength(0);
  });

  it('a chunk that fails to load is reported, and fetched again on the next try', async () => {
    const fake = fakeHost();
    const loader = jest.fn().mockRejectedValueOnce(new Error('Loading chunk review failed')).mockResolvedValue(chunk);
    mountPane(root, fake.host, 'en', { rubric: RUBRIC_114, loaders: { review: loader } });
    choose([file(NOT_A_WORKBOOK, 'a.xlsx')]);
    await done();
    expect($('.card-review [role="alert"]')!.textContent).toContain('Loading chunk review failed');
    choose([file(NOT_A_WORKBOOK, 'a.xlsx')]);
    await done();
    expect(loader).toHaveBeenCalledTimes(2);
    expect(texts('.card-review .review-unreadable .review-file')).toEqual(['a.xlsx']);
  });
});
