import { rangeAddr } from '../domain/a1';
import { DONE_CHOICES, DONE_HEADER, SIGN_OFF, TRACKING_HEADER, NAMES } from '../contract';
import type { NewRow } from '../domain/tracking';
import { COLORS, LayoutContext, PAGE, STYLE, grid, heightFor, signOffLine, titleOf } from './common';
import { scorecardMeta } from './scorecard';
import { CellContent, FormatSpec, SheetLayout, ValidationSpec } from './types';

/** Column offsets of the tracking table, in the contract's order. */
export const T = { item: 0, suggestion: 1, progress: 2, remarks: 3, status: 4, key: 5, source: 6 } as const;
export type TrackColumn = keyof typeof T;
export const TRACKING_WIDTH = TRACKING_HEADER.length;
export const TRACKING_HEADER_ROW = 4;
/**
 * 辦理狀態 (staff's column) in the template: right after the tool's columns, so theirs keep their positions, and
 * outside ImprovementTracking, whose range other tools know as the tool's columns. Readers find it by its header.
 */
export const DONE_AT = TRACKING_WIDTH;
const SHEET_WIDTH = TRACKING_WIDTH + 1;
const WIDTHS = [28, 36, 36, 14, 16, 14, 30, 12];
/** 項目代碼 and 建立依據 are bookkeeping for rebuilds: hidden, but kept inside the table so they move with it. */
export const TRACKING_HIDDEN = [T.key, T.source] as const;
/**
 * What prints: the seed's columns (考核項目 · 建議改善事項 · 改善辦理情形 · 備註), from the title to the sign-off
 * line; 狀態 is the tool's note to staff, and the bookkeeping and staff's own columns stay off the paper. Rows
 * inserted into the table grow the area, in Excel as in the file (a whole-column area would need no growing,
 * but LibreOffice saves one as $A:$D, which ExcelJS cannot read back).
 */
const PRINTED = 4;
/** The sign-off line under the table (經辦 課長 經理 副處長 處長), one cell across the printed columns. */
export const TRACKING_SIGN_OFF = signOffLine(
  SIGN_OFF.tracking,
  WIDTHS.slice(0, PRINTED).reduce((a, b) => a + b, 0)
);

/** A row of a tracking sheet as a layout writes it: a new row, with 辦理狀態 when it is known (a carried row). */
export type TrackingRow = Omit<NewRow, 'after'> & { done?: string };

/** A new row's cells, in the contract's column order (辦理狀態 is not among them). */
export const newRowCells = (r: Omit<NewRow, 'after'>): CellContent[] =>
  [r.item, r.suggestion, r.progress, r.remarks, '', r.key, r.source].map((v) => (v === '' ? null : v));

/** The drop-down of 辦理狀態 over `range` (blank allowed: a row nobody has marked yet). */
export const doneValidation = (range: string): ValidationSpec => ({
  range,
  rule: { kind: 'list', values: [...DONE_CHOICES] },
  errorStyle: 'stop',
  allowBlank: true,
  error: { title: DONE_HEADER, message: `請從清單選擇：${DONE_CHOICES.join('、')}` },
});

/** The body look of 辦理狀態 cells, rows top..bottom, in the sheet column `col`. */
export const doneFormats = (top: number, bottom: number, col: number): FormatSpec[] =>
  bottom < top ? [] : [{ range: rangeAddr(top, col, bottom, col), style: { ...STYLE.body, hAlign: 'center' } }];

/** The table's look for rows top..bottom (1-based sheet rows) whose first column is `left`. */
export function bodyFormats(
  top: number,
  bottom: number,
  left: number,
  statusCol: number = left + T.status,
  width: number = TRACKING_WIDTH
): FormatSpec[] {
  if (bottom < top) return [];
  return [
    { range: rangeAddr(top, left, bottom, left + width - 1), style: STYLE.body },
    { range: rangeAddr(top, statusCol, bottom, statusCol), style: { ...STYLE.body, fontColor: COLORS.badText } },
  ];
}

/** Height that shows a row's wrapped text whole. */
export const rowHeight = (r: Pick<NewRow, 'item' | 'suggestion' | 'progress' | 'remarks'>) =>
  Math.max(...[r.item, r.suggestion, r.progress, r.remarks].map((t, j) => heightFor(t, WIDTHS[j], 2)));

/** A new tracking sheet holding `rows` in order (rubric order when built from findings). */
export function trackingSheet(ctx: LayoutContext, rows: TrackingRow[]): SheetLayout {
  const top = TRACKING_HEADER_ROW;
  const bottom = top + rows.length;
  const signRow = bottom + 2;
  const cells = grid(signRow + 1, SHEET_WIDTH);
  const metaCells = ctx.metaCells ?? scorecardMeta(ctx.sheetNames.scorecard);
  cells[0][0] = titleOf({ ...ctx, metaCells }, '提升服務效能執行計畫');
  cells[1][0] = '建議改善事項辦理情形表';
  cells[2][0] = '※ 考核項目之建議改善事項及改善辦理情形：';
  cells[top - 1] = [...TRACKING_HEADER, DONE_HEADER];
  const rowHeights: Record<number, number> = { 1: 26, 2: 24, [signRow + 1]: 48 };
  rows.forEach((r, i) => {
    cells[top + i] = [...newRowCells(r), r.done || null];
    rowHeights[top + 1 + i] = rowHeight(r);
  });
  cells[signRow - 1][0] = TRACKING_SIGN_OFF;
  return {
    key: 'tracking',
    name: ctx.sheetNames.tracking,
    rows: cells,
    columnWidths: WIDTHS.map((w, i) => ((TRACKING_HIDDEN as readonly number[]).includes(i) ? 0 : w)),
    rowHeights,
    merges: [1, 2, 3, signRow].map((r) => rangeAddr(r, 1, r, PRINTED)),
    formats: [
      { range: rangeAddr(1, 1, 2, PRINTED), style: STYLE.title },
      { range: rangeAddr(3, 1, 3, PRINTED), style: STYLE.heading },
      { range: rangeAddr(top, 1, top, SHEET_WIDTH), style: STYLE.header },
      ...bodyFormats(top + 1, bottom, 1),
      ...doneFormats(top + 1, bottom, 1 + DONE_AT),
      { range: rangeAddr(signRow, 1, signRow, PRINTED), style: { bold: true, hAlign: 'center', vAlign: 'middle' } },
    ],
    // Over the rows and the blank one under them: rows inserted at the table's end fall inside the rule and get it.
    validations: [doneValidation(rangeAddr(top + 1, 1 + DONE_AT, bottom + 1, 1 + DONE_AT))],
    conditionalFormats: [],
    names: [
      {
        name: NAMES.tracking,
        range: rangeAddr(top, 1, bottom, TRACKING_WIDTH),
        comment: 'Improvement tracking, header row included',
      },
    ],
    print: { ...PAGE, orientation: 'landscape', titleRows: `${top}:${top}`, area: rangeAddr(1, 1, signRow + 1, PRINTED) },
    freezeRows: top,
    tabColor: '#107C10',
  };
}
