import { MAX_COLS, MAX_ROWS, Rect, parseArea, rectsIntersect, splitAreaList } from '../../domain/a1';
import type { CellSnap } from '../../operations/types';
import { CellContent, isFormula } from '../../layouts/types';

/**
 * Pure helpers of the Office.js host: how layout cells become what `range.formulas` takes, how what
 * Excel returns becomes a RawCell, A1 areas as Excel's events report them, sizes and the settings record.
 * Nothing here touches Office.js, so all of it is tested as plain data.
 */

export { MAX_COLS, MAX_ROWS };

/** Text that Excel would turn into a number, date, time, logical or error value when written as is. */
const NOT_TEXT = [
  /^[+-]?(\d[\d,]*\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i,
  /^\d{1,4}[/\-.]\d{1,2}([/\-.]\d{1,4})?$/,
  /^\d{1,4}年\d{1,2}月(\d{1,2}日)?$/,
  /^\d{1,2}月\d{1,2}日$/,
  /^\d{1,2}:\d{2}(:\d{2})?(\s*[ap]m)?$/i,
  /^(true|false)$/i,
  /^#(null!|div\/0!|value!|ref!|name\?|num!|n\/a|getting_data|spill!|calc!)$/i,
];

/**
 * Whether a string must be written with a leading apostrophe to stay the very text it is: Excel reads
 * "=…", "+…", "-…" and "@…" as formulas, drops a leading apostrophe, and converts numbers, dates and TRUE.
 */
export function needsQuote(s: string): boolean {
  if (s === '') return false;
  if (/^['=+\-@]/.test(s)) return true;
  const t = s.trim();
  return NOT_TEXT.some((re) => re.test(t));
}

export type OfficeCell = string | number | boolean | null;

/**
 * One layout cell as an entry of a `range.formulas` 2-D array: formulas get their "=", text that Excel
 * would parse gets an apostrophe. `blank` is what an empty layout cell becomes: null leaves the cell as
 * it is (Office.js semantics), '' clears it.
 */
export function toFormulaCell(c: CellContent, blank: null | '' = null): OfficeCell {
  if (c === null || c === undefined) return blank;
  if (isFormula(c)) return `=${c.formula}`;
  if (typeof c === 'number') return Number.isFinite(c) ? c : '';
  if (typeof c === 'boolean') return c;
  if (c === '') return '';
  return needsQuote(c) ? `'${c}` : c;
}

/** What Office.js reports of one cell (values, valueTypes, formulas, numberFormat) as a snapshot cell. */
export function cellFrom(value: unknown, valueType: unknown, formula: unknown, numberFormat: unknown): CellSnap {
  const f = typeof formula === 'string' && formula.startsWith('=') && formula.length > 1 ? formula.slice(1) : undefined;
  const format = typeof numberFormat === 'string' && numberFormat !== 'General' ? numberFormat : undefined;
  const cell = (kind: CellSnap['kind'], v: CellSnap['value']): CellSnap => ({
    kind,
    value: v,
    ...(f !== undefined && { formula: f }),
    ...(format !== undefined && { format }),
  });
  switch (valueType) {
    case 'Empty':
      // A formula giving "" is text to ISBLANK, as in the sheet's own checks.
      return f !== undefined ? cell('string', '') : cell('empty', null);
    case 'Double':
    case 'Integer':
      return cell('number', typeof value === 'number' ? value : Number(value));
    case 'Boolean':
      return cell('boolean', value === true || value === 'TRUE' || value === 'True');
    case 'Error':
      return cell('error', String(value));
    case 'String':
      return cell('string', String(value ?? ''));
    default:
      // Unknown, RichValue (linked data types, images in cells): not a score; what Excel shows, as text.
      if (value === '' || value === null || value === undefined) return cell('empty', null);
      return cell('string', typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
}

/**
 * The rectangles of an address as Excel's events and `range.address` give it: "E5", "E5:F9", "3:5"
 * (whole rows), "C:D" (whole columns), "'考核評分表 (2)'!E5:E16", or several joined by commas.
 * undefined when any part cannot be read.
 */
export function parseAreas(address: string): Rect[] | undefined {
  if (typeof address !== 'string') return undefined;
  const parts = splitAreaList(address).filter((s) => s !== '');
  if (parts.length === 0) return undefined;
  const rects: Rect[] = [];
  for (const part of parts) {
    const bang = part.lastIndexOf('!');
    const body = (bang >= 0 ? part.slice(bang + 1) : part).replace(/\$/g, '');
    // A lone row "3" or column "C" is the whole row or column, as "3:3" and "C:C" say it.
    const r = parseArea(/^(\d+|[A-Za-z]{1,3})$/.test(body) ? `${body}:${body}` : body);
    if (!r) return undefined;
    rects.push(r);
  }
  return rects;
}

export const rangesIntersect = rectsIntersect;

/**
 * Whether a worksheet change can affect the cells of `target`: an edit that overlaps it, or rows, columns
 * or cells inserted or deleted at or before its far edge (they move it, or delete from it).
 * An address that cannot be read counts as touching: one needless re-read is cheaper than a missed one.
 */
export function changeTouches(change: { address: string; changeType?: string }, target: Rect): boolean {
  const areas = parseAreas(change.address);
  if (!areas) return true;
  switch (change.changeType) {
    case 'RowInserted':
    case 'RowDeleted':
      return areas.some((a) => a.top <= target.bottom);
    case 'ColumnInserted':
    case 'ColumnDeleted':
      return areas.some((a) => a.left <= target.right);
    case 'CellInserted':
    case 'CellDeleted':
      return areas.some((a) => a.top <= target.bottom && a.left <= target.right);
    default:
      return areas.some((a) => rangesIntersect(a, target));
  }
}

/**
 * Column width in points (what `format.columnWidth` takes) for a width in Excel character units (what
 * the layouts and ExcelJS use), for the default 11-pt font whose digits are 7 px wide: the same
 * conversion Excel applies to the width stored in a file, so both renderers give the same columns.
 */
export const charsToPoints = (chars: number) => Math.trunc(((256 * chars + Math.trunc(128 / 7)) / 256) * 7) * 0.75;

/** Consecutive rows sharing a height, so each run is one request: {from, to, height}. */
export function rowRuns(heights: Record<number, number>): { from: number; to: number; height: number }[] {
  const rows = Object.keys(heights)
    .map(Number)
    .filter((r) => Number.isInteger(r) && r >= 1)
    .sort((a, b) => a - b);
  const runs: { from: number; to: number; height: number }[] = [];
  for (const r of rows) {
    const h = heights[r];
    const last = runs[runs.length - 1];
    if (last && last.to === r - 1 && last.height === h) last.to = r;
    else runs.push({ from: r, to: r, height: h });
  }
  return runs;
}

/** "4:4" → "$4:$4", as `pageLayout.setPrintTitleRows` takes it. */
export const absRows = (rows: string) => rows.replace(/\$/g, '').replace(/(\d+)/g, '$$$1');
