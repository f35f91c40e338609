import { absRange, quoteSheet, rangeAddr } from '../domain/a1';
import { FlatCriterion, Rubric, flatten } from '../domain/rubric';
import { groupsOf, scoreStats, scoredValues } from '../domain/review';
import type { FlagKind, HalfYearPair, ReviewResult, ReviewedWorkbook } from '../domain/reviewTypes';
import { Period, periodText } from '../contract';
import { COLORS, PAGE, STYLE, heightFor } from './common';
import { CellContent, ConditionalFormatSpec, Formula, FormatSpec, ReviewSheetKey, SheetLayout, ValidationSpec } from './types';

/**
 * The review workbook a manager reads: 總表 (totals and ranks), 項目統計 (per-criterion statistics), 待改善事項,
 * 疑點, 上下半年對照 and 評分明細, the score matrix every number is computed from. Totals, ranks, averages and
 * statistics are formulas over that matrix, so a score corrected there flows through every sheet; each formula
 * carries its result for readers that do not calculate.
 */

export const REVIEW_SHEET_NAMES: Readonly<Record<ReviewSheetKey, string>> = {
  reviewTotals: '總表',
  reviewCriteria: '項目統計',
  reviewImprovements: '待改善事項',
  reviewFlags: '疑點',
  reviewPairs: '上下半年對照',
  reviewScores: '評分明細',
};
/** The order the sheets are added in. */
export const REVIEW_SHEET_ORDER: readonly ReviewSheetKey[] = [
  'reviewTotals',
  'reviewCriteria',
  'reviewImprovements',
  'reviewFlags',
  'reviewPairs',
  'reviewScores',
];

/** The names the sheets get; 上下半年對照 only when some office has both halves of a year. */
export type ReviewSheetNames = Omit<Record<ReviewSheetKey, string>, 'reviewPairs'> & { reviewPairs?: string };

export const FLAG_TEXT: Readonly<Record<FlagKind | 'unreadable', string>> = {
  identicalScores: '分數完全相同',
  allAtCap: '全部滿分',
  unchangedFromPrevious: '與上期相同',
  incomplete: '尚未評完',
  invalid: '有待修正儲存格',
  unreadable: '無法讀取',
};

const UNKNOWN = '（未標示）';
/** Excel's own default colours for data bars and the red–yellow–green scale. */
const BAR = '#638EC6';
const SCALE: [string, string, string] = ['#F8696B', '#FFEB84', '#63BE7B'];
const NOTE: FormatSpec['style'] = { wrap: true, vAlign: 'top', fontColor: COLORS.muted };
/** 年度 and 期間 read best centred under their headers. */
const centred = (range: string): FormatSpec => ({ range, style: { ...STYLE.body, hAlign: 'center', vAlign: 'middle' } });

// ---------------------------------------------------------------------------------------------------------------
// A titled table: title, note, header row(s), body; printed on A4 with the header repeated and frozen
// ---------------------------------------------------------------------------------------------------------------

interface Table {
  key: ReviewSheetKey;
  name: string;
  title: string;
  note: string;
  header: CellContent[][];
  body: CellContent[][];
  widths: number[];
  /** shown in one merged row when the body is empty */
  empty: string;
}

/** Where a table's body starts: under the title, the note and its header rows. */
const firstRow = (headerRows: number) => 3 + headerRows;

/** A row of `width` cells, `first` in column A and the rest blank (a merged title, note or placeholder). */
const lone = (first: CellContent, width: number): CellContent[] => [first, ...Array<CellContent>(width - 1).fill(null)];

