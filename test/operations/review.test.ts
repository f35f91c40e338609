/**
 * The review through the .xlsx adapter: the sheets as data, then (gated) the file as LibreOffice computes it —
 * totals, ranks, averages and statistics equal reviewOf's numbers, the results written beside the formulas equal
 * what LibreOffice computes, and a score corrected in the matrix flows into totals, ranks and statistics.
 */
import * as fs from 'fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { reviewOf } from '../../src/domain/review';
import type { ReviewResult, Unreadable, WorkbookFacts } from '../../src/domain/reviewTypes';
import { newBook, runOnBook, saveBook } from '../../src/adapters/xlsx';
import { reviewWorkbooks, type ReviewInput, type Snapshot } from '../../src/operations';
import { isFormula, type SheetLayout } from '../../src/layouts/types';
import { PAGE } from '../../src/layouts/common';
import {
  LIBREOFFICE_TEST_TIMEOUT_MS,
  RecalculatedWorkbook,
  formulaErrors,
  readEvaluated,
  recalcAndRead,
  requireLibreOffice,
  uniqueTempPath,
} from '../support/libreoffice';
import { ooxmlViolations, requireOoxmlValidator } from '../support/ooxml';
import { CAPS, workbookFacts as wb } from '../support/reviewFacts';

const rubric = RUBRIC_114;

/** Scores at a share of each cap, with some criteria set by index. */
const at = (share: number, set: Record<number, number | null> = {}) =>
  CAPS.map((c, i) => (i in set ? set[i] : Math.round(c * share * 2) / 2));

const TAITUNG_H1 = [95, 90, 100, 130, 126, 125, 46, 45, 45, 46, 45, 46]; // 939, as the Taitung scorecard
const FACTS: WorkbookFacts[] = [
  wb('offices/台東-114H1.xlsx', '台東區營業處', 114, 'H1', TAITUNG_H1, {
    improvements: [
      {
        criterionId: 'impact.local',
        item: '4. 效益及影響-…',
        suggestion: '加強偏鄉宣導',
        progress: '已排定 8 月場次',
        since: '114 H1',
      },
    ],
  }),
  wb('offices/台東-114H2.xlsx', '台東區營業處', 114, 'H2', at(0.9, { 0: 100, 6: 50 })),
  // a tie in 114 H1 with different vectors
  wb('offices/台北-114H1.xlsx', '台北區營業處', 114, 'H1', at(0.8, { 0: 90, 1: 70 })),
  wb('offices/花蓮-114H1.xlsx', '花蓮區營業處', 114, 'H1', at(0.8, { 0: 70, 1: 90 })),
  wb('offices/台北-114H2.xlsx', '台北區營業處', 114, 'H2', at(0.85)),
  // incomplete, and one cell to fix
  wb('offices/宜蘭-114H1.xlsx', '宜蘭區營業處', 114, 'H1', at(0.7, { 3: null, 11: null }), { problems: 1 }),
  wb('offices/澎湖-114H1.xlsx', '澎湖區營業處', 114, 'H1', at(0.75, { 2: 99.5 })),
];
const UNREADABLE: Unreadable[] = [
  { file: 'offices/金門.xls', message: { zh: '金門.xls 是舊版 Excel 檔', en: '金門.xls is an old Excel file' } },
];
const INPUT: ReviewInput = { rubric, facts: FACTS, unreadable: UNREADABLE };

const snapshot = (sheets: string[]): Snapshot => ({ sheets, names: [], ranges: {}, below: {} });

function decided(input: ReviewInput, sheets: string[] = []) {
  const d = reviewWorkbooks.decide(snapshot(sheets), input);
  if (!d.ok) throw new Error(d.error.en);
  const layouts = d.plan.edits.map((e) => (e.kind === 'addSheet' ? e.layout : undefined)).filter((l): l is SheetLayout => !!l);
  return { ...d, layouts, byKey: (k: SheetLayout['key']) => layouts.find((l) => l.key === k)! };
}

// Where 總表 and 項目統計 keep their numbers (default rubric: four dimensions, twelve criteria).
const FIRST = 4;
const TOT = { dims: ['D', 'E', 'F', 'G'], total: 'H', rank: 'I', scored: 'J' };
const ST = { count: 'C', mean: 'D', ratio: 'E', min: 'F', max: 'G', stdev: 'H', atCap: 'I' };

