/**
 * How cells become an operation's Snapshot, whichever reader holds them: the ExcelJS path (snapshot.ts) and the
 * light reader (quickRead.ts), which must give the same answer (test/adapters/xlsx/quickRead.test.ts). Each
 * reader says what a cell holds, as ExcelJS would hold it; these rules say what the snapshot shows of it.
 *
 * No ExcelJS, no Node APIs: the light reader runs in the task pane too.
 */
import { type Rect, parseArea, rectsIntersect } from '../../domain/a1';
import {
  type CellSnap,
  type NameRef,
  type RangeSnap,
  type ReadSpec,
  type Snapshot,
  aboveRect,
  areasToRead,
  joinAreas,
  readRect as specRect,
} from '../../operations/types';
import { EMPTY_TEXT_RESULT, restoreControls } from './xmlText';

/** ExcelJS turns numbers in date-formatted cells into Dates; the sheet's formulas see the serial number. */
export const serial = (d: Date, date1904: boolean): number =>
  Math.round((d.getTime() / 86400000 + 25569 - (date1904 ? 1462 : 0)) * 1e9) / 1e9;

type Plain = Pick<CellSnap, 'kind' | 'value'> & { link?: string };

/** A value as ExcelJS holds it (a cell's value, or a formula's result) → what the snapshot shows. */
export function plain(v: unknown, date1904: boolean): Plain {
  if (v === null || v === undefined) return { kind: 'empty', value: null };
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'string') return { kind: 'string', value: restoreControls(v) };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (v instanceof Date) return { kind: 'number', value: serial(v, date1904) };
  if (typeof v !== 'object') return { kind: 'string', value: String(v) };
  const o = v as Record<string, unknown>;
  if ('error' in o) return { kind: 'error', value: String(o.error) };
  if (Array.isArray(o.richText))
    return { kind: 'string', value: restoreControls(o.richText.map((t: { text?: unknown }) => String(t.text ?? '')).join('')) };
  if ('hyperlink' in o) {
    // A link keeps the cell's own value: a number stays a number.
    const inner = plain(o.text, date1904);
    return { ...inner, link: String(o.hyperlink ?? '') };
  }
  if ('text' in o) return plain(o.text, date1904);
  return { kind: 'string', value: String(v) };
}

/** LibreOffice writes a logical as the formula TRUE() or FALSE(); a person typed a logical. */
const BOOLEAN_FORMULA = /^(TRUE|FALSE)\(\)$/i;

/** Such a formula's cell, whole (no format or link is added to it); undefined for any other formula. */
export const typedLogical = (formula: string): CellSnap | undefined =>
  BOOLEAN_FORMULA.test(formula) ? { kind: 'boolean', value: /^TRUE/i.test(formula) } : undefined;

/** A formula cell: its text and its cached result (none: never calculated; EMPTY_TEXT_RESULT: empty text). */
export function formulaCell(formula: string, result: unknown, date1904: boolean): CellSnap {
  const out: CellSnap = { kind: 'empty', value: null, formula };
  if (result === undefined) out.kind = 'uncalculated';
  else if (result === EMPTY_TEXT_RESULT) Object.assign(out, { kind: 'string', value: '' });
  else Object.assign(out, plain(result, date1904));
  return out;
}

/** A link of a sheet: the cells it sits on, and where it leads as one text ("https://…#part", "#'Sheet'!A1"). */
export interface CellLink {
  ref: string;
  text: string;
}

/** The cells of a rectangle, each read by `cellAt`, row by row; a link sits on the cells it covers but hidden ones. */
export function rectSnap(
  sheet: string,
  rect: Rect,
  links: readonly CellLink[],
  cellAt: (r: number, c: number) => CellSnap
): RangeSnap {
  const near = links.flatMap((l) => {
    const at = parseArea(l.ref);
    return at && rectsIntersect(at, rect) ? [{ at, text: l.text }] : [];
  });
  const cells: CellSnap[][] = [];
  for (let r = rect.top; r <= rect.bottom; r++) {
    const row: CellSnap[] = [];
    for (let c = rect.left; c <= rect.right; c++) {
      const cell = cellAt(r, c);
      const link = cell.hidden
        ? undefined
        : near.find((l) => r >= l.at.top && r <= l.at.bottom && c >= l.at.left && c <= l.at.right);
      row.push(link && !cell.link ? { ...cell, link: link.text } : cell);
    }
    cells.push(row);
  }
  return { sheet, rect, cells };
}

/** The sheets of a workbook as a reader holds them, by their place in the workbook's list. */
export interface SheetReader<S> {
  sheet(index: number): S;
  /** ws.rowCount and ws.columnCount as they stand when asked (reading a cell may create its row). */
  rowCount(sheet: S): number;
  columnCount(sheet: S): number;
  read(sheet: S, rect: Rect): RangeSnap;
}

const LAST_ROW = 1048576;

/**
 * readSnapshot: each range asked for (with the columns asked for beside it, the rows asked for under it, as far
 * as the sheet goes, and those above it, as far as row 1), then, when the name to scan for is missing, the top-left
 * of every sheet.
 */
export function snapshotOf<S>(spec: ReadSpec, sheets: string[], names: NameRef[], reader: SheetReader<S>): Snapshot {
  const byName = (name: string) => names.find((n) => n.name.toLowerCase() === name.toLowerCase());
  const above: Partial<Record<string, RangeSnap>> = {};
  const snap: Snapshot = { sheets, names, ranges: {}, below: {}, above };
  for (const name of spec.ranges) {
    const ref = byName(name);
    const index = ref?.sheet ? sheets.indexOf(ref.sheet) : -1;
    const areas = areasToRead(ref);
    if (ref?.sheet && areas && index >= 0) {
      // Several areas: each as it stands (`wider` and `below` are for one table, not for these).
      const ws = reader.sheet(index);
      snap.ranges[name] = joinAreas(
        ref.sheet,
        areas,
        areas.map((a) => reader.read(ws, a))
      );
      continue;
    }
    if (!ref?.rect || index < 0) continue;
    const ws = reader.sheet(index);
    const at = specRect(spec, name, ref.rect);
    snap.ranges[name] = reader.read(ws, at);
    const rows = spec.below?.[name];
    if (rows && at.bottom < LAST_ROW) {
      const bottom = Math.min(LAST_ROW, at.bottom + rows, Math.max(at.bottom + 1, reader.rowCount(ws)));
      snap.below[name] = reader.read(ws, { ...at, top: at.bottom + 1, bottom });
    }
    // Last: the reads before it (rows under are sized by the sheet's rows as they stand) see the sheet as before.
    const up = aboveRect(spec, name, at);
    if (up) above[name] = reader.read(ws, up);
  }
  const scan = spec.scanWhenMissing;
  if (scan && !snap.ranges[scan.name]) {
    snap.scan = sheets.map((_name, i) => {
      const ws = reader.sheet(i);
      return reader.read(ws, {
        top: 1,
        left: 1,
        bottom: Math.max(1, Math.min(scan.rows, reader.rowCount(ws))),
        right: Math.max(1, Math.min(scan.cols, reader.columnCount(ws))),
      });
    });
  }
  return snap;
}
