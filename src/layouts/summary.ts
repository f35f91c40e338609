import { absRange, quoteSheet, rangeAddr } from '../domain/a1';
import { FlatCriterion, capText, flatten } from '../domain/rubric';
import { FINDINGS_HEADER, NAMES, SIGN_OFF, TRACKING_HEADER } from '../contract';
import { COLORS, LayoutContext, STYLE, grid, heightFor, PAGE, signOffLine, titleOf } from './common';
import { SCORECARD, STATUS_OK, scoreCounts, scoreRows, scorecardMeta, totalNoteFormula, totalNoteText } from './scorecard';
import { T } from './tracking';
import { CellContent, Formula, SheetLayout } from './types';

const C = SCORECARD.cols;
const W = FINDINGS_HEADER.length;
const WIDTHS = [26, 30, 22, 30, 30, 12];

/** The sign-off line under the findings (經辦 經理 副處長 處長: the summary's has no 課長), one cell across the table. */
export const SUMMARY_SIGN_OFF = signOffLine(
  SIGN_OFF.summary,
  WIDTHS.reduce((a, b) => a + b, 0)
);

/** Where each block of the sheet starts: the scores table from row 4, then the findings, then the sign-off. */
interface Frame {
  flat: FlatCriterion[];
  /** the scorecard sheet, quoted for formulas */
  sc: string;
  /** the scorecard's first criterion row */
  scFirst: number;
  dimFirst: number;
  dimLast: number;
  totalRow: number;
  progressRow: number;
  findingsTitle: number;
  fHeader: number;
  fFirst: number;
  fLast: number;
  signRow: number;
}

function frameOf(ctx: LayoutContext): Frame {
  const flat = flatten(ctx.rubric);
  const dimFirst = 4;
  const dimLast = dimFirst + ctx.rubric.dimensions.length - 1;
  const totalRow = dimLast + 1;
  const progressRow = totalRow + 1;
  const findingsTitle = progressRow + 2;
  const fHeader = findingsTitle + 1;
  const fLast = fHeader + flat.length;
  return {
    flat,
    sc: quoteSheet(ctx.sheetNames.scorecard),
    scFirst: scoreRows(flat.length).first,
    dimFirst,
    dimLast,
    totalRow,
    progressRow,
    findingsTitle,
    fHeader,
    fFirst: fHeader + 1,
    fLast,
    signRow: fLast + 2,
  };
}

/** Rows 1–3: the title (following the scorecard's OfficeName, RocYear and Period), the heading, the table header. */
function fillTitleRows(rows: CellContent[][], ctx: LayoutContext): void {
  rows[0][0] = titleOf(
    { ...ctx, metaCells: ctx.metaCells ?? scorecardMeta(ctx.sheetNames.scorecard) },
    '提升服務效能執行計畫自行考核結果彙整表'
  );
  rows[1][0] = '一、考核成績：';
  rows[2][0] = `考核項目(總成績 ${ctx.rubric.total} 分)`;
  rows[2][W - 1] = '分數';
}

/** One row per dimension: its name, its criteria, and the sum of their counted scores on the scorecard. */
function fillDimensionRows(
  rows: CellContent[][],
  ctx: LayoutContext,
  { flat, sc, scFirst, dimFirst }: Frame,
  merges: string[],
  rowHeights: Record<number, number>
): void {
  let offset = 0;
  ctx.rubric.dimensions.forEach((d, i) => {
    const r = dimFirst + i;
    const a = scFirst + offset;
    const b = a + d.criteria.length - 1;
    offset += d.criteria.length;
    rows[r - 1][0] = `${d.zh} ${capText(d.cap)}`;
    rows[r - 1][1] = flat
      .slice(a - scFirst, b - scFirst + 1)
      .map((c) => `${c.area.numeral}${c.area.zh}`)
      .join('\n');
    rows[r - 1][W - 1] = { formula: `SUM(${sc}!${rangeAddr(a, C.counted, b, C.counted)})` };
    merges.push(rangeAddr(r, 2, r, W - 1));
    rowHeights[r] = heightFor(rows[r - 1][1] as string, 200);
  });
}