describe('reviewWorkbooks: the decision', () => {
  it('adds the review sheets under free names, the first one activated, and says what it did', () => {
    const d = decided(INPUT, ['總表', 'Sheet1']);
    expect(d.layouts.map((l) => l.name)).toEqual(['總表 (2)', '項目統計', '待改善事項', '疑點', '上下半年對照', '評分明細']);
    expect(d.plan.edits.map((e) => e.kind === 'addSheet' && e.activate)).toEqual([true, false, false, false, false, false]);
    expect(d.result.sheets).toMatchObject({ reviewTotals: '總表 (2)', reviewScores: '評分明細', reviewPairs: '上下半年對照' });
    expect(d.result.summary.zh).toContain('已檢閱 7 份活頁簿，另有 1 份無法讀取');
    expect(d.result.summary.en).toContain('Reviewed 7 workbook(s); 1 could not be read');
    expect(d.result.review).toEqual(reviewOf(rubric, FACTS, UNREADABLE));
  });

  it('leaves out 上下半年對照 when no office has both halves of a year', () => {
    const d = decided({ ...INPUT, facts: FACTS.filter((f) => f.period === 'H1') });
    expect(d.layouts.map((l) => l.key)).not.toContain('reviewPairs');
    expect(d.result.sheets.reviewPairs).toBeUndefined();
  });

  it('refuses when there is nothing to review; unreadable files alone still get their 疑點 sheet', () => {
    const none = reviewWorkbooks.decide(snapshot([]), { rubric, facts: [], unreadable: [] });
    expect(none.ok).toBe(false);
    const only = decided({ rubric, facts: [], unreadable: UNREADABLE });
    const flags = only.byKey('reviewFlags');
    expect(flags.rows[3]).toEqual(['無法讀取', 'offices/金門.xls', '金門.xls 是舊版 Excel 檔']);
    expect(only.byKey('reviewTotals').rows[3][0]).toBe('（沒有可讀取的活頁簿）');
  });
});

