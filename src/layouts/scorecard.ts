import { absRange, addr, colLetters, rangeAddr } from '../domain/a1';
import { FlatCriterion, capText, flatten } from '../domain/rubric';
import { NAMES, PERIODS, SCORECARD_HEADER, YEAR_RANGE } from '../contract';
import { COLORS, LayoutContext, MetaCells, STYLE, cellRef, grid, heightFor, PAGE, titleOf } from './common';
import { CellContent, SheetLayout } from './types';

/** Where things are on the scorecard sheet; the summary sheet's formulas point here. */
export const SCORECARD = {
  firstRow: 5,
  cols: { dimension: 1, criterion: 2, cap: 3, guidance: 4, score: 5, counted: 6, status: 7 },
  width: 7,
  headerRow: 4,
  totalCell: 'E2',
  /** the note beside the total saying whether it is final (the label 總分（滿分…） follows it) */
  noteCell: 'D2',
  /**
   * OfficeName, RocYear and Period: one cell each, each with its label in the cell on its left (受考單位 A3,
   * 年度 C3, 期間 E3) for readers that look for labelled cells. Row 3 prints (between the title and the
   * table), F3 and the 配分 column do not: D3's number format says 年度 and F3's says 期間 on screen, and
   * E3's label is not shown, so no label prints without its value.
   */
  meta: { office: 'B3', rocYear: 'D3', period: 'F3' },
  /** the last column that prints: the seed's columns (執行構面 · 評核項目 · 評分重點 · 自評) and the hidden 配分 */
  printedWidth: 5,
} as const;

/** The scorecard's OfficeName, RocYear and Period cells, for titles on other sheets. */
export const scorecardMeta = (sheet: string): MetaCells => ({
  office: cellRef(sheet, SCORECARD.meta.office),
  rocYear: cellRef(sheet, SCORECARD.meta.rocYear),
  period: cellRef(sheet, SCORECARD.meta.period),
});

export const STATUS_OK = '✓';
export const STATUS_BLANK = '未評分';
/** What the note beside a total says when every criterion holds a valid score. */
export const TOTAL_FINAL = '總分已確定';

/** Rows of the scorecard for a rubric: first and last criterion row. */
export const scoreRows = (n: number) => ({ first: SCORECARD.firstRow, last: SCORECARD.firstRow + n - 1 });

/**
 * Whether a total is final, from the 檢核 statuses (a range of n cells, as a formula reference):
 * 「尚有 2 項需修正、3 項未評分，總分未定」, or TOTAL_FINAL when all n are valid. A total that is not final
 * never looks final, on screen or on paper, with or without the add-in.
 */
export function totalNoteFormula(statuses: string, n: number): string {
  const ok = `COUNTIF(${statuses},"${STATUS_OK}")`;
  const blank = `COUNTIF(${statuses},"${STATUS_BLANK}")`;
  const bad = `(${n}-${ok}-${blank})`;
  return (
    `IF(${ok}=${n},"${TOTAL_FINAL}","尚有 "&IF(${bad}>0,${bad}&" 項需修正"&IF(${blank}>0,"、",""),"")` +
    `&IF(${blank}>0,${blank}&" 項未評分","")&"，總分未定")`
  );
}

/** What totalNoteFormula gives for these counts, for readers that do not calculate. */
export function totalNoteText(n: number, ok: number, blank: number): string {
  if (ok === n) return TOTAL_FINAL;
  const bad = n - ok - blank;
  const parts = [bad > 0 ? `${bad} 項需修正` : '', blank > 0 ? `${blank} 項未評分` : ''].filter(Boolean);
  return `尚有 ${parts.join('、')}，總分未定`;
}

/** How many scores are valid and how many blank, as the 檢核 column counts them (for written results). */
export function scoreCounts(scores: (number | null | undefined)[], caps: number[]): { ok: number; blank: number } {
  let ok = 0;
  let blank = 0;
  caps.forEach((cap, i) => {
    const v = scores[i];
    if (v === null || v === undefined) blank++;
    else if (v >= 0 && v <= cap) ok++;
  });
  return { ok, blank };
}

const C = SCORECARD.cols;
const M = SCORECARD.meta;
/** 配分 (C) is hidden: each criterion's label shows its cap, as the seed's does, and ScoreCaps stays in C. */
const WIDTHS = [14, 31, 0, 62, 11, 8, 14];

