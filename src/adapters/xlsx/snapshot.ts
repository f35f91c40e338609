import type ExcelJS from 'exceljs';
import { Rect, parseArea, rectsIntersect, sheetOf } from '../../domain/a1';
import {
  type CellSnap,
  type NameRef,
  type RangeSnap,
  type ReadSpec,
  type Snapshot,
  readRect as specRect,
} from '../../operations/types';
import type { XlsxBook } from './book';
import { EMPTY_TEXT_RESULT, type Hyperlink, restoreControls } from './package';

/**
 * Reading an .xlsx workbook (ExcelJS cells, our own defined-name list) into an operation's Snapshot.
 * A cell is read the way Excel shows it and the sheet's formulas count it.
 */

/** LibreOffice writes a logical as the formula TRUE() or FALSE(); a person typed a logical. */
const BOOLEAN_FORMULA = /^(TRUE|FALSE)\(\)$/i;

const isFormulaValue = (v: ExcelJS.CellValue): v is ExcelJS.CellFormulaValue =>
  !!v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v);

/** ExcelJS turns numbers in date-formatted cells into Dates; the sheet's formulas see the serial number. */
const serial = (d: Date, date1904: boolean) => Math.round((d.getTime() / 86400000 + 25569 - (date1904 ? 1462 : 0)) * 1e9) / 1e9;

type Plain = Pick<CellSnap, 'kind' | 'value'> & { link?: string };

function plain(v: unknown, date1904: boolean): Plain {
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

export function readCell(cell: ExcelJS.Cell, date1904: boolean): CellSnap {
  const v = cell.value;
  const out: CellSnap = { kind: 'empty', value: null };
  if (cell.isMerged && cell.master && cell.master.address !== cell.address) return { ...out, hidden: true };
  if (isFormulaValue(v)) {
    const formula = String((cell as unknown as { formula?: string }).formula ?? v.formula ?? '');
    if (BOOLEAN_FORMULA.test(formula)) return { kind: 'boolean', value: /^TRUE/i.test(formula) };
    out.formula = formula;
    // The result, read from the cell: ExcelJS's value drops a result of 0.
    const result = (cell as unknown as { result: unknown }).result;
    if (result === undefined) out.kind = 'uncalculated';
    else if (result === EMPTY_TEXT_RESULT) Object.assign(out, { kind: 'string', value: '' });
    else Object.assign(out, plain(result, date1904));
  } else {
    Object.assign(out, plain(v, date1904));
  }
  const link = (cell as unknown as { hyperlink?: string }).hyperlink;
  if (link && !out.link) out.link = link;
  const fmt = cell.numFmt;
  if (fmt && fmt !== 'General') out.format = fmt;
  return out;
}

/** Where a kept hyperlink leads, as one text: "https://…", "https://…#part", or "#'Sheet'!A1" inside the workbook. */
const linkText = (l: Hyperlink) => `${l.target ?? ''}${l.location !== undefined ? `#${l.location}` : ''}`;

export function readRect(book: XlsxBook, ws: ExcelJS.Worksheet, rect: Rect): RangeSnap {
  const date1904 = !!book.wb.properties?.date1904;
  // The sheet's links (kept apart from ExcelJS, see book.ts) that touch the rectangle.
  const links = (book.links?.[book.wb.worksheets.indexOf(ws)] ?? []).flatMap((l) => {
    const at = parseArea(l.ref);
    return at && rectsIntersect(at, rect) ? [{ at, text: linkText(l) }] : [];
  });
  const cells: CellSnap[][] = [];
  for (let r = rect.top; r <= rect.bottom; r++) {
    const row: CellSnap[] = [];
    for (let c = rect.left; c <= rect.right; c++) {
      const cell = readCell(ws.getCell(r, c), date1904);
      const link = cell.hidden
        ? undefined
        : links.find((l) => r >= l.at.top && r <= l.at.bottom && c >= l.at.left && c <= l.at.right);
      row.push(link && !cell.link ? { ...cell, link: link.text } : cell);
    }
    cells.push(row);
  }
  return { sheet: ws.name, rect, cells };
}

/** A defined name's reference as one range of this workbook, or only its text. */
export function nameRef(book: XlsxBook, name: string, formula: string): NameRef {
  const refersTo = `=${formula}`;
  const text = formula.trim();
  // One area only: a list ("A1,B2") or anything that is not Sheet!A1[:B2] is not a range for the contract.
  const sheet = sheetOf(text);
  if (!sheet || text.replace(/'(?:[^']|'')*'/g, "''").includes(',')) return { name, refersTo };
  const ws = book.wb.worksheets.find((w) => w.name.toLowerCase() === sheet.toLowerCase());
  const rect = parseArea(text);
  if (!ws || !rect) return { name, refersTo };
  return { name, sheet: ws.name, rect, refersTo };
}

export function readSnapshot(book: XlsxBook, spec: ReadSpec): Snapshot {
  const names = book.names.filter((n) => n.localSheetId === undefined).map((n) => nameRef(book, n.name, n.formula));
  const byName = (name: string) => names.find((n) => n.name.toLowerCase() === name.toLowerCase());
  const snap: Snapshot = { sheets: book.wb.worksheets.map((w) => w.name), names, ranges: {}, below: {} };
  for (const name of spec.ranges) {
    const ref = byName(name);
    const ws = ref?.sheet ? book.wb.getWorksheet(ref.sheet) : undefined;
    if (!ref?.rect || !ws) continue;
    const at = specRect(spec, name, ref.rect);
    snap.ranges[name] = readRect(book, ws, at);
    const rows = spec.below?.[name];
    if (rows && at.bottom < 1048576) {
      const bottom = Math.min(1048576, at.bottom + rows, Math.max(at.bottom + 1, ws.rowCount));
      snap.below[name] = readRect(book, ws, { ...at, top: at.bottom + 1, bottom });
    }
  }
  const scan = spec.scanWhenMissing;
  if (scan && !snap.ranges[scan.name]) {
    snap.scan = book.wb.worksheets.map((ws) =>
      readRect(book, ws, {
        top: 1,
        left: 1,
        bottom: Math.max(1, Math.min(scan.rows, ws.rowCount)),
        right: Math.max(1, Math.min(scan.cols, ws.columnCount)),
      })
    );
  }
  return snap;
}