describe('review sheets as data', () => {
  const d = decided(INPUT);
  const review = d.result.review;
  const totals = d.byKey('reviewTotals');

  it('every sheet: A4 landscape, the header repeated and frozen, zh-TW headers, every row as wide as the widths', () => {
    for (const l of d.layouts) {
      expect(l.print).toMatchObject({ ...PAGE, orientation: 'landscape' });
      expect(l.print.titleRows).toBe(l.key === 'reviewPairs' ? '3:4' : '3:3');
      expect(l.freezeRows).toBe(l.key === 'reviewPairs' ? 4 : 3);
      for (const row of l.rows) expect(row).toHaveLength(l.columnWidths.length);
      expect(String(l.rows[2][0])).toMatch(/^[\u4e00-\u9fff]/);
    }
    expect(totals.rows[2].map((h) => String(h).split('\n')[0])).toEqual([
      '單位',
      '年度',
      '期間',
      '創新性',
      '效益及影響',
      '可持續性',
      '擴散應用',
      '總分',
      '名次',
      '已評項目',
      '待修正格數',
      '待改善事項',
      '檔案',
    ]);
  });

  it('總表 ranks with RANK.EQ within its group’s contiguous rows, and writes every result', () => {
    const rankCol = 8;
    const ranks = review.workbooks.map((w, i) => {
      const f = totals.rows[FIRST - 1 + i][rankCol];
      if (!isFormula(f)) throw new Error('rank is not a formula');
      return [w.period, f.formula, f.result];
    });
    // 114 H1 (five workbooks) on rows 4–8, 114 H2 on rows 9–10: the tie of 台北 and 花蓮 shares rank 2.
    expect(ranks).toEqual([
      ['H1', 'RANK.EQ(H4,$H$4:$H$8)', 1],
      ['H1', 'RANK.EQ(H5,$H$4:$H$8)', 2],
      ['H1', 'RANK.EQ(H6,$H$4:$H$8)', 2],
      ['H1', 'RANK.EQ(H7,$H$4:$H$8)', 4],
      ['H1', 'RANK.EQ(H8,$H$4:$H$8)', 5],
      ['H2', 'RANK.EQ(H9,$H$9:$H$10)', 1],
      ['H2', 'RANK.EQ(H10,$H$9:$H$10)', 2],
    ]);
    for (const l of d.layouts) for (const row of l.rows) for (const c of row) if (isFormula(c)) expect(c.result).toBeDefined();
  });

  it('totals are formulas over the matrix; averages per year and half under the table; data bars on the totals', () => {
    expect(totals.rows[FIRST - 1][3]).toEqual({ formula: "SUM('評分明細'!D4:F4)", result: 285 });
    expect(totals.rows[FIRST - 1][7]).toEqual({ formula: 'SUM(D4:G4)', result: 939 });
    const avg = totals.rows.filter((r) => typeof r[0] === 'string' && r[0].includes('平均'));
    expect(avg.map((r) => [r[0], r[7]])).toEqual([
      ['114 年度 1 月至 6 月 平均（5 份）', { formula: 'AVERAGE(H4:H8)', result: expect.any(Number) }],
      ['114 年度 7 月至 12 月 平均（2 份）', { formula: 'AVERAGE(H9:H10)', result: expect.any(Number) }],
    ]);
    expect(totals.scales).toEqual([{ kind: 'dataBar', range: 'H4:H10', color: expect.stringMatching(/^#[0-9A-F]{6}$/) }]);
    expect(d.byKey('reviewCriteria').scales).toEqual([{ kind: 'colorScale', range: 'E4:E15', colors: expect.any(Array) }]);
  });

  it('項目統計 computes over the score matrix, guarded for too few scores', () => {
    const row = d.byKey('reviewCriteria').rows[FIRST - 1];
    expect(row.slice(0, 3)).toEqual([
      '1. 創新性-提供在地化及客製化關懷服務',
      100,
      { formula: "COUNT('評分明細'!$D$4:$D$10)", result: 7 },
    ]);
    expect(row[7]).toEqual({ formula: `IF(C4<2,"",STDEV.S('評分明細'!$D$4:$D$10))`, result: expect.any(Number) });
  });

  it('待改善事項, 疑點 and 對照 carry their rows', () => {
    expect(d.byKey('reviewImprovements').rows[FIRST - 1]).toEqual([
      '台東區營業處',
      '4. 效益及影響-提供在地化及客製化關懷服務',
      '加強偏鄉宣導',
      '已排定 8 月場次',
      '114 H1',
      'offices/台東-114H1.xlsx',
    ]);
    const flags = d
      .byKey('reviewFlags')
      .rows.slice(FIRST - 1)
      .map((r) => [r[0], r[1]]);
    expect(flags).toEqual([
      ['無法讀取', 'offices/金門.xls'],
      ['尚未評完', 'offices/宜蘭-114H1.xlsx'],
      ['有待修正儲存格', 'offices/宜蘭-114H1.xlsx'],
    ]);
    const pairs = d.byKey('reviewPairs').rows.slice(4);
    expect(pairs.map((r) => [r[0], r[1], r[14], r[15], r[16]])).toEqual([
      [
        '台北區營業處',
        114,
        expect.objectContaining({ formula: "'總表'!H5" }),
        expect.objectContaining({ formula: "'總表'!H10" }),
        expect.objectContaining({ formula: 'P5-O5' }),
      ],
      ['台東區營業處', 114, expect.objectContaining({ result: 939 }), expect.any(Object), expect.any(Object)],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The file, as LibreOffice computes it
// ---------------------------------------------------------------------------------------------------------------

const gated = requireLibreOffice('review sheets recalculated by LibreOffice') && requireOoxmlValidator('review sheets valid');
const lo = gated ? describe : describe.skip;

const num = (v: unknown) => {
  if (typeof v !== 'number') throw new Error(`expected a number, got ${JSON.stringify(v)}`);
  return v;
};
/** A statistic as the sheet shows it: "" where reviewOf says null. */
const stat = (v: unknown) => (v === '' || v === null || v === undefined ? null : num(v));

/** Every number the sheets compute equals what reviewOf says of the same facts. */
function expectComputedAsReview(book: RecalculatedWorkbook, review: ReviewResult) {
  const groups = new Map<string, number[]>();
  review.workbooks.forEach((w, i) => {
    const row = FIRST + i;
    const v = (col: string) => book.value('總表', `${col}${row}`);
    expect(w.dimensions.map((x) => x.total)).toEqual(TOT.dims.map((c) => v(c)));
    expect([w.file, num(v(TOT.total)), num(v(TOT.rank))]).toEqual([w.file, w.total, w.rank]);
    expect(v(TOT.scored)).toBe(`${w.entered} / ${w.of}`);
    const key = `${w.year}${w.period}`;
    groups.set(key, [...(groups.get(key) ?? []), w.total]);
  });
  // averages: one row per group, a blank row under the table
  [...groups.values()].forEach((totals, g) => {
    const row = FIRST + review.workbooks.length + 1 + g;
    expect(num(book.value('總表', `${TOT.total}${row}`))).toBeCloseTo(totals.reduce((s, x) => s + x, 0) / totals.length, 9);
  });
  review.criteria.forEach((c, i) => {
    const v = (col: string) => stat(book.value('項目統計', `${col}${FIRST + i}`));
    const got = { id: c.id, mean: v(ST.mean), min: v(ST.min), max: v(ST.max), stdev: v(ST.stdev), atCap: v(ST.atCap) };
    for (const k of ['mean', 'min', 'max', 'stdev'] as const) {
      if (c[k] === null) expect(got[k]).toBeNull();
      else expect(got[k]).toBeCloseTo(c[k]!, 2);
    }
    if (c.atCap === null) expect(got.atCap).toBeNull();
    else expect(got.atCap).toBeCloseTo(c.atCap, 4);
  });
}

/** Each formula's written result is what LibreOffice computes (readers that do not calculate see the same). */
async function expectResultsAsComputed(file: string, computed: RecalculatedWorkbook) {
  const written = await readEvaluated(file);
  let formulas = 0;
  written.workbook.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type !== ExcelJS.ValueType.Formula) return;
        formulas++;
        const mine = written.value(ws.name, cell.address);
        const theirs = computed.value(ws.name, cell.address);
        if (typeof mine === 'number')
          expect([ws.name, cell.address, theirs]).toEqual([ws.name, cell.address, expect.closeTo(mine, 9)]);
        else expect([ws.name, cell.address, theirs ?? '']).toEqual([ws.name, cell.address, mine ?? '']);
      })
    )
  );
  expect(formulas).toBeGreaterThan(100);
}

lo('the review file in LibreOffice', () => {
  let file: string;
  let bytes: Buffer;
  let computed: RecalculatedWorkbook;
  const review = reviewOf(rubric, FACTS, UNREADABLE);

  beforeAll(async () => {
    const book = newBook();
    const ran = runOnBook(book, reviewWorkbooks, INPUT);
    if (!ran.ok) throw new Error(ran.error.en);
    bytes = await saveBook(book);
    file = uniqueTempPath('review.xlsx');
    fs.writeFileSync(file, bytes);
    computed = await recalcAndRead(file);
  }, LIBREOFFICE_TEST_TIMEOUT_MS);

  it('is a valid package (ooxml-validate), with the data bar and the colour scale in it', async () => {
    expect(await ooxmlViolations(bytes)).toEqual([]);
    const zip = await JSZip.loadAsync(bytes);
    const sheetXml = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string'))
    );
    expect(sheetXml.some((x) => x.includes('<dataBar'))).toBe(true);
    expect(sheetXml.some((x) => x.includes('<colorScale'))).toBe(true);
    // newer functions carry the prefix a file needs (without it Excel and LibreOffice show #NAME?)
    expect(sheetXml.join('')).toContain('_xlfn.RANK.EQ(');
  });

  it('computes the ranks, totals, averages and statistics reviewOf gives, with no error anywhere', () => {
    expect(formulaErrors(computed.workbook)).toEqual([]);
    expectComputedAsReview(computed, review);
    // 對照: 台東 H1 939 → H2, change = H2 − H1
    const h2 = review.workbooks.find((w) => w.file === 'offices/台東-114H2.xlsx')!.total;
    expect([
      computed.value('上下半年對照', 'O6'),
      computed.value('上下半年對照', 'P6'),
      computed.value('上下半年對照', 'Q6'),
    ]).toEqual([939, h2, h2 - 939]);
  });

  it('writes beside each formula the result LibreOffice computes', async () => {
    await expectResultsAsComputed(file, computed);
  });

  it('a score corrected in 評分明細 flows into the totals, ranks and statistics', async () => {
    // 宜蘭 (567, last of 114 H1) gets its blank criteria 4 and 12 scored and criteria 1 and 2 raised: 817, second.
    const i = review.workbooks.findIndex((w) => w.file === 'offices/宜蘭-114H1.xlsx');
    const before = review.workbooks[i];
    const fix: Record<string, [number, number]> = { D: [0, 100], E: [1, 100], G: [3, 140], O: [11, 50] };
    const wbk = new ExcelJS.Workbook();
    await wbk.xlsx.readFile(file);
    const matrix = wbk.getWorksheet('評分明細')!;
    for (const [col, [, v]] of Object.entries(fix)) matrix.getCell(`${col}${FIRST + i}`).value = v;
    const edited = uniqueTempPath('review-corrected.xlsx');
    await wbk.xlsx.writeFile(edited);
    const after = await recalcAndRead(edited);

    const scores = [...before.scores];
    for (const [k, v] of Object.values(fix)) scores[k] = v;
    const corrected = FACTS.map((f) =>
      f.file === before.file ? wb(f.file, f.office, f.year, f.period, scores, { problems: 1 }) : f
    );
    const expected = reviewOf(rubric, corrected, UNREADABLE);
    // the same row still holds 宜蘭 (rows do not move), so compare by row against the corrected review, re-ordered
    const rowOrder = review.workbooks.map((w) => expected.workbooks.find((x) => x.file === w.file)!);
    expectComputedAsReview(after, { ...expected, workbooks: rowOrder });
    expect([before.total, before.rank]).toEqual([567, 5]);
    expect([after.value('總表', `${TOT.total}${FIRST + i}`), after.value('總表', `${TOT.rank}${FIRST + i}`)]).toEqual([817, 2]);
    // the ones it overtook moved down, and 項目統計 follows the matrix
    expect(after.value('總表', `${TOT.rank}${FIRST + 1}`)).toBe(3);
    expect(after.value('項目統計', `${ST.count}${FIRST + 3}`)).toBe(7);
  });
});