function tableSheet(t: Table): SheetLayout {
  const w = t.widths.length;
  const body = t.body.length ? t.body : [lone(t.empty, w)];
  const first = firstRow(t.header.length);
  const last = first + body.length - 1;
  const rowHeights: Record<number, number> = {
    1: 28,
    2: heightFor(
      t.note,
      t.widths.reduce((s, x) => s + x, 0)
    ),
  };
  for (let r = 3; r < first; r++) rowHeights[r] = 36;
  return {
    key: t.key,
    name: t.name,
    rows: [lone(t.title, w), lone(t.note, w), ...t.header, ...body],
    columnWidths: [...t.widths],
    rowHeights,
    merges: [rangeAddr(1, 1, 1, w), rangeAddr(2, 1, 2, w), ...(t.body.length ? [] : [rangeAddr(first, 1, first, w)])],
    formats: [
      { range: rangeAddr(1, 1, 1, w), style: STYLE.title },
      { range: rangeAddr(2, 1, 2, w), style: NOTE },
      { range: rangeAddr(3, 1, first - 1, w), style: STYLE.header },
      { range: rangeAddr(first, 1, last, w), style: { ...STYLE.body, vAlign: 'middle' } },
    ],
    validations: [],
    conditionalFormats: [],
    scales: [],
    names: [],
    print: { ...PAGE, orientation: 'landscape', titleRows: `3:${first - 1}` },
    freezeRows: first - 1,
    tabColor: '#2B579A',
  };
}

/** A column's cells from row top to bottom, absolute or relative: "D4:D9", "$D$4:$D$9". */
const colRange = (col: number, top: number, bottom: number, abs = false) =>
  abs ? absRange(top, col, bottom, col) : rangeAddr(top, col, bottom, col);

const f = (formula: string, result: string | number): Formula => ({ formula, result });

const whoseText = (w: Pick<ReviewedWorkbook, 'year' | 'period'>) =>
  [w.year === null ? '年度不明' : `${w.year} 年度`, w.period === null ? '期間不明' : periodText(w.period)].join(' ');

