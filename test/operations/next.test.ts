/**
 * The next period: the decision on snapshots (pure), then through the .xlsx host on the example workbook, read back
 * by check, track and inspect, validated, and recalculated by LibreOffice (the earlier period keeps its own numbers).
 */
import * as fs from 'fs';
import { parseRange } from '../../src/domain/a1';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { flatten } from '../../src/domain/rubric';
import { STATUS } from '../../src/domain/tracking';
import { type XlsxBook, loadBook, newBook, runOnBook, saveBook } from '../../src/adapters/xlsx';
import { readSnapshot } from '../../src/adapters/xlsx/snapshot';
import { DONE, DONE_HEADER, IN_PROGRESS, NAMES, PLAN_HEADER, SHEET_NAMES, TRACKING_HEADER } from '../../src/contract';
import { check, insertTemplates, nextPeriod, track, type NextOutcome } from '../../src/operations';
import { inspect } from '../../src/operations/inspect';
import type { Edit, Snapshot } from '../../src/operations/types';
import { BLANK_PLAN_ROWS } from '../../src/layouts/plan';
import type { SheetLayout } from '../../src/layouts/types';
import { buildWorkbook } from '../../src/layouts/workbook';
import { EXAMPLES } from '../../src/examples';
import { copyBook, dumpBook, dumpFake, onBothHosts, seedFake } from '../support/twoHosts';
import { createOfficeHost } from '../../src/adapters/office/host';
import { BLANK_INPUT, EXAMPLE_INPUT, exampleBook, sheetOf } from '../support/books';
import {
  LIBREOFFICE_TEST_TIMEOUT_MS,
  formulaErrors,
  recalcAndRead,
  requireLibreOffice,
  uniqueTempPath,
} from '../support/libreoffice';
import { ooxmlViolations, requireOoxmlValidator } from '../support/ooxml';

const rubric = RUBRIC_114;
const flat = flatten(rubric);
const input = { rubric };

const snap = (book: XlsxBook): Snapshot => readSnapshot(book, nextPeriod.needs(input));
function decided(book: XlsxBook) {
  const d = nextPeriod.decide(snap(book), input);
  if (!d.ok) throw new Error(d.error.en);
  return d;
}
const layouts = (edits: Edit[]) =>
  edits
    .flatMap((e) => (e.kind === 'addSheet' ? [e.layout] : []))
    .reduce<Record<string, SheetLayout>>((m, l) => ((m[l.key] = l), m), {});
const tableOf = (l: SheetLayout, name: string) => {
  const r = parseRange(l.names.find((n) => n.name === name)!.range);
  return { r, rows: l.rows.slice(r.top - 1, r.bottom) };
};

const H2_SHEETS = {
  plan: '執行計畫 114年下半年',
  scorecard: '考核評分表 114年下半年',
  summary: '彙整表 114年下半年',
  tracking: '改善追蹤 114年下半年',
};
const OLD = Object.values(SHEET_NAMES);
const origin = (y: number, half: string) => `延續自 ${y} 年 ${half}`;

/**
 * The example (114 H1) as staff left it: item 1 done, item 4's progress moved on, item 7 withdrawn, item 11 carried
 * once before, and a row staff added without 項目代碼 (item 2) under the table.
 */
function workedH1(): XlsxBook {
  const book = exampleBook();
  const t = sheetOf(book, SHEET_NAMES.tracking);
  expect(t.getCell('H4').value).toBe(DONE_HEADER);
  t.getCell('H5').value = DONE;
  t.getCell('C6').value = '7 月已完成 20 戶訪談。';
  t.getCell('H6').value = IN_PROGRESS;
  t.getCell('E7').value = STATUS.orphan;
  t.getCell('D8').value = `${origin(113, '7 月至 12 月')}；原列管`;
  t.getCell('A9').value = flat[1].label.zh;
  t.getCell('B9').value = '簡化線上申辦流程。';
  t.getCell('C9').value = '已完成需求訪談。';
  return book;
}

