import { quoteSheet, rangeAddr } from '../domain/a1';
import { FlatCriterion, capText, flatten } from '../domain/rubric';
import { FINDINGS_HEADER, NAMES, SIGN_OFF } from '../contract';
import { COLORS, LayoutContext, STYLE, grid, heightFor, PAGE, titleOf } from './common';
import { SCORECARD, STATUS_BLANK, STATUS_OK, scoreRows, scorecardMeta } from './scorecard';
import { CellContent, SheetLayout } from './types';

const C = SCORECARD.cols;
const W = FINDINGS_HEADER.length;
const WIDTHS = [26, 30, 22, 30, 30, 12];

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

/** The total, and how many criteria are scored and how many need fixing, from the scorecard's statuses. */
function fillTotalRows(rows: CellContent[][], ctx: LayoutContext, f: Frame, merges: string[]): void {
  const { flat, sc, scFirst, dimFirst, dimLast, totalRow, progressRow } = f;
  rows[totalRow - 1][0] = `總分（滿分 ${ctx.rubric.total} 分）：`;
  rows[totalRow - 1][W - 1] = { formula: `SUM(${rangeAddr(dimFirst, W, dimLast, W)})` };
  merges.push(rangeAddr(totalRow, 1, totalRow, W - 1));
  const statuses = `${sc}!${rangeAddr(scFirst, C.status, scFirst + flat.length - 1, C.status)}`;
  rows[progressRow - 1][0] = '已評分項目 · 待修正項目：';
  rows[progressRow - 1][W - 1] = {
    formula:
      `COUNTIF(${statuses},"${STATUS_OK}")&" / ${flat.length} · "&` +
      `(${flat.length}-COUNTIF(${statuses},"${STATUS_OK}")-COUNTIF(${statuses},"${STATUS_BLANK}"))`,
  };
  merges.push(rangeAddr(progressRow, 1, progressRow, W - 1));
}

/** 二、: the findings table, one row per criterion (the example's findings, or blank). */
function fillFindingsRows(
  rows: CellContent[][],
  ctx: LayoutContext,
  { flat, findingsTitle, fHeader, fFirst }: Frame,
  merges: string[],
  rowHeights: Record<number, number>
): void {
  rows[findingsTitle - 1][0] = '二、考核項目優點、缺點、建議改善事項及改善事項辦理情形：';
  merges.push(rangeAddr(findingsTitle, 1, findingsTitle, W));
  rows[fHeader - 1] = [...FINDINGS_HEADER];
  flat.forEach((c, i) => {
    const f = ctx.scorecardExample?.findings[i];
    const row: CellContent[] = [
      c.label.zh,
      f?.strengths ?? '',
      f?.weaknesses ?? '',
      f?.suggestion ?? '',
      f?.progress ?? '',
      f?.remarks ?? '',
    ];
    rows[fFirst + i - 1] = row.map((v) => (v === '' ? null : v));
    rowHeights[fFirst + i] = Math.max(...row.map((v, j) => heightFor(String(v ?? ''), WIDTHS[j], 2)));
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
      range: rangeAddr(totalRow, 1, progressRow, W - 1),
      style: { bold: true, hAlign: 'right', vAlign: 'middle', border: true },
    },
    { range: rangeAddr(totalRow, W, totalRow, W), style: STYLE.total },
    { range: rangeAddr(progressRow, W, progressRow, W), style: { ...STYLE.computed, fontColor: COLORS.muted } },
    { range: rangeAddr(findingsTitle, 1, findingsTitle, W), style: STYLE.heading },
    { range: rangeAddr(fHeader, 1, fHeader, W), style: STYLE.header },
    { range: rangeAddr(fFirst, 1, fLast, W), style: STYLE.body },
    { range: rangeAddr(fFirst, 1, fLast, 1), style: { ...STYLE.body, bold: true } },
    { range: rangeAddr(signRow, 1, signRow, SIGN_OFF.length), style: { bold: true, hAlign: 'center', vAlign: 'middle' } },
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

/** 自行考核結果彙整表: dimension subtotals, the total, the findings table and the sign-off line. */
export function summarySheet(ctx: LayoutContext): SheetLayout {
  const frame = frameOf(ctx);
  const { signRow } = frame;
  const rows = grid(signRow + 1, W);
  const rowHeights: Record<number, number> = { 1: 30, [signRow + 1]: 48 };
  const merges = [rangeAddr(1, 1, 1, W), rangeAddr(2, 1, 2, W), rangeAddr(3, 1, 3, W - 1)];

  fillTitleRows(rows, ctx);
  fillDimensionRows(rows, ctx, frame, merges, rowHeights);
  fillTotalRows(rows, ctx, frame, merges);
  fillFindingsRows(rows, ctx, frame, merges, rowHeights);
  SIGN_OFF.forEach((s, i) => (rows[signRow - 1][i] = s));

  return {
    key: 'summary',
    name: ctx.sheetNames.summary,
    rows,
    columnWidths: [...WIDTHS],
    rowHeights,
    merges,
    formats: summaryFormats(frame),
    validations: [],
    conditionalFormats: [],
    names: summaryNames(frame),
    print: { ...PAGE, orientation: 'landscape' },
    tabColor: '#2B579A',
  };
}