function yearsText(r: ReviewResult): string {
  const years = [...new Set(r.workbooks.map((w) => w.year).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  if (!years.length) return '';
  return years.length === 1 ? `${years[0]} 年度` : `${years[0]}–${years[years.length - 1]} 年度`;
}

// ---------------------------------------------------------------------------------------------------------------
// The score matrix (評分明細) and what the sheets compute from it
// ---------------------------------------------------------------------------------------------------------------

/** 評分明細: 單位 · 年度 · 期間 · one column per criterion · 檔案; workbook i on row FIRST + i, as on 總表. */
const FIRST = firstRow(1);
const M = { office: 1, year: 2, period: 3, criterion: (i: number) => 4 + i };

/** Each dimension's criteria, as a run of matrix columns (0-based criterion indexes, inclusive). */
function dimensionSpans(rubric: Rubric): { from: number; to: number }[] {
  let at = 0;
  return rubric.dimensions.map((d) => {
    const span = { from: at, to: at + d.criteria.length - 1 };
    at += d.criteria.length;
    return span;
  });
}

/** What 總表's formulas give for a workbook: the sums of its matrix row. */
interface Sums {
  dims: number[];
  total: number;
  /** criteria with a score */
  scored: number;
}

function sumsOf(rubric: Rubric, w: ReviewedWorkbook): Sums {
  const v = (i: number) => w.scores[i] ?? 0;
  const dims = dimensionSpans(rubric).map(({ from, to }) => {
    let s = 0;
    for (let i = from; i <= to; i++) s += v(i);
    return s;
  });
  return { dims, total: dims.reduce((s, x) => s + x, 0), scored: w.scores.filter((x) => x !== null).length };
}

const labelWithCap = (c: FlatCriterion) => `${c.label.zh}\n(${c.cap} 分)`;

function scoresSheet(rubric: Rubric, r: ReviewResult, name: string): SheetLayout {
  const flat = flatten(rubric);
  const fileCol = M.criterion(flat.length);
  const body = r.workbooks.map((w) => [
    w.office ?? UNKNOWN,
    w.year ?? UNKNOWN,
    w.period ? periodText(w.period) : UNKNOWN,
    ...flat.map((_, i) => w.scores[i] ?? null),
    w.file,
  ]);
  const last = FIRST + body.length - 1;
  const t = tableSheet({
    key: 'reviewScores',
    name,
    title: `${yearsText(r)}各單位自評分數明細`,
    note: '各活頁簿計入總分的自評分數（空白＝未評分或該格待修正）。總表、項目統計與上下半年對照都由此計算：在此修正分數，各表隨之重算。',
    header: [['單位', '年度', '期間', ...flat.map(labelWithCap), '檔案']],
    body,
    widths: [16, 7, 11, ...flat.map(() => 11), 36],
    empty: '（沒有可讀取的活頁簿）',
  });
  t.rowHeights[3] = 110;
  if (!body.length) return t;
  t.formats.push(centred(rangeAddr(FIRST, M.year, last, M.period)), {
    range: rangeAddr(FIRST, M.criterion(0), last, fileCol - 1),
    style: STYLE.input,
  });
  t.validations = flat.map((c, i) => scoreValidation(c, colRange(M.criterion(i), FIRST, last)));
  return t;
}

/** A manager's correction stays within 0…cap, as on the scorecards themselves. */
function scoreValidation(c: FlatCriterion, range: string): ValidationSpec {
  return {
    range,
    rule: { kind: 'decimal', min: 0, max: c.cap },
    errorStyle: 'stop',
    allowBlank: true,
    error: { title: '分數超出範圍', message: `${c.label.zh} 的分數須介於 0 到 ${c.cap} 分之間。` },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 總表
// ---------------------------------------------------------------------------------------------------------------

/** 總表's columns: 單位 · 年度 · 期間 · one per dimension · 總分 · 名次 · 已評項目 · 待修正格數 · 待改善事項 · 檔案 */
function totalsCols(rubric: Rubric) {
  const d = rubric.dimensions.length;
  return {
    dim: (i: number) => 4 + i,
    total: 4 + d,
    rank: 5 + d,
    scored: 6 + d,
    fix: 7 + d,
    open: 8 + d,
    file: 9 + d,
    width: 9 + d,
  };
}

/** Ranks as RANK.EQ gives them within a group of rows: ties share a rank. */
const ranksWithin = (totals: number[]) => totals.map((t) => 1 + totals.filter((o) => o > t).length);

function totalsRow(
  rubric: Rubric,
  w: ReviewedWorkbook,
  row: number,
  group: { top: number; bottom: number },
  rank: number,
  scores: string
) {
  const c = totalsCols(rubric);
  const s = sumsOf(rubric, w);
  const n = flatten(rubric).length;
  const matrix = (from: number, to: number) => `${scores}!${rangeAddr(row, M.criterion(from), row, M.criterion(to))}`;
  return [
    w.office ?? UNKNOWN,
    w.year ?? UNKNOWN,
    w.period ? periodText(w.period) : UNKNOWN,
    ...dimensionSpans(rubric).map((span, i) => f(`SUM(${matrix(span.from, span.to)})`, s.dims[i])),
    f(`SUM(${rangeAddr(row, c.dim(0), row, c.total - 1)})`, s.total),
    f(`RANK.EQ(${rangeAddr(row, c.total, row, c.total)},${absRange(group.top, c.total, group.bottom, c.total)})`, rank),
    f(`COUNT(${matrix(0, n - 1)})&" / ${n}"`, `${s.scored} / ${n}`),
    w.problems,
    w.openImprovements,
    w.file,
  ];
}

/** One row per year and half under the table: the averages of its dimension totals and totals. */
function averageRow(rubric: Rubric, r: ReviewResult, g: { first: number; last: number }): CellContent[] {
  const c = totalsCols(rubric);
  const sums = r.workbooks.slice(g.first, g.last + 1).map((w) => sumsOf(rubric, w));
  const avg = (col: number, pick: (s: Sums) => number) =>
    f(`AVERAGE(${colRange(col, FIRST + g.first, FIRST + g.last)})`, sums.reduce((t, s) => t + pick(s), 0) / sums.length);
  const row = lone(`${whoseText(r.workbooks[g.first])} 平均（${sums.length} 份）`, c.width);
  rubric.dimensions.forEach((_, i) => {
    row[c.dim(i) - 1] = avg(c.dim(i), (s) => s.dims[i]);
  });
  row[c.total - 1] = avg(c.total, (s) => s.total);
  return row;
}

function totalsBody(rubric: Rubric, r: ReviewResult, scores: string): CellContent[][] {
  const groups = groupsOf(r.workbooks);
  const rows: CellContent[][] = [];
  for (const g of groups) {
    const members = r.workbooks.slice(g.first, g.last + 1);
    const ranks = ranksWithin(members.map((w) => sumsOf(rubric, w).total));
    const span = { top: FIRST + g.first, bottom: FIRST + g.last };
    members.forEach((w, j) => rows.push(totalsRow(rubric, w, FIRST + g.first + j, span, ranks[j], scores)));
  }
  if (!rows.length) return rows;
  rows.push(lone(null, totalsCols(rubric).width));
  return [...rows, ...groups.map((g) => averageRow(rubric, r, g))];
}

function totalsLooks(
  rubric: Rubric,
  n: number,
  groups: number
): Pick<SheetLayout, 'formats' | 'conditionalFormats' | 'scales' | 'merges'> {
  const c = totalsCols(rubric);
  const last = FIRST + n - 1;
  const avgTop = last + 2;
  const avgBottom = avgTop + groups - 1;
  const fix = rangeAddr(FIRST, c.fix, FIRST, c.fix);
  return {
    formats: [
      centred(rangeAddr(FIRST, 2, last, 3)),
      { range: rangeAddr(FIRST, c.dim(0), last, c.scored), style: STYLE.computed },
      { range: rangeAddr(FIRST, c.total, last, c.rank), style: { ...STYLE.total, fontSize: 11 } },
      { range: rangeAddr(FIRST, c.fix, last, c.open), style: { ...STYLE.body, hAlign: 'center', vAlign: 'middle' } },
      { range: rangeAddr(avgTop, 1, avgBottom, c.width), style: { bold: true, border: true, vAlign: 'middle' } },
      { range: rangeAddr(avgTop, c.dim(0), avgBottom, c.total), style: { ...STYLE.computed, bold: true, numberFormat: '0.0' } },
    ],
    merges: Array.from({ length: groups }, (_, i) => rangeAddr(avgTop + i, 1, avgTop + i, 3)),
    conditionalFormats: [
      { range: colRange(c.fix, FIRST, last), formula: `${fix}>0`, fill: COLORS.bad, fontColor: COLORS.badText },
    ] satisfies ConditionalFormatSpec[],
    scales: [{ kind: 'dataBar', range: colRange(c.total, FIRST, last), color: BAR }],
  };
}

function totalsSheet(rubric: Rubric, r: ReviewResult, names: ReviewSheetNames): SheetLayout {
  const dims = rubric.dimensions.map((d) => `${d.zh}\n(${d.cap} 分)`);
  const n = r.workbooks.length;
  const t = tableSheet({
    key: 'reviewTotals',
    name: names.reviewTotals,
    title: `${yearsText(r)}各單位提升服務效能自行考核總表`,
    note:
      `共 ${n} 份活頁簿${r.unreadable.length ? `，另 ${r.unreadable.length} 份無法讀取（見「${names.reviewFlags}」）` : ''}。` +
      `依年度、期間分組，組內依總分由高至低排列；只與同年度同期間者相比，同分者並列。分數由「${names.reviewScores}」計算。`,
    header: [
      ['單位', '年度', '期間', ...dims, `總分\n(${rubric.total} 分)`, '名次', '已評項目', '待修正格數', '待改善事項', '檔案'],
    ],
    body: totalsBody(rubric, r, quoteSheet(names.reviewScores)),
    widths: [16, 7, 11, ...dims.map(() => 11), 11, 7, 10, 10, 10, 36],
    empty: '（沒有可讀取的活頁簿）',
  });
  if (!n) return t;
  const looks = totalsLooks(rubric, n, groupsOf(r.workbooks).length);
  return { ...t, ...looks, formats: [...t.formats, ...looks.formats], merges: [...t.merges, ...looks.merges] };
}

// ---------------------------------------------------------------------------------------------------------------
// 項目統計
// ---------------------------------------------------------------------------------------------------------------

/** 評核項目 · 配分 · 評分單位數 · 平均 · 平均得分率 · 最小 · 最大 · 標準差 · 滿分比例 */
const S = { label: 1, cap: 2, count: 3, mean: 4, ratio: 5, min: 6, max: 7, stdev: 8, atCap: 9 };

function statsRow(c: FlatCriterion, i: number, r: ReviewResult, scores: string): CellContent[] {
  const row = FIRST + i;
  const n = r.workbooks.length;
  const s = scoreStats(scoredValues(r.workbooks, i), c.cap);
  if (!n) return [c.label.zh, c.cap, 0, null, null, null, null, null, null];
  const rng = `${scores}!${colRange(M.criterion(i), FIRST, FIRST + n - 1, true)}`;
  const at = (col: number) => rangeAddr(row, col, row, col);
  const none = (x: number | null, min = 1) => (s.count < min || x === null ? '' : x);
  const guard = (formula: string, x: number | null, min = 1) => f(`IF(${at(S.count)}<${min},"",${formula})`, none(x, min));
  return [
    c.label.zh,
    c.cap,
    f(`COUNT(${rng})`, s.count),
    guard(`AVERAGE(${rng})`, s.mean),
    guard(`${at(S.mean)}/${at(S.cap)}`, s.mean === null ? null : s.mean / c.cap),
    guard(`MIN(${rng})`, s.min),
    guard(`MAX(${rng})`, s.max),
    guard(`STDEV.S(${rng})`, s.stdev, 2),
    guard(`COUNTIF(${rng},">="&${at(S.cap)})/${at(S.count)}`, s.atCap),
  ];
}

function criteriaSheet(rubric: Rubric, r: ReviewResult, names: ReviewSheetNames): SheetLayout {
  const flat = flatten(rubric);
  const scores = quoteSheet(names.reviewScores);
  const last = FIRST + flat.length - 1;
  const t = tableSheet({
    key: 'reviewCriteria',
    name: names.reviewCriteria,
    title: `${yearsText(r)}各評核項目統計`,
    note:
      `統計 ${r.workbooks.length} 份活頁簿中已評分的分數（未評分或待修正者不計），以公式由「${names.reviewScores}」計算。` +
      '標準差為樣本標準差（STDEV.S）；平均得分率＝平均÷配分，配分不同的項目可以互相比較。',
    header: [['評核項目', '配分', '評分單位數', '平均', '平均得分率', '最小', '最大', '標準差', '滿分比例']],
    body: flat.map((c, i) => statsRow(c, i, r, scores)),
    widths: [40, 8, 10, 10, 11, 9, 9, 10, 10],
    empty: '',
  });
  const col = (c: number) => colRange(c, FIRST, last);
  t.formats.push(
    { range: rangeAddr(FIRST, S.cap, last, S.atCap), style: { ...STYLE.computed } },
    { range: col(S.mean), style: { ...STYLE.computed, numberFormat: '0.00' } },
    { range: col(S.stdev), style: { ...STYLE.computed, numberFormat: '0.00' } },
    { range: col(S.ratio), style: { ...STYLE.computed, numberFormat: '0.0%' } },
    { range: col(S.atCap), style: { ...STYLE.computed, numberFormat: '0.0%' } }
  );
  // The scale is on the mean as a share of the cap: caps differ (50 to 140), so raw means would only show the caps.
  t.scales = [{ kind: 'colorScale', range: col(S.ratio), colors: SCALE }];
  return t;
}

// ---------------------------------------------------------------------------------------------------------------
// 待改善事項 · 疑點
// ---------------------------------------------------------------------------------------------------------------

const IMPROVEMENT_WIDTHS = [16, 30, 44, 40, 12, 36];

function improvementsSheet(rubric: Rubric, r: ReviewResult, names: ReviewSheetNames): SheetLayout {
  const labels = new Map(flatten(rubric).map((c) => [c.id, c.label.zh]));
  const body = r.openImprovements.map((i) => [
    i.office ?? UNKNOWN,
    labels.get(i.criterionId) ?? i.item,
    i.suggestion,
    i.progress || null,
    i.since || null,
    i.file,
  ]);
  const t = tableSheet({
    key: 'reviewImprovements',
    name: names.reviewImprovements,
    title: `${yearsText(r)}各單位待改善事項`,
    note: `各活頁簿改善追蹤表中尚未完成的建議改善事項，共 ${body.length} 項，依總表順序。`,
    header: [['單位', '評核項目', '建議改善事項', '辦理情形', '提出期別', '檔案']],
    body,
    widths: [...IMPROVEMENT_WIDTHS],
    empty: '（沒有待改善事項）',
  });
  body.forEach((row, i) => (t.rowHeights[FIRST + i] = rowHeightOf(row, IMPROVEMENT_WIDTHS)));
  if (body.length) t.formats.push({ range: rangeAddr(FIRST, 1, FIRST + body.length - 1, 6), style: { ...STYLE.body } });
  return t;
}

const rowHeightOf = (row: CellContent[], widths: number[]) =>
  Math.max(...row.map((v, j) => heightFor(typeof v === 'string' ? v : '', widths[j])));

const FLAG_WIDTHS = [16, 36, 90];

function flagsSheet(r: ReviewResult, names: ReviewSheetNames): SheetLayout {
  const body: CellContent[][] = [
    ...r.unreadable.map((u) => [FLAG_TEXT.unreadable, u.file, u.message.zh]),
    ...r.flags.map((x) => [FLAG_TEXT[x.kind], x.files.join('\n'), x.message.zh]),
  ];
  const t = tableSheet({
    key: 'reviewFlags',
    name: names.reviewFlags,
    title: `${yearsText(r)}檢閱疑點`,
    note: '請檢閱者留意的情形：無法讀取的檔案、分數完全相同、全部滿分、與上一期相同、尚未評完、有待修正的儲存格。',
    header: [['類別', '檔案', '說明']],
    body,
    widths: [...FLAG_WIDTHS],
    empty: '（未發現疑點）',
  });
  body.forEach((row, i) => (t.rowHeights[FIRST + i] = rowHeightOf(row, FLAG_WIDTHS)));
  if (body.length) t.formats.push({ range: rangeAddr(FIRST, 1, FIRST + body.length - 1, 3), style: { ...STYLE.body } });
  return t;
}

// ---------------------------------------------------------------------------------------------------------------
// 上下半年對照
// ---------------------------------------------------------------------------------------------------------------

/** Two header rows: 單位 · 年度, then 上半年 · 下半年 · 增減 under each dimension and the total. */
function pairsHeader(rubric: Rubric): CellContent[][] {
  const groups = [...rubric.dimensions.map((d) => d.zh), '總分'];
  return [
    ['單位', '年度', ...groups.flatMap((g) => [g, null, null])],
    [null, null, ...groups.flatMap(() => ['上半年', '下半年', '增減'])],
  ];
}

/** 總表's columns that 對照 shows: each dimension total, then the total. */
const pairSources = (rubric: Rubric) => {
  const c = totalsCols(rubric);
  return [...rubric.dimensions.map((_, i) => c.dim(i)), c.total];
};

/** One office and year: for each source column, 總表's H1 cell, its H2 cell, and H2 − H1. */
function pairRow(rubric: Rubric, r: ReviewResult, p: HalfYearPair, row: number, totals: string): CellContent[] {
  const at = (side: HalfYearPair['h1'], period: Period) =>
    r.workbooks.findIndex((w) => w.file === side.file && w.office === p.office && w.year === p.year && w.period === period);
  const [i1, i2] = [at(p.h1, 'H1'), at(p.h2, 'H2')];
  // The results are what 總表's cells give: the sums of the matrix rows.
  const [s1, s2] = [i1, i2].map((i) => sumsOf(rubric, r.workbooks[i])).map((s) => [...s.dims, s.total]);
  const cell = (r1: number, c1: number) => rangeAddr(r1, c1, r1, c1);
  return [
    p.office,
    p.year,
    ...pairSources(rubric).flatMap((src, k) => {
      const col = 3 + 3 * k;
      return [
        f(`${totals}!${cell(FIRST + i1, src)}`, s1[k]),
        f(`${totals}!${cell(FIRST + i2, src)}`, s2[k]),
        f(`${cell(row, col + 1)}-${cell(row, col)}`, s2[k] - s1[k]),
      ];
    }),
  ];
}

function pairsSheet(rubric: Rubric, r: ReviewResult, names: ReviewSheetNames, name: string): SheetLayout {
  const sources = pairSources(rubric);
  const first = firstRow(2);
  const body = r.pairs.map((p, k) => pairRow(rubric, r, p, first + k, quoteSheet(names.reviewTotals)));
  const width = 2 + 3 * sources.length;
  const t = tableSheet({
    key: 'reviewPairs',
    name,
    title: `${yearsText(r)}各單位上下半年對照`,
    note: `同一單位同一年度上半年（1 月至 6 月）與下半年（7 月至 12 月）的構面分數與總分，取自「${names.reviewTotals}」；增減＝下半年－上半年，減少者標紅。`,
    header: pairsHeader(rubric),
    body,
    widths: [16, 7, ...sources.flatMap(() => [9, 9, 8])],
    empty: '',
  });
  const last = first + body.length - 1;
  t.merges.push(rangeAddr(3, 1, 4, 1), rangeAddr(3, 2, 4, 2), ...sources.map((_, i) => rangeAddr(3, 3 + 3 * i, 3, 5 + 3 * i)));
  t.rowHeights[3] = 22;
  t.rowHeights[4] = 22;
  t.formats.push(centred(colRange(2, first, last)), { range: rangeAddr(first, 3, last, width), style: STYLE.computed });
  t.conditionalFormats = sources.map((_, i) => ({
    range: colRange(5 + 3 * i, first, last),
    formula: `${rangeAddr(first, 5 + 3 * i, first, 5 + 3 * i)}<0`,
    fill: COLORS.bad,
    fontColor: COLORS.badText,
  }));
  return t;
}

// ---------------------------------------------------------------------------------------------------------------

/** The review's sheets, in REVIEW_SHEET_ORDER; 上下半年對照 only when there are pairs. */
export function reviewSheets(rubric: Rubric, r: ReviewResult, names: ReviewSheetNames): SheetLayout[] {
  const sheets = [
    totalsSheet(rubric, r, names),
    criteriaSheet(rubric, r, names),
    improvementsSheet(rubric, r, names),
    flagsSheet(r, names),
  ];
  if (r.pairs.length) sheets.push(pairsSheet(rubric, r, names, names.reviewPairs ?? REVIEW_SHEET_NAMES.reviewPairs));
  sheets.push(scoresSheet(rubric, r, names.reviewScores));
  return sheets;
}
