import { type Rect, parseArea, sheetOf, splitAreaList } from '../domain/a1';
import type { Message } from '../domain/message';
import type { CellContent, ConditionalFormatSpec, FormatSpec, NameSpec, SheetLayout, ValidationSpec } from '../layouts/types';

/**
 * The seam between the pure operations and the hosts. An operation says what it needs to read (a
 * ReadSpec), a host adapter reads that into a Snapshot in one go, the operation decides in pure code and
 * returns a WritePlan, and the adapter applies it in one go. Excel (Office.js) and .xlsx files are two
 * adapters of the same three types.
 */

/** One cell as the sheet's formulas see it and Excel shows it. */
export interface CellSnap {
  /**
   * empty: nothing at all (a formula giving "" is a string, as ISBLANK sees it); uncalculated: a formula whose result is not known (a file
   * written by a library and never opened in a spreadsheet program); the others as Excel types them.
   */
  kind: 'empty' | 'number' | 'string' | 'boolean' | 'error' | 'uncalculated';
  /** the value: a number (dates as serials), text, a logical, an error text such as "#DIV/0!"; null when empty */
  value: number | string | boolean | null;
  /** the formula, without "=", when the cell holds one */
  formula?: string;
  /** the number format, when not General */
  format?: string;
  /** where a hyperlink in the cell points */
  link?: string;
  /** inside a merged area but not its top-left cell: Excel shows it blank, whatever the file holds */
  hidden?: true;
}

export const EMPTY: CellSnap = { kind: 'empty', value: null };

/** A rectangle of cells on one sheet; cells[0][0] is (rect.top, rect.left). */
export interface RangeSnap {
  sheet: string;
  /** the rectangle read; for a name of several areas, the box around them all */
  rect: Rect;
  /** for a name of several areas, each area is listed; cells then holds their rows one after another, in order */
  cells: CellSnap[][];
  /**
   * the areas of a name that refers to several ranges of one sheet ("D5:D7,D10:D12"), in the order the name
   * lists them; absent for one rectangle. A scorecard pasted from Word repeats its header before each dimension,
   * so its score cells are several areas of one column.
   */
  areas?: Rect[];
}

/** A workbook-scoped defined name as the workbook holds it. */
export interface NameRef {
  name: string;
  /** the sheet and rectangle, when the name is a single range on a sheet of this workbook */
  sheet?: string;
  rect?: Rect;
  /**
   * when the name is several ranges of one sheet of this workbook ("=考核評分表!$D$5:$D$7,考核評分表!$D$10:$D$12"):
   * `sheet` is set, `rect` is not, and these are the areas in the order written
   */
  areas?: Rect[];
  /** what it refers to, as written ("=考核評分表!$E$5:$E$16", "=5", "=#REF!") */
  refersTo: string;
}

/** What an operation asks a host to read. */
export interface ReadSpec {
  /** defined names whose ranges are read cell by cell */
  ranges: string[];
  /** read this many rows under a range as well (a table whose name an edit narrowed still goes on) */
  below?: Partial<Record<string, number>>;
  /** read this many rows above a range as well, in the same columns, as far as row 1 (the text a table sits under) */
  above?: Partial<Record<string, number>>;
  /** read this many columns right of a range (and of its rows below) as well: columns staff added beside a table */
  wider?: Partial<Record<string, number>>;
  /** when this name does not resolve to a range, read the top-left block of every sheet to look for its table */
  scanWhenMissing?: { name: string; rows: number; cols: number };
}

export interface Snapshot {
  /** every sheet, in tab order */
  sheets: string[];
  /** every workbook-scoped defined name (sheet-scoped copies are not the contract's) */
  names: NameRef[];
  /** the ranges asked for, by name; absent when the name is missing or is not one range */
  ranges: Partial<Record<string, RangeSnap>>;
  /** the rows read under a range, by name */
  below: Partial<Record<string, RangeSnap>>;
  /** the rows read above a range, by name (absent from a snapshot made by hand) */
  above?: Partial<Record<string, RangeSnap>>;
  /** the top-left blocks of every sheet, when a scan was asked for and needed */
  scan?: RangeSnap[];
}

/** A cell to write: a layout cell, or undefined to leave the cell exactly as it is. */
export type CellEdit = CellContent | undefined;

