/**
 * A sheet layout is plain data: what to write, where, and how it looks. Pure functions build it from
 * the rubric; thin renderers write it (Office.js in Excel, ExcelJS to a file). Addresses are A1-style
 * and relative to the sheet; the renderers never compute positions of their own.
 */

/** A formula cell: English function names, without the leading "=" (renderers that need it add it). */
export interface Formula {
  formula: string;
  /** the value the formula gives when written, so readers that do not calculate see it too */
  result?: string | number;
}

/** booleans are what staff typed (a tracking sheet's extra columns): layouts themselves write none */
export type CellContent = string | number | boolean | Formula | null;

export const isFormula = (c: CellContent): c is Formula => typeof c === 'object' && c !== null;

export interface CellStyle {
  bold?: boolean;
  /** points */
  fontSize?: number;
  /** "#RRGGBB" */
  fontColor?: string;
  /** "#RRGGBB" */
  fill?: string;
  hAlign?: 'left' | 'center' | 'right';
  vAlign?: 'top' | 'middle' | 'bottom';
  wrap?: boolean;
  /** thin border on every edge of every cell in the range */
  border?: boolean;
  numberFormat?: string;
}

export interface FormatSpec {
  range: string;
  style: CellStyle;
}

export type ValidationRule =
  | { kind: 'decimal'; min: number; max: number }
  | { kind: 'whole'; min: number; max: number }
  | { kind: 'list'; values: string[] }
  /** a formula that must be TRUE for the top-left cell, written relative to it */
  | { kind: 'custom'; formula: string };

export interface ValidationSpec {
  range: string;
  rule: ValidationRule;
  /** stop rejects, warning asks, information only tells */
  errorStyle: 'stop' | 'warning' | 'information';
  allowBlank: boolean;
  prompt?: { title: string; message: string };
  error: { title: string; message: string };
}

/** Paint the range where `formula` (relative to its top-left cell) is TRUE. */
export interface ConditionalFormatSpec {
  range: string;
  formula: string;
  fill: string;
  fontColor: string;
}

/** A data bar over numbers (longer for larger values), drawn by the spreadsheet program. */
export interface DataBarSpec {
  kind: 'dataBar';
  range: string;
  /** "#RRGGBB" */
  color: string;
}

/** A three-colour scale: lowest value, 50th percentile, highest value. */
export interface ColorScaleSpec {
  kind: 'colorScale';
  range: string;
  /** "#RRGGBB" for the minimum, the midpoint and the maximum */
  colors: [string, string, string];
}

export type ScaleSpec = DataBarSpec | ColorScaleSpec;

export interface NameSpec {
  name: string;
  /** "E5:E16" on the sheet, or several areas of it in order, comma-separated ("D5:D7,D10:D12") */
  range: string;
  comment?: string;
}

export interface PrintSpec {
  orientation: 'portrait' | 'landscape';
  /** rows repeated at the top of every printed page, e.g. "4:4" */
  titleRows?: string;
  /** fit to one page wide, as many pages tall as needed */
  fitToWidth: true;
  /** page margins in inches */
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  /** centred footer text; &P is the page number, &N the page count */
  footer: string;
  area?: string;
}

import type { SheetKey } from '../contract';
export type { SheetKey };
/** The sheets of a review of many workbooks (layouts/review.ts): a manager's workbook, not a scorecard's. */
export type ReviewSheetKey =
  'reviewTotals' | 'reviewCriteria' | 'reviewScores' | 'reviewImprovements' | 'reviewFlags' | 'reviewPairs';

export interface SheetLayout {
  /** adopted: the totals sheet `adopt` adds beside a scorecard made by hand */
  key: SheetKey | ReviewSheetKey | 'adopted';
  /** the name the sheet is given when it is created (a free variant is used when it is taken) */
  name: string;
  /** the rectangle A1:<lastCell> that `rows` fills, row-major, every row the same length */
  rows: CellContent[][];
  /** column widths in Excel character units, from column A; 0 hides the column */
  columnWidths: number[];
  /** row heights in points, by 1-based row number; others are left to the host */
  rowHeights: Record<number, number>;
  merges: string[];
  formats: FormatSpec[];
  validations: ValidationSpec[];
  conditionalFormats: ConditionalFormatSpec[];
  /** data bars and colour scales (review sheets) */
  scales?: ScaleSpec[];
  names: NameSpec[];
  print: PrintSpec;
  /** rows frozen at the top while scrolling */
  freezeRows?: number;
  tabColor?: string;
}

export interface WorkbookLayout {
  sheets: SheetLayout[];
}