/** The total, and under it the note saying whether it is final, from the scorecard's statuses. */
function fillTotalRows(rows: CellContent[][], ctx: LayoutContext, f: Frame, merges: string[]): void {
  const { flat, sc, scFirst, dimFirst, dimLast, totalRow, progressRow } = f;
  rows[totalRow - 1][0] = `總分（滿分 ${ctx.rubric.total} 分）：`;
  rows[totalRow - 1][W - 1] = { formula: `SUM(${rangeAddr(dimFirst, W, dimLast, W)})` };
  merges.push(rangeAddr(totalRow, 1, totalRow, W - 1));
  const statuses = `${sc}!${rangeAddr(scFirst, C.status, scFirst + flat.length - 1, C.status)}`;
  const counts = scoreCounts(
    ctx.scorecardExample?.selfScores ?? [],
    flat.map((c) => c.cap)
  );
  rows[progressRow - 1][0] = {
    formula: totalNoteFormula(statuses, flat.length),
    result: totalNoteText(flat.length, counts.ok, counts.blank),
  };
  merges.push(rangeAddr(progressRow, 1, progressRow, W));
}

/** A column of ImprovementTracking found by its header, so it holds when staff move the table's columns. */
const trackingColumn = (header: string) => `INDEX(${NAMES.tracking},0,MATCH("${header}",INDEX(${NAMES.tracking},1,0),0))`;

/**
 * The progress typed in the tracking sheet for a criterion, live: the 改善辦理情形 of the last row whose hidden
 * 項目代碼 is the criterion's; blank when there is none or it is blank (never 0), and blank rather than an error
 * when the table or its name is gone. LOOKUP(2,1/(…)) finds the last match without array entry, in Excel and
 * LibreOffice alike.
 */
export function progressFormula(criterionId: string): string {
  const keys = trackingColumn(TRACKING_HEADER[T.key]);
  const progress = trackingColumn(TRACKING_HEADER[T.progress]);
  return `IFERROR(LOOKUP(2,1/(${keys}="${criterionId}"),${progress})&"","")`;
}

/** A tracking row as far as the summary shows it: which criterion, and its progress. */
export interface TrackedProgress {
  key: string;
  progress: string;
}

/**
 * 二、: the findings table, one row per criterion (the example's findings, or blank). 改善事項辦理情形 is a
 * formula over the tracking sheet (progressFormula), written with what `tracked` holds for readers that do
 * not calculate.
 */
function fillFindingsRows(
  rows: CellContent[][],
  ctx: LayoutContext,
  { flat, findingsTitle, fHeader, fFirst }: Frame,
  tracked: TrackedProgress[],
  merges: string[],
  rowHeights: Record<number, number>
): void {
  rows[findingsTitle - 1][0] = '二、考核項目優點、缺點、建議改善事項及改善事項辦理情形：';
  merges.push(rangeAddr(findingsTitle, 1, findingsTitle, W));
  rows[fHeader - 1] = [...FINDINGS_HEADER];
  flat.forEach((c, i) => {
    const f = ctx.scorecardExample?.findings[i];
    const progress = tracked.filter((t) => t.key === c.id).pop()?.progress ?? '';
    const texts = [c.label.zh, f?.strengths ?? '', f?.weaknesses ?? '', f?.suggestion ?? '', progress, f?.remarks ?? ''];
    const row: CellContent[] = texts.map((v) => (v === '' ? null : v));
    row[4] = { formula: progressFormula(c.id), result: progress } satisfies Formula;
    rows[fFirst + i - 1] = row;
    rowHeights[fFirst + i] = Math.max(...texts.map((v, j) => heightFor(v, WIDTHS[j], 2)));
  });
}