export type Edit =
  /** a new sheet from a layout (its names included) */
  | { kind: 'addSheet'; layout: SheetLayout; activate?: boolean }
  /** insert whole rows before `before`, like Excel's Insert › Entire Row: everything below moves down */
  | { kind: 'insertRows'; sheet: string; before: number; count: number }
  /** a rectangle of cells at (top, left) */
  | { kind: 'cells'; sheet: string; top: number; left: number; values: CellEdit[][] }
  | { kind: 'formats'; sheet: string; formats: FormatSpec[] }
  | { kind: 'rowHeights'; sheet: string; heights: Record<number, number> }
  | { kind: 'hideColumns'; sheet: string; columns: number[] }
  /** a workbook-scoped name, replacing one of that name (whatever it referred to) */
  | { kind: 'setName'; sheet: string; name: NameSpec }
  /**
   * a name scoped to the sheet `scope`, referring to `name.range` of the sheet `sheet`, replacing one of that name and
   * scope. An earlier period keeps its names this way on each of its sheets when the workbook-scoped ones move to the
   * next period, so its formulas (which use the names) go on reading its own cells.
   */
  | { kind: 'localName'; scope: string; sheet: string; name: NameSpec }
  /** data validation and conditional formats on cells of an existing sheet (adopting a sheet made by hand) */
  | { kind: 'rules'; sheet: string; validations: ValidationSpec[]; conditionalFormats: ConditionalFormatSpec[] };

export interface WritePlan {
  edits: Edit[];
}

export type Decision<R> = { ok: true; result: R; plan: WritePlan } | { ok: false; error: Message };

/** One capability: what to read, and a pure decision from what was read. */
export interface Operation<I, R> {
  id: string;
  needs(input: I): ReadSpec;
  decide(snapshot: Snapshot, input: I): Decision<R>;
}

export const NO_WRITES: WritePlan = { edits: [] };

/** The rectangle a ReadSpec reads for a name: its range, and the columns asked for beside it. */
export const readRect = (spec: ReadSpec, name: string, r: Rect): Rect =>
  spec.wider?.[name] ? { ...r, right: Math.min(16384, r.right + (spec.wider[name] ?? 0)) } : r;

/** The rows a ReadSpec reads above a rectangle read for a name (its columns, up to row 1); none when it starts at row 1. */
export function aboveRect(spec: ReadSpec, name: string, at: Rect): Rect | undefined {
  const rows = spec.above?.[name];
  if (!rows || rows < 1 || at.top <= 1) return undefined;
  return { ...at, top: Math.max(1, at.top - rows), bottom: at.top - 1 };
}

/**
 * A defined name's reference, as every host reads one ("考核評分表!$E$5:$E$16", with or without "="): one range of a
 * sheet of these (matched case-insensitively), several areas of one such sheet ("S!$D$5:$D$7,S!$D$10:$D$12", each
 * area naming its sheet), or only its text.
 */
export function nameRef(sheets: readonly string[], name: string, formula: string): NameRef {
  const text = formula.replace(/^=/, '');
  const refersTo = `=${text}`;
  const parts = splitAreaList(text.trim()).map((p) => ({ sheet: sheetOf(p), rect: parseArea(p) }));
  const first = parts[0].sheet?.toLowerCase();
  const found = first === undefined ? undefined : sheets.find((w) => w.toLowerCase() === first);
  if (!found || parts.some((p) => !p.rect || p.sheet?.toLowerCase() !== first)) return { name, refersTo };
  const rects = parts.map((p) => p.rect as Rect);
  return rects.length === 1 ? { name, sheet: found, rect: rects[0], refersTo } : { name, sheet: found, areas: rects, refersTo };
}

/**
 * The areas of a name that are read as one range: several areas of equal width (their rows one after another);
 * undefined for one rectangle, and for areas of unequal widths (not read, like a name that is no range).
 */
export function areasToRead(ref: NameRef | undefined): Rect[] | undefined {
  const areas = ref?.areas;
  if (!areas?.length) return undefined;
  const width = areas[0].right - areas[0].left;
  return areas.every((a) => a.right - a.left === width) ? areas : undefined;
}

/** The box around several areas. */
export const boundingRect = (areas: readonly Rect[]): Rect => ({
  top: Math.min(...areas.map((a) => a.top)),
  left: Math.min(...areas.map((a) => a.left)),
  bottom: Math.max(...areas.map((a) => a.bottom)),
  right: Math.max(...areas.map((a) => a.right)),
});

/** Areas read one by one, as one RangeSnap: the box around them, and their rows one after another. */
export const joinAreas = (sheet: string, areas: Rect[], parts: readonly RangeSnap[]): RangeSnap => ({
  sheet,
  rect: boundingRect(areas),
  cells: parts.flatMap((p) => p.cells),
  areas,
});