/** The criteria and the rows they take: what every part of the sheet is placed by. */
interface Frame {
  flat: FlatCriterion[];
  first: number;
  last: number;
  /** the self-score column, the status column */
  scores: string;
  statuses: string;
}

function frameOf(ctx: LayoutContext): Frame {
  const flat = flatten(ctx.rubric);
  const { first, last } = scoreRows(flat.length);
  return {
    flat,
    first,
    last,
    scores: rangeAddr(first, C.score, last, C.score),
    statuses: rangeAddr(first, C.status, last, C.status),
  };
}

/**
 * Rows 1–4: the title; the date line, the note saying whether the total is final with the total's label, and
 * the total; OfficeName / RocYear / Period; the column headers.
 */
function fillHeaderRows(rows: CellContent[][], ctx: LayoutContext, { flat, first, last, statuses }: Frame): void {
  rows[0][0] = titleOf(
    { ...ctx, metaCells: { office: M.office, rocYear: M.rocYear, period: M.period } },
    '提升服務效能執行計畫考核項目及評分表'
  );
  rows[1][0] = '考核日期：　　年　　月　　日';
  const counts = scoreCounts(
    ctx.scorecardExample?.selfScores ?? [],
    flat.map((c) => c.cap)
  );
  const label = `　　總分（滿分 ${ctx.rubric.total} 分）：`;
  rows[1][C.guidance - 1] = {
    formula: `${totalNoteFormula(statuses, flat.length)}&"${label}"`,
    result: `${totalNoteText(flat.length, counts.ok, counts.blank)}${label}`,
  };
  rows[1][C.score - 1] = { formula: `SUM(${rangeAddr(first, C.counted, last, C.counted)})` };
  rows[1][C.counted - 1] = {
    formula: `"已評 "&COUNTIF(${statuses},"${STATUS_OK}")&" / ${flat.length}"`,
  };
  rows[2] = [
    '受考單位',
    ctx.office,
    '年度',
    ctx.rocYear,
    '期間',
    ctx.period,
    // the half in words, beside its code (on screen)
    {
      formula: `IF(${M.period}="H2","7 月至 12 月","1 月至 6 月")`,
      result: ctx.period === 'H2' ? '7 月至 12 月' : '1 月至 6 月',
    },
  ];
  rows[3] = [...SCORECARD_HEADER];
}

/** The counted score of row r: only a valid score counts, so a typo cannot inflate or deflate a total. */
const countedFormula = (r: number) => countedFor(addr(r, C.score), addr(r, C.cap));

/** The counted score of the score cell `e` (a reference) against the cap in `cap`: the formula 計入 holds. */
export function countedFor(e: string, cap: string): string {
  // ISLOGICAL first: LibreOffice counts TRUE as a number, Excel does not.
  return `IF(ISLOGICAL(${e}),0,IF(ISNUMBER(${e}),IF(AND(${e}>=0,${e}<=${cap}),${e},0),0))`;
}

/** What is wrong with row r's score, in words, or STATUS_OK / STATUS_BLANK. */
const statusFormula = (r: number) => statusFor(addr(r, C.score), addr(r, C.cap));

/** What is wrong with the score cell `e` against the cap in `capCell`, in words: the formula 檢核 holds. */
export function statusFor(e: string, capCell: string): string {
  return (
    `IF(ISBLANK(${e}),"${STATUS_BLANK}",IF(ISERROR(${e}),"錯誤值",IF(ISLOGICAL(${e}),"非數值",IF(ISNUMBER(${e}),` +
    `IF(${e}<0,"低於 0",IF(${e}>${capCell},"超過配分 "&${capCell},"${STATUS_OK}")),"非數值"))))`
  );
}

/**
 * One row per criterion: its dimension, label, cap, guidance, self-score (the example's, or blank), counted
 * score and status. The dimension is written in every row of it, not merged: a page that continues a
 * dimension still says which one it is. Returns the row heights that show the wrapped text whole.
 */