function summaryFormats(f: Frame): SheetLayout['formats'] {
  const { dimFirst, dimLast, totalRow, progressRow, findingsTitle, fHeader, fFirst, fLast, signRow } = f;
  return [
    { range: rangeAddr(1, 1, 1, W), style: STYLE.title },
    { range: rangeAddr(2, 1, 2, W), style: STYLE.heading },
    { range: rangeAddr(3, 1, 3, W), style: STYLE.header },
    { range: rangeAddr(dimFirst, 1, dimLast, W - 1), style: { ...STYLE.body, vAlign: 'middle' } },
    { range: rangeAddr(dimFirst, 1, dimLast, 1), style: { ...STYLE.body, bold: true, vAlign: 'middle', hAlign: 'center' } },
    { range: rangeAddr(dimFirst, W, dimLast, W), style: STYLE.computed },
    {
      range: rangeAddr(totalRow, 1, totalRow, W - 1),
      style: { bold: true, hAlign: 'right', vAlign: 'middle', border: true },
    },
    { range: rangeAddr(totalRow, W, totalRow, W), style: STYLE.total },
    { range: rangeAddr(progressRow, 1, progressRow, W), style: { bold: true, hAlign: 'right', vAlign: 'middle' } },
    { range: rangeAddr(findingsTitle, 1, findingsTitle, W), style: STYLE.heading },
    { range: rangeAddr(fHeader, 1, fHeader, W), style: STYLE.header },
    { range: rangeAddr(fFirst, 1, fLast, W), style: STYLE.body },
    { range: rangeAddr(fFirst, 1, fLast, 1), style: { ...STYLE.body, bold: true } },
    { range: rangeAddr(signRow, 1, signRow, W), style: { bold: true, hAlign: 'center', vAlign: 'middle' } },
  ];
}

function summaryNames({ dimFirst, dimLast, totalRow, fHeader, fLast }: Frame): SheetLayout['names'] {
  return [
    {
      name: NAMES.dimensionTotals,
      range: rangeAddr(dimFirst, W, dimLast, W),
      comment: 'Subtotal of each dimension, rubric order',
    },
    { name: NAMES.totalScore, range: rangeAddr(totalRow, W, totalRow, W), comment: 'Grand total of the valid self-scores' },
    {
      name: NAMES.findings,
      range: rangeAddr(fHeader, 1, fLast, W),
      comment: 'Findings, header row included, one row per criterion',
    },
  ];
}

/** The note under the total in red while the total is not final. */
function summaryConditionalFormats({ flat, sc, scFirst, progressRow }: Frame): SheetLayout['conditionalFormats'] {
  const statuses = `${sc}!${absRange(scFirst, C.status, scFirst + flat.length - 1, C.status)}`;
  return [
    {
      range: rangeAddr(progressRow, 1, progressRow, W),
      formula: `COUNTIF(${statuses},"${STATUS_OK}")<${flat.length}`,
      fill: COLORS.bad,
      fontColor: COLORS.badText,
    },
  ];
}

/**
 * 自行考核結果彙整表: dimension subtotals, the total and whether it is final, the findings table (its progress
 * from the tracking sheet) and the sign-off line. The findings' header repeats on every page after its first.
 */
export function summarySheet(ctx: LayoutContext, tracked: TrackedProgress[] = []): SheetLayout {
  const frame = frameOf(ctx);
  const { signRow, fHeader } = frame;
  const rows = grid(signRow + 1, W);
  const rowHeights: Record<number, number> = { 1: 30, [signRow + 1]: 48 };
  const merges = [rangeAddr(1, 1, 1, W), rangeAddr(2, 1, 2, W), rangeAddr(3, 1, 3, W - 1), rangeAddr(signRow, 1, signRow, W)];

  fillTitleRows(rows, ctx);
  fillDimensionRows(rows, ctx, frame, merges, rowHeights);
  fillTotalRows(rows, ctx, frame, merges);
  fillFindingsRows(rows, ctx, frame, tracked, merges, rowHeights);
  rows[signRow - 1][0] = SUMMARY_SIGN_OFF;

  return {
    key: 'summary',
    name: ctx.sheetNames.summary,
    rows,
    columnWidths: [...WIDTHS],
    rowHeights,
    merges,
    formats: summaryFormats(frame),
    validations: [],
    conditionalFormats: summaryConditionalFormats(frame),
    names: summaryNames(frame),
    // The scores table always fits on the first page; the findings table is the one that runs on.
    print: { ...PAGE, orientation: 'landscape', titleRows: `${fHeader}:${fHeader}` },
    tabColor: '#2B579A',
  };
}
