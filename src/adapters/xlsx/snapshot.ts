import type ExcelJS from 'exceljs';
import type { Rect } from '../../domain/a1';
import type { CellSnap, RangeSnap, ReadSpec, Snapshot } from '../../operations/types';
import type { XlsxBook } from './book';
import type { Hyperlink } from './package';
import { nameRef } from '../../operations/types';
import { formulaCell, plain, rectSnap, snapshotOf, typedLogical } from './readRules';

/**
 * Reading an .xlsx workbook (ExcelJS cells, our own defined-name list) into an operation's Snapshot.
 * A cell is read the way Excel shows it and the sheet's formulas count it (readRules.ts, which the light
 * reader quickRead.ts shares).
 */

const isFormulaValue = (v: ExcelJS.CellValue): v is ExcelJS.CellFormulaValue =>
  !!v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v);

export function readCell(cell: ExcelJS.Cell, date1904: boolean): CellSnap {
  const v = cell.value;
  const out: CellSnap = { kind: 'empty', value: null };
  if (cell.isMerged && cell.master && cell.master.address !== cell.address) return { ...out, hidden: true };
  if (isFormulaValue(v)) {
    const formula = String((cell as unknown as { formula?: string }).formula ?? v.formula ?? '');
    const logical = typedLogical(formula);
    if (logical) return logical;
    // The result, read from the cell: ExcelJS's value drops a result of 0.
    Object.assign(out, formulaCell(formula, (cell as unknown as { result: unknown }).result, date1904));
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
  // The sheet's links (kept apart from ExcelJS, see book.ts).
  const links = (book.links?.[book.wb.worksheets.indexOf(ws)] ?? []).map((l) => ({ ref: l.ref, text: linkText(l) }));
  return rectSnap(ws.name, rect, links, (r, c) => readCell(ws.getCell(r, c), date1904));
}

export function readSnapshot(book: XlsxBook, spec: ReadSpec): Snapshot {
  const sheets = book.wb.worksheets.map((w) => w.name);
  const names = book.names.filter((n) => n.localSheetId === undefined).map((n) => nameRef(sheets, n.name, n.formula));
  return snapshotOf(spec, sheets, names, {
    sheet: (i) => book.wb.worksheets[i],
    rowCount: (ws) => ws.rowCount,
    columnCount: (ws) => ws.columnCount,
    read: (ws, rect) => readRect(book, ws, rect),
  });
}