function fillCriterionRows(rows: CellContent[][], ctx: LayoutContext, { flat, first }: Frame): Record<number, number> {
  const rowHeights: Record<number, number> = {};
  flat.forEach((c, i) => {
    const r = first + i;
    const row = rows[r - 1];
    row[C.dimension - 1] = `${c.dimension.zh}\n${capText(c.dimension.cap)}`;
    row[C.criterion - 1] = `${c.area.numeral}${c.area.zh}\n${capText(c.cap)}`;
    row[C.cap - 1] = c.cap;
    row[C.guidance - 1] = c.guidance;
    row[C.score - 1] = ctx.scorecardExample?.selfScores[i] ?? null;
    row[C.counted - 1] = { formula: countedFormula(r) };
    row[C.status - 1] = { formula: statusFormula(r) };
    rowHeights[r] = Math.max(heightFor(c.guidance, WIDTHS[C.guidance - 1]), heightFor(row[C.criterion - 1] as string, WIDTHS[1]));
  });
  return rowHeights;
}

function scorecardFormats({ first, last, scores, statuses }: Frame): SheetLayout['formats'] {
  const printed = SCORECARD.printedWidth;
  return [
    { range: rangeAddr(1, 1, 1, printed), style: STYLE.title },
    { range: rangeAddr(2, 1, 2, 2), style: { hAlign: 'left', vAlign: 'middle' } },
    { range: SCORECARD.noteCell, style: { bold: true, hAlign: 'right', vAlign: 'middle' } },
    { range: SCORECARD.totalCell, style: STYLE.total },
    { range: rangeAddr(2, 6, 2, 7), style: { hAlign: 'left', vAlign: 'middle', fontColor: COLORS.muted } },
    { range: rangeAddr(3, 1, 3, SCORECARD.width), style: { hAlign: 'left', vAlign: 'middle' } },
    { range: 'A3', style: { bold: true, hAlign: 'right' } },
    { range: M.office, style: { fill: COLORS.input, border: true, numberFormat: '@' } },
    // The label in the number format: the cell stays the number 114, and prints as "114 年度".
    { range: M.rocYear, style: { fill: COLORS.input, border: true, numberFormat: '0" 年度"' } },
    { range: 'E3', style: { numberFormat: ';;;' } },
    { range: M.period, style: { fill: COLORS.input, border: true, hAlign: 'center', numberFormat: '"期間 "@' } },
    { range: rangeAddr(4, 1, 4, SCORECARD.width), style: STYLE.header },
    { range: rangeAddr(first, 1, last, SCORECARD.width), style: STYLE.body },
    {
      range: rangeAddr(first, C.dimension, last, C.criterion),
      style: { bold: true, hAlign: 'center', vAlign: 'middle', wrap: true, border: true },
    },
    // Hidden: not wrapped, so no printer draws its digits down a zero-width column.
    { range: rangeAddr(first, C.cap, last, C.cap), style: { hAlign: 'center', vAlign: 'middle', border: true, wrap: false } },
    { range: scores, style: { ...STYLE.input, fontSize: 12, bold: true } },
    { range: rangeAddr(first, C.counted, last, C.counted), style: { ...STYLE.computed, fontColor: COLORS.muted } },
    { range: statuses, style: { hAlign: 'center', vAlign: 'middle', border: true, wrap: true } },
  ];
}

/** Period from its list and RocYear a ROC year, wherever those cells are (the scorecard's, adopt's totals sheet). */
export function metaValidations(cells: { rocYear: string; period: string }): SheetLayout['validations'] {
  return [
    {
      range: cells.period,
      rule: { kind: 'list', values: [...PERIODS] },
      errorStyle: 'stop',
      allowBlank: false,
      prompt: { title: '期間', message: 'H1 = 1 月至 6 月，H2 = 7 月至 12 月' },
      error: { title: '期間', message: '期間須為 H1 或 H2。' },
    },
    {
      range: cells.rocYear,
      rule: { kind: 'whole', min: YEAR_RANGE.min, max: YEAR_RANGE.max },
      errorStyle: 'stop',
      allowBlank: false,
      error: { title: '年度', message: `請輸入民國年，例如 114（${YEAR_RANGE.min} 到 ${YEAR_RANGE.max}）。` },
    },
  ];
}