describe('nextPeriod: the decision', () => {
  it('H1 → H2 of the same year: the earlier sheets keep every name sheet-scoped first, then four new sheets', () => {
    const d = decided(exampleBook());
    const r: NextOutcome = d.result;
    expect(r.from).toEqual({ office: '台東區營業處', rocYear: 114, period: 'H1' });
    expect(r.to).toEqual({ office: '台東區營業處', rocYear: 114, period: 'H2' });
    expect(r.sheets).toEqual(H2_SHEETS);
    expect([...r.kept].sort()).toEqual(Object.values(NAMES).sort());
    const local = d.plan.edits.filter((e): e is Extract<Edit, { kind: 'localName' }> => e.kind === 'localName');
    const added = d.plan.edits.filter((e) => e.kind === 'addSheet');
    // every localName before any addSheet: the new sheets' names replace the workbook-scoped ones after
    expect(d.plan.edits.map((e) => e.kind)).toEqual([...local.map(() => 'localName'), ...added.map(() => 'addSheet')]);
    expect(local).toHaveLength(OLD.length * Object.keys(NAMES).length);
    for (const scope of OLD) {
      const on = local.filter((e) => e.scope === scope);
      expect(on.map((e) => e.name.name).sort()).toEqual(Object.values(NAMES).sort());
      expect(on.find((e) => e.name.name === NAMES.selfScores)).toMatchObject({ sheet: '考核評分表', name: { range: 'E5:E16' } });
      expect(on.find((e) => e.name.name === NAMES.tracking)).toMatchObject({ sheet: '改善追蹤', name: { range: 'A4:G8' } });
    }
    expect(added.map((e) => e.kind === 'addSheet' && e.layout.name)).toEqual(Object.values(H2_SHEETS));
    // the new sheets carry every contract name, so the workbook-scoped ones move to them
    const l = layouts(d.plan.edits);
    expect(
      Object.values(l)
        .flatMap((x) => x.names.map((n) => n.name))
        .sort()
    ).toEqual(Object.values(NAMES).sort());
    expect(l.scorecard.rows[2].filter((v) => v !== null)).toEqual(expect.arrayContaining(['台東區營業處', 114, 'H2']));
    expect(r.summary.zh).toContain('114 年度 1 月至 6 月 → 台東區營業處 114 年度 7 月至 12 月');
    expect(r.summary.en).toContain('ROC year 114, January–June → ROC year 114, July–December');
    expect(r.summary.zh).toContain(`延續 ${r.carried} 項`);
  });

  it('H2 → H1 of the next year', () => {
    const book = exampleBook();
    sheetOf(book, '考核評分表').getCell('F3').value = 'H2';
    const r = decided(book).result;
    expect([r.from.rocYear, r.from.period, r.to.rocYear, r.to.period]).toEqual([114, 'H2', 115, 'H1']);
    expect(r.sheets.scorecard).toBe('考核評分表 115年上半年');
    expect(r.summary.en).toContain('→ ROC year 115, January–June');
  });

  it('the plan is carried as it is: the same rows, merged again, under the same title, date and sections', () => {
    const l = layouts(decided(exampleBook()).plan.edits);
    const example = buildWorkbook(EXAMPLE_INPUT).sheets[0];
    const was = tableOf(example, NAMES.planActions);
    const now = tableOf(l.plan, NAMES.planActions);
    expect(now.rows).toEqual(was.rows);
    const shift = (m: string, by: number) => m.replace(/\d+/g, (n) => String(Number(n) + by));
    const inTable = (ms: string[], r: { top: number; bottom: number }) =>
      ms.filter((m) => parseRange(m).top > r.top && parseRange(m).bottom <= r.bottom);
    expect(inTable(l.plan.merges, now.r)).toEqual(inTable(example.merges, was.r).map((m) => shift(m, now.r.top - was.r.top)));
    expect(inTable(l.plan.merges, now.r).length).toBe(14);
    // the example's plan is the Taipei office's: its own title and date, every section word for word
    expect(l.plan.rows[0][0]).toBe('台電公司台北市區營業處114年度提升服務效能執行計畫');
    expect(l.plan.rows).toEqual(example.rows);
    expect(l.plan.merges).toEqual(example.merges);
    expect(l.plan.rowHeights).toEqual(example.rowHeights);
  });

  it('a date deadline stays a date; a workbook without PlanActions gets a blank plan and a note', () => {
    const book = exampleBook();
    sheetOf(book, '執行計畫').getCell('E15').value = 45838;
    const l = layouts(decided(book).plan.edits);
    expect(tableOf(l.plan, NAMES.planActions).rows[1][4]).toBe(45838);

    book.names = book.names.filter((n) => n.name !== NAMES.planActions);
    const d = decided(book);
    expect(
      tableOf(layouts(d.plan.edits).plan, NAMES.planActions)
        .rows.slice(1)
        .every((r) => r.every((v) => v === null))
    ).toBe(true);
    expect(tableOf(layouts(d.plan.edits).plan, NAMES.planActions).rows).toHaveLength(BLANK_PLAN_ROWS + 1);
    expect(d.result.summary.zh).toContain('沒有執行計畫表（定義名稱 PlanActions）');
    expect(d.result.summary.en).toContain('the new plan is blank');
    expect(d.result.kept).not.toContain(NAMES.planActions);
  });

  it('tracking carries exactly the improvements not done, with progress and origin, 辦理中, and no 項目代碼', () => {
    const d = decided(workedH1());
    expect(d.result.carried).toBe(3);
    const { rows } = tableOf(layouts(d.plan.edits).tracking, NAMES.tracking);
    expect(rows[0]).toEqual([...TRACKING_HEADER, DONE_HEADER]);
    const tracking = layouts(d.plan.edits).tracking;
    const withDone = tracking.rows.slice(4, 7);
    expect(withDone).toEqual([
      [
        flat[3].label.zh,
        EXAMPLES.scorecard.findings[3].suggestion,
        '7 月已完成 20 戶訪談。',
        origin(114, '1 月至 6 月'),
        null,
        null,
        null,
        IN_PROGRESS,
      ],
      [
        flat[10].label.zh,
        EXAMPLES.scorecard.findings[10].suggestion,
        EXAMPLES.scorecard.findings[10].progress,
        `${origin(113, '7 月至 12 月')}；原列管`,
        null,
        null,
        null,
        IN_PROGRESS,
      ],
      [flat[1].label.zh, '簡化線上申辦流程。', '已完成需求訪談。', origin(114, '1 月至 6 月'), null, null, null, IN_PROGRESS],
    ]);
    // the new summary's findings start blank: no suggestion, and progress only by 項目代碼 (none carried)
    const summary = layouts(d.plan.edits).summary;
    const f = tableOf(summary, NAMES.findings);
    expect(f.rows.slice(1).every((r) => r.slice(1, 4).every((v) => v === null))).toBe(true);
    expect(f.rows.slice(1).map((r) => (r[4] as { result?: string }).result)).toEqual(flat.map(() => ''));
    expect(
      layouts(d.plan.edits)
        .scorecard.rows.slice(4, 16)
        .map((r) => r[4])
    ).toEqual(flat.map(() => null));
  });

  it('a taken sheet name gets a free variant', () => {
    const book = exampleBook();
    book.wb.addWorksheet(H2_SHEETS.scorecard);
    expect(decided(book).result.sheets.scorecard).toBe(`${H2_SHEETS.scorecard} (2)`);
  });

  it('refuses, saying what to do, a workbook without SelfScores or one that does not say its year and half', () => {
    const bare: Snapshot = { sheets: ['工作表1'], names: [], ranges: {}, below: {} };
    const none = nextPeriod.decide(bare, input);
    expect(none.ok).toBe(false);
    if (none.ok) return;
    expect(none.error.zh).toMatch(/沒有定義名稱 SelfScores.*請先插入範本.*使用我現有的工作表.*scorecard adopt/);
    expect(none.error.en).toMatch(
      /no defined name SelfScores.*Insert the templates, or set up .*Use my existing sheet.*scorecard adopt/
    );

    const book = exampleBook();
    sheetOf(book, '考核評分表').getCell('D3').value = null;
    const before = dumpBook(book);
    const d = nextPeriod.decide(snap(book), input);
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.error.zh).toContain('RocYear（考核評分表!D3，空白）');
    expect(d.error.zh).toContain('Period（考核評分表!F3，「H1」）');
    expect(d.error.en).toContain('RocYear (考核評分表!D3, blank)');
    expect(dumpBook(book)).toEqual(before);

    sheetOf(book, '考核評分表').getCell('D3').value = 250;
    sheetOf(book, '考核評分表').getCell('F3').value = 'H2';
    const late = nextPeriod.decide(snap(book), input);
    expect(late.ok || late.error.en).toContain('ROC year 251');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Through the .xlsx host
// ---------------------------------------------------------------------------------------------------------------

function runNext(book: XlsxBook): NextOutcome {
  const r = runOnBook(book, nextPeriod, input);
  if (!r.ok) throw new Error(r.error.en);
  return r.value;
}
const reload = async (book: XlsxBook) => loadBook(await saveBook(book), 'next.xlsx');
const values = (book: XlsxBook, sheet: string, range: string) => {
  const r = parseRange(range);
  const ws = sheetOf(book, sheet);
  return Array.from({ length: r.bottom - r.top + 1 }, (_, i) =>
    Array.from({ length: r.right - r.left + 1 }, (_, j) => ws.getCell(r.top + i, r.left + j).value)
  );
};
const localNames = (book: XlsxBook, sheet: string) => {
  const at = book.wb.worksheets.findIndex((w) => w.name === sheet);
  return book.names.filter((n) => n.localSheetId === at).map((n) => `${n.name}=${n.formula}`);
};

describe('nextPeriod on an .xlsx workbook', () => {
  let h1: XlsxBook;
  let before: ReturnType<typeof dumpBook>;
  let h2: XlsxBook;
  let out: NextOutcome;

  beforeAll(async () => {
    h1 = workedH1();
    before = dumpBook(await reload(h1));
    h2 = await reload(h1);
    out = runNext(h2);
    h2 = await reload(h2);
  });

  it('adds the four sheets after the earlier ones, which are unchanged, cell for cell', () => {
    expect(h2.wb.worksheets.map((w) => w.name)).toEqual([...OLD, ...Object.values(H2_SHEETS)]);
    const after = dumpBook(h2);
    for (const s of OLD) {
      expect(after.sheets[s]).toEqual(before.sheets[s]);
      expect(after.merges[s]).toEqual(before.merges[s]);
    }
  });

  it('moves the workbook-scoped names to the new sheets; each earlier sheet keeps them sheet-scoped', () => {
    const names = dumpBook(h2).names;
    expect(names[NAMES.selfScores]).toBe(`${H2_SHEETS.scorecard}!E5:E16`);
    expect(names[NAMES.tracking]).toBe(`${H2_SHEETS.tracking}!A4:G7`);
    for (const s of OLD) {
      const local = localNames(h2, s);
      expect(local).toHaveLength(Object.keys(NAMES).length);
      expect(local).toContain("SelfScores='考核評分表'!$E$5:$E$16");
      expect(local).toContain("ImprovementTracking='改善追蹤'!$A$4:$G$8");
    }
  });

  it('the new tracking sheet holds the carried rows with their drop-down', () => {
    expect(out.carried).toBe(3);
    const rows = values(h2, H2_SHEETS.tracking, 'A5:H7');
    expect(rows.map((r) => [r[0], r[2], r[5], r[7]])).toEqual([
      [flat[3].label.zh, '7 月已完成 20 戶訪談。', null, IN_PROGRESS],
      [flat[10].label.zh, EXAMPLES.scorecard.findings[10].progress, null, IN_PROGRESS],
      [flat[1].label.zh, '已完成需求訪談。', null, IN_PROGRESS],
    ]);
    const dv = (
      sheetOf(h2, H2_SHEETS.tracking) as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }
    ).dataValidations.model;
    expect(dv.H5?.formulae).toEqual(['"辦理中,已完成"']);
  });

  it('check, inspect and track read the new period', async () => {
    const checked = runOnBook(h2, check, input);
    expect(checked.ok && checked.value).toMatchObject({
      meta: { rocYear: 114, period: 'H2' },
      scores: { sheet: H2_SHEETS.scorecard },
      entered: 0,
      total: 0,
    });
    const facts = runOnBook(h2, inspect, { rubric, file: 'next.xlsx' });
    expect(facts.ok && facts.value).toMatchObject({ year: 114, period: 'H2', entered: 0 });
    expect(facts.ok && facts.value.improvements.map((i) => i.criterionId)).toEqual([flat[3].id, flat[10].id, flat[1].id]);

    // A new finding: track adds its row beside the carried ones, which it leaves alone; the earlier table is untouched.
    const book = await reload(h2);
    const oldTracking = values(book, SHEET_NAMES.tracking, 'A4:H10');
    sheetOf(book, H2_SHEETS.summary).getCell('D17').value = '新建議五。';
    const tracked = runOnBook(book, track, input);
    if (!tracked.ok) throw new Error(tracked.error.en);
    expect(tracked.value).toMatchObject({ sheet: H2_SHEETS.tracking, created: false, rows: 4 });
    expect(tracked.value.report.added).toEqual([flat[4].id]);
    const rows = values(book, H2_SHEETS.tracking, 'A5:H8');
    expect(rows[0].slice(0, 2)).toEqual([flat[4].label.zh, '新建議五。']);
    expect(rows[0][5]).toBe(flat[4].id);
    expect(rows.slice(1).map((r) => [r[0], r[4], r[5], r[7]])).toEqual([
      [flat[3].label.zh, null, null, IN_PROGRESS],
      [flat[10].label.zh, null, null, IN_PROGRESS],
      [flat[1].label.zh, null, null, IN_PROGRESS],
    ]);
    expect(values(book, SHEET_NAMES.tracking, 'A4:H10')).toEqual(oldTracking);
    // the row track put under the header gets 辦理狀態's drop-down too (none above it to grow from)
    const dv = (sheetOf(book, H2_SHEETS.tracking) as unknown as { dataValidations: { model: Record<string, unknown> } })
      .dataValidations.model;
    expect(
      Object.entries(dv).some(([k, v]) => v && parseRange(k).top <= 5 && parseRange(k).bottom >= 5 && k.startsWith('H'))
    ).toBe(true);
  });

  it('H2 → H1 of the next year: the year moves on, and only what is still open is carried again', async () => {
    const book = await reload(h2);
    sheetOf(book, H2_SHEETS.tracking).getCell('H6').value = DONE; // item 11, carried from 113 H2, done at last
    const r = runNext(book);
    expect(r.to).toMatchObject({ rocYear: 115, period: 'H1' });
    expect(r.sheets.tracking).toBe('改善追蹤 115年上半年');
    const next = await reload(book);
    const rows = values(next, r.sheets.tracking, `A5:H${4 + r.carried}`);
    expect(rows.map((x) => [x[0], x[3], x[7]])).toEqual([
      [flat[3].label.zh, origin(114, '1 月至 6 月'), IN_PROGRESS],
      [flat[1].label.zh, origin(114, '1 月至 6 月'), IN_PROGRESS],
    ]);
    expect(dumpBook(next).names[NAMES.selfScores]).toBe('考核評分表 115年上半年!E5:E16');
    expect(localNames(next, H2_SHEETS.summary)).toContain(`ImprovementTracking='${H2_SHEETS.tracking}'!$A$4:$G$7`);
    expect(localNames(next, SHEET_NAMES.summary)).toContain("ImprovementTracking='改善追蹤'!$A$4:$G$8");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The plan's own text: its title, its date and the numbered sections around the table
// ---------------------------------------------------------------------------------------------------------------

const BASIS = '依本公司114年1月6日函頒之「台電公司114年度提升服務效能執行計畫」訂定。';
const STEPS = '一、本處各組依本計畫辦理。\n二、每半年自行考核執行成果，送業務處備查。';
const ADOPTED = '中華民國114年2月10日訂定';
const TAIPEI_TITLE = (y: number) => `台電公司台北市區營業處${y}年度提升服務效能執行計畫`;

function blankBook(): XlsxBook {
  const book = newBook();
  const r = runOnBook(book, insertTemplates, BLANK_INPUT);
  if (!r.ok) throw new Error(r.error.en);
  return book;
}

type Sheet = ReturnType<typeof sheetOf>;
/** The row of the plan sheet whose first cell starts with `start`. */
function lineRow(ws: Sheet, start: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (String(ws.getCell(r, 1).value ?? '').startsWith(start)) return r;
  throw new Error(`no line ${start}`);
}

/** The blank plan as staff fill it in: its date, 壹's and 陸's paragraphs (as the cells the layout left), one action. */
function filledPlan(): XlsxBook {
  const book = blankBook();
  const p = sheetOf(book, SHEET_NAMES.plan);
  p.getCell('A2').value = ADOPTED;
  p.getCell(lineRow(p, '壹、') + 1, 1).value = BASIS;
  p.getCell(lineRow(p, '陸、') + 1, 1).value = STEPS;
  const header = lineRow(p, PLAN_HEADER[0]);
  p.getCell(header + 1, 1).value = '一、提供在地化及客製化關懷服務';
  p.getCell(header + 1, 3).value = '1. 訪視轄區獨居長者。';
  return book;
}

/** The same workbook said to be for the second half: its next period is next year's first. */
function secondHalf(book: XlsxBook): XlsxBook {
  sheetOf(book, SHEET_NAMES.scorecard).getCell('F3').value = 'H2';
  return book;
}

const without = (cells: Record<string, unknown>, ...addrs: string[]) =>
  Object.fromEntries(Object.entries(cells).filter(([a]) => !addrs.includes(a)));

describe("nextPeriod: the plan's title, date and sections", () => {
  it('H1 → H2: a plan staff filled in is carried word for word, title and date included, cell for cell', async () => {
    const book = await reload(filledPlan());
    const out = runNext(book);
    expect(out.summary.en).not.toContain('not carried');
    const after = dumpBook(await reload(book));
    const was = after.sheets[SHEET_NAMES.plan];
    const now = after.sheets[out.sheets.plan];
    expect(now).toMatchObject({ A1: '台電公司台東區營業處114年度提升服務效能執行計畫', A2: ADOPTED, A5: BASIS });
    expect(Object.values(now)).toContain(STEPS);
    expect(now).toEqual(was);
    expect(after.merges[out.sheets.plan]).toEqual(after.merges[SHEET_NAMES.plan]);
  });

  it('H2 → H1: the title takes the new year (the office the title names stays), the date is blank, the rest as it was', async () => {
    const book = await reload(secondHalf(filledPlan()));
    sheetOf(book, SHEET_NAMES.plan).getCell('A1').value = TAIPEI_TITLE(114);
    const out = runNext(book);
    expect(out.to).toMatchObject({ rocYear: 115, period: 'H1' });
    const after = dumpBook(await reload(book));
    const now = after.sheets[out.sheets.plan];
    expect(now.A1).toBe(TAIPEI_TITLE(115));
    expect(now.A2).toBe('中華民國115年　　月　　日訂定');
    expect(without(now, 'A1', 'A2')).toEqual(without(after.sheets[SHEET_NAMES.plan], 'A1', 'A2'));
    expect(after.merges[out.sheets.plan]).toEqual(after.merges[SHEET_NAMES.plan]);
  });

  it.each([
    ['H1 → H2', false, { rocYear: 114, period: 'H2' as const }],
    ['H2 → H1', true, { rocYear: 115, period: 'H1' as const }],
  ])('a blank plan, %s, is the blank layout of the new period, exactly', (_, h2, to) => {
    const book = blankBook();
    if (h2) secondHalf(book);
    const d = decided(book);
    const blank = buildWorkbook({ ...BLANK_INPUT, ...to, sheetNames: d.result.sheets }).sheets[0];
    expect(layouts(d.plan.edits).plan).toEqual(blank);
    expect(d.result.summary.en).not.toContain('not carried');
  });

  it("lines staff add under 柒 are 柒's paragraphs; the first row that is no line of text ends the plan", () => {
    const book = filledPlan();
    const p = sheetOf(book, SHEET_NAMES.plan);
    const seven = lineRow(p, '柒、');
    p.getCell(seven + 1, 1).value = '承辦人：王小明';
    // a sign-off block of two cells: not a line of the plan
    p.getCell(seven + 3, 1).value = '核定';
    p.getCell(seven + 3, 2).value = '處長';
    p.getCell(seven + 5, 1).value = '（以下空白）';
    const d = decided(book);
    const col = layouts(d.plan.edits).plan.rows.map((r) => r[0]);
    const at = col.indexOf(String(p.getCell(seven, 1).value));
    expect(col.slice(at + 1)).toEqual(['承辦人：王小明']);
    expect(col).toContain(STEPS);
    expect(d.result.summary.en).not.toContain('not carried');
  });

  const rearranged: [string, (p: Sheet) => void][] = [
    [
      '伍 lost its ordinal (the table would no longer follow it)',
      (p) => (p.getCell(lineRow(p, '伍、'), 1).value = '執行策略及具體作法'),
    ],
    [
      'a line above the table holds a second cell',
      (p) => {
        const r = lineRow(p, '貳、') + 1;
        p.unMergeCells(`A${r}:E${r}`);
        p.getCell(r, 3).value = '見附件';
      },
    ],
    ['text between the table and 陸', (p) => (p.getCell(lineRow(p, '陸、') - 1, 1).value = '註：本表得視需要增列。')],
    [
      'the text under the table runs past the rows read',
      (p) => Array.from({ length: 70 }, (_, i) => (p.getCell(lineRow(p, '柒、') + 1 + i, 1).value = `${i + 1}. 步驟`)),
    ],
    ['the title row is empty', (p) => (p.getCell('A1').value = null)],
  ];

  it.each(rearranged)(
    'a plan staff rearranged (%s): blank sections, the table carried, and a note where the plan is',
    (_, edit) => {
      const book = filledPlan();
      const p = sheetOf(book, SHEET_NAMES.plan);
      const header = lineRow(p, PLAN_HEADER[0]);
      edit(p);
      const d = decided(book);
      const l = layouts(d.plan.edits).plan;
      const blank = buildWorkbook({ ...BLANK_INPUT, period: 'H2', sheetNames: d.result.sheets }).sheets[0];
      const table = tableOf(l, NAMES.planActions);
      // the opening and sections are the blank ones; the table is staff's
      expect(l.rows.slice(0, table.r.top - 1)).toEqual(blank.rows.slice(0, table.r.top - 1));
      expect(l.rows.slice(table.r.bottom)).toEqual(blank.rows.slice(table.r.bottom));
      expect(table.rows[1].slice(0, 3)).toEqual(['一、提供在地化及客製化關懷服務', null, '1. 訪視轄區獨居長者。']);
      const at = `${SHEET_NAMES.plan}!A${header}:E${header + BLANK_PLAN_ROWS}`;
      expect(d.result.summary.zh).toContain(`未能沿用`);
      expect(d.result.summary.zh).toContain(`「${SHEET_NAMES.plan}」工作表（策略表 ${at} 的上方與下方）`);
      expect(d.result.summary.en).toContain("The earlier plan's title and sections (壹、計畫依據 … 柒) were not carried");
      expect(d.result.summary.en).toContain(`on the sheet "${SHEET_NAMES.plan}" (above and under its table at ${at})`);
    }
  );

  it.each(['1.17', '1.4'])(
    'through Excel (Office.js, ExcelApi %s), filled in or blank, H1 → H2 and H2 → H1: the state the file ends in',
    async (api) => {
      for (const make of [filledPlan, () => secondHalf(filledPlan()), blankBook]) {
        const book = make();
        const file = await copyBook(book);
        const fileOut = runNext(file);
        const fake = await seedFake(await copyBook(book), api);
        const host = createOfficeHost({ rubric: RUBRIC_114, run: fake.run, isSetSupported: fake.isSetSupported });
        const r = await host.run(nextPeriod, input);
        if (!r.ok) throw new Error(r.error.en);
        expect(r.value.summary).toEqual(fileOut.summary);
        const excel = dumpFake(fake);
        const want = dumpBook(await copyBook(file));
        expect(excel.sheets[fileOut.sheets.plan]).toEqual(want.sheets[fileOut.sheets.plan]);
        expect(excel.merges[fileOut.sheets.plan]).toEqual(want.merges[fileOut.sheets.plan]);
        // rows above and under the table come in the trip that reads the ranges
        expect(r.syncs).toBeLessThanOrEqual(4);
      }
    }
  );

  it('onBothHosts: the same end state, the plan carried word for word', async () => {
    const both = await onBothHosts(filledPlan(), nextPeriod, input);
    expect(both.file.result.ok && both.excel.result.ok).toBe(true);
    expect(both.excel.state.sheets).toEqual(both.file.state.sheets);
    expect(both.excel.state.merges[H2_SHEETS.plan]).toEqual(both.file.state.merges[H2_SHEETS.plan]);
    expect(both.excel.state.sheets[H2_SHEETS.plan]).toMatchObject({ A2: ADOPTED, A5: BASIS });
  });

  const valid = requireOoxmlValidator('carried plan valid') ? it : it.skip;
  valid('the workbooks written are valid packages (ooxml-validate)', async () => {
    const files: Record<string, Buffer> = {};
    for (const [label, make] of [
      ['H1 → H2', filledPlan],
      ['H2 → H1', () => secondHalf(filledPlan())],
    ] as const) {
      const book = await reload(make());
      runNext(book);
      files[label] = await saveBook(book);
    }
    expect(await ooxmlViolations(files)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 辦理狀態 under track: staff's column, found by its header only, never written
// ---------------------------------------------------------------------------------------------------------------

describe('track and 辦理狀態', () => {
  /** Findings (header at row 12 of 彙整表): item 2 gets a suggestion (a row after item 1's), and so does item 12 (after item 11's). */
  function withNewFindings(book: XlsxBook) {
    sheetOf(book, '彙整表').getCell('D14').value = '新建議二。';
    sheetOf(book, '彙整表').getCell('D24').value = '新建議十二。';
    return book;
  }
  const trackDecision = (book: XlsxBook) => {
    const d = track.decide(readSnapshot(book, track.needs(input)), input);
    if (!d.ok) throw new Error(d.error.en);
    return d;
  };
  /** Every column a plan writes cell values into, on the tracking sheet. */
  const written = (edits: Edit[]) =>
    new Set(
      edits.flatMap((e) =>
        e.kind === 'cells' && e.sheet === SHEET_NAMES.tracking
          ? e.values.flatMap((row) => row.flatMap((v, j) => (v === undefined ? [] : [e.left + j])))
          : []
      )
    );

  it('the marks stay with their rows, new rows are not marked, and the drop-down grows over them', async () => {
    const book = withNewFindings(exampleBook());
    const t = sheetOf(book, SHEET_NAMES.tracking);
    t.getCell('H5').value = DONE;
    t.getCell('H8').value = IN_PROGRESS;
    expect(written(trackDecision(book).plan.edits).has(8)).toBe(false);
    const r = runOnBook(book, track, input);
    expect(r.ok && r.value.report.added).toEqual([flat[1].id, flat[11].id]);
    const after = await reload(book);
    expect(values(after, SHEET_NAMES.tracking, 'F5:H10').map((row) => [row[0], row[2]])).toEqual([
      [flat[0].id, DONE],
      [flat[1].id, null],
      [flat[3].id, null],
      [flat[6].id, null],
      [flat[10].id, IN_PROGRESS],
      [flat[11].id, null],
    ]);
    const dv = (sheetOf(after, SHEET_NAMES.tracking) as unknown as { dataValidations: { model: Record<string, unknown> } })
      .dataValidations.model;
    const covered = (row: number) =>
      Object.keys(dv).some((k) => k.startsWith('H') && parseRange(k).top <= row && parseRange(k).bottom >= row);
    expect([5, 6, 7, 8, 9, 10].map(covered)).toEqual([true, true, true, true, true, true]);
    expect(dumpBook(after).names[NAMES.tracking]).toBe('改善追蹤!A4:G10');
  });

  it('found where staff moved it, by its header; a table without it is fine and nothing is written beside it', () => {
    const book = withNewFindings(exampleBook());
    const t = sheetOf(book, SHEET_NAMES.tracking);
    t.getCell('H4').value = null;
    t.getCell('J4').value = DONE_HEADER;
    const moved = trackDecision(book).plan.edits;
    expect(written(moved).has(10)).toBe(false);
    const fmt = moved.flatMap((e) => (e.kind === 'formats' ? e.formats.map((f) => f.range) : []));
    // inserted from the bottom up: item 12's row at 9, then item 2's at 6
    expect(fmt.filter((r) => r.startsWith('J'))).toEqual(['J9', 'J6']);

    t.getCell('J4').value = 'Notes';
    const none = trackDecision(book).plan.edits;
    expect(none.filter((e) => e.kind === 'rules')).toEqual([]);
    expect(none.flatMap((e) => (e.kind === 'formats' ? e.formats.map((f) => f.range) : [])).some((r) => /^[H-J]/.test(r))).toBe(
      false
    );
    expect([...written(none)].every((c) => c <= 7)).toBe(true);
  });

  it('rows put right under the header (where no drop-down can grow from) are given it', () => {
    const book = exampleBook();
    // Item 1's row removed from the table: its finding comes back as a row under the header.
    const t = sheetOf(book, SHEET_NAMES.tracking);
    t.getCell('F5').value = null;
    t.getCell('B5').value = null;
    t.getCell('G5').value = null;
    t.getCell('A5').value = null;
    const rules = trackDecision(book).plan.edits.filter((e) => e.kind === 'rules');
    expect(rules).toEqual([
      expect.objectContaining({ sheet: SHEET_NAMES.tracking, validations: [expect.objectContaining({ range: 'H5' })] }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The file: valid, and as LibreOffice computes it
// ---------------------------------------------------------------------------------------------------------------

const gated = requireLibreOffice('next period recalculated by LibreOffice') && requireOoxmlValidator('next period valid');
const lo = gated ? describe : describe.skip;

lo('the next period in LibreOffice', () => {
  let bytes: Buffer;
  let computed: Awaited<ReturnType<typeof recalcAndRead>>;

  beforeAll(async () => {
    const book = await reload(workedH1());
    runNext(book);
    // A score typed in the new period, so its total differs from the earlier one's.
    sheetOf(book, H2_SHEETS.scorecard).getCell('E5').value = 80;
    bytes = await saveBook(book);
    const file = uniqueTempPath('next.xlsx');
    fs.writeFileSync(file, bytes);
    computed = await recalcAndRead(file);
  }, LIBREOFFICE_TEST_TIMEOUT_MS);

  it('is a valid package (ooxml-validate)', async () => {
    expect(await ooxmlViolations(bytes)).toEqual([]);
  });

  it("the earlier summary keeps its own totals and its own tracking sheet's progress; the new one reads the new", () => {
    expect(formulaErrors(computed.workbook)).toEqual([]);
    const v = (sheet: string, a: string) => computed.value(sheet, a);
    expect([4, 5, 6, 7, 8].map((r) => v('彙整表', `F${r}`))).toEqual([285, 381, 136, 137, 939]);
    expect([4, 5, 6, 7, 8].map((r) => v(H2_SHEETS.summary, `F${r}`))).toEqual([80, 0, 0, 0, 80]);
    // Findings' 改善事項辦理情形 (header at row 12, item n at 12 + n): looked up in each period's own ImprovementTracking.
    expect(v('彙整表', 'E16')).toBe('7 月已完成 20 戶訪談。');
    expect(v('彙整表', 'E13')).toBe(EXAMPLES.scorecard.findings[0].progress);
    expect([13, 16, 23].map((r) => v(H2_SHEETS.summary, `E${r}`) ?? '')).toEqual(['', '', '']);
    expect(String(v('彙整表', 'A1'))).toContain('114 年度 1 月至 6 月');
    expect(String(v(H2_SHEETS.summary, 'A1'))).toContain('114 年度 7 月至 12 月');
  });
});

describe('nextPeriod in Excel (Office.js)', () => {
  it('ends in the state the file does: the same sheets, cells and workbook names; each earlier sheet has its copies', async () => {
    const both = await onBothHosts(exampleBook(), nextPeriod, { rubric: RUBRIC_114 });
    expect(both.file.result.ok).toBe(true);
    expect(both.excel.result.ok).toBe(true);
    expect(both.excel.state.sheets).toEqual(both.file.state.sheets);
    const plain = (names: Record<string, string>) =>
      Object.fromEntries(Object.entries(names).map(([k, v]) => [k, v.replace(/'/g, '').replace(/\$/g, '')]));
    expect(plain(both.excel.state.names)).toEqual(plain(both.file.state.names));
    expect(both.excel.state.names[NAMES.selfScores]).toMatch(/^考核評分表 114年下半年!/);
    // read names and ranges, look up the earlier sheets' own names, write: four round trips
    expect(both.excel.syncs).toBeLessThanOrEqual(4);
  });

  it.each(['1.17', '1.4'])('ExcelApi %s: the workbook names move, the earlier sheets keep their own', async (api) => {
    const fake = await seedFake(await copyBook(exampleBook()), api);
    const host = createOfficeHost({ rubric: RUBRIC_114, run: fake.run, isSetSupported: fake.isSetSupported });
    const r = await host.run(nextPeriod, { rubric: RUBRIC_114 });
    expect(r.ok).toBe(true);
    const earlier = fake.names('考核評分表').map((n) => `${n.name}=${n.sheet}!${n.range}`);
    expect(earlier).toContain('SelfScores=考核評分表!E5:E16');
    expect(fake.names().find((n) => n.name === 'SelfScores')?.sheet).toBe('考核評分表 114年下半年');
  });
});