/** Period and RocYear from their lists, each self-score between 0 and its cap. */
function scorecardValidations({ flat, first }: Frame): SheetLayout['validations'] {
  return [
    ...metaValidations(M),
    ...(flat.map((c, i) => ({
      range: addr(first + i, C.score),
      rule: { kind: 'decimal', min: 0, max: c.cap },
      errorStyle: 'stop',
      allowBlank: true,
      prompt: { title: '自評', message: `請輸入 0 到 ${c.cap} 之間的分數。` },
      error: { title: '分數超出範圍', message: `${c.label.zh}：自評須為 0 到 ${c.cap} 之間的數字。` },
    })) as SheetLayout['validations']),
  ];
}

/** Bad scores and their statuses in red. */
function scorecardConditionalFormats({ flat, first, last, scores, statuses }: Frame): SheetLayout['conditionalFormats'] {
  const e1 = addr(first, C.score);
  return [
    // Works without the add-in, and catches what paste lets past the validation rule.
    {
      range: scores,
      formula: `IF(ISBLANK(${e1}),FALSE,IF(ISLOGICAL(${e1}),TRUE,IF(ISNUMBER(${e1}),OR(${e1}<0,${e1}>$${colLetters(C.cap)}${first}),TRUE)))`,
      fill: COLORS.bad,
      fontColor: COLORS.badText,
    },
    {
      range: statuses,
      formula: `AND(${addr(first, C.status)}<>"${STATUS_OK}",${addr(first, C.status)}<>"${STATUS_BLANK}")`,
      fill: COLORS.bad,
      fontColor: COLORS.badText,
    },
    // The note beside the total in red while the total is not final.
    {
      range: SCORECARD.noteCell,
      formula: `COUNTIF(${absRange(first, C.status, last, C.status)},"${STATUS_OK}")<${flat.length}`,
      fill: COLORS.bad,
      fontColor: COLORS.badText,
    },
  ];
}

/** OfficeName, RocYear and Period over their cells, wherever those are (the scorecard's, adopt's totals sheet). */
export function metaNames(cells: { office: string; rocYear: string; period: string }): SheetLayout['names'] {
  return [
    { name: NAMES.office, range: cells.office, comment: 'The district office whose form this is' },
    { name: NAMES.rocYear, range: cells.rocYear, comment: 'ROC year of the form, e.g. 114' },
    { name: NAMES.period, range: cells.period, comment: 'Half-year of the form: H1 or H2' },
  ];
}

function scorecardNames({ first, last, scores }: Frame): SheetLayout['names'] {
  return [
    { name: NAMES.scoreCaps, range: rangeAddr(first, C.cap, last, C.cap), comment: 'Cap of each criterion, rubric order' },
    { name: NAMES.selfScores, range: scores, comment: 'Self-score input of each criterion, rubric order' },
    ...metaNames(M),
  ];
}

/** 考核項目及評分表: the form header, one row per criterion with its self-score, and the checks on them. */
export function scorecardSheet(ctx: LayoutContext): SheetLayout {
  const frame = frameOf(ctx);
  const rows = grid(frame.last, SCORECARD.width);
  fillHeaderRows(rows, ctx, frame);
  const rowHeights = fillCriterionRows(rows, ctx, frame);
  return {
    key: 'scorecard',
    name: ctx.sheetNames.scorecard,
    rows,
    columnWidths: [...WIDTHS],
    rowHeights: { 1: 30, 2: 22, 3: 20, 4: 22, ...rowHeights },
    merges: [rangeAddr(1, 1, 1, SCORECARD.printedWidth), rangeAddr(2, 1, 2, 2), rangeAddr(2, 6, 2, 7)],
    formats: scorecardFormats(frame),
    validations: scorecardValidations(frame),
    conditionalFormats: scorecardConditionalFormats(frame),
    names: scorecardNames(frame),
    // 計入 and 檢核 (and the hidden 配分) never print. Rows bounded: LibreOffice saves a whole-height area as
    // $A:$E, which ExcelJS cannot read back.
    print: {
      ...PAGE,
      orientation: 'portrait',
      titleRows: `${SCORECARD.headerRow}:${SCORECARD.headerRow}`,
      area: rangeAddr(1, 1, frame.last, SCORECARD.printedWidth),
    },
    freezeRows: 4,
    tabColor: '#2B579A',
  };
}
