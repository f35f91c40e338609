import ExcelJS from 'exceljs';
import { UserError, msg } from '../../domain/message';
import { DefinedName, Hyperlink, finishPackage, preparePackage, protectControls } from './package';

/**
 * An .xlsx workbook as the adapter holds it: ExcelJS for sheets and cells, and our own lists of defined
 * names (ExcelJS loses their scope and drops those that are not plain ranges) and of hyperlinks (ExcelJS
 * turns a linked cell into a "Hyperlink" value that loses its formula, and writes its number or date as text).
 */
export interface XlsxBook {
  wb: ExcelJS.Workbook;
  names: DefinedName[];
  /** The hyperlinks of each worksheet, by its index in wb.worksheets; the cells themselves hold plain values. */
  links: Hyperlink[][];
}

export function newBook(): XlsxBook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'service-scorecard';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  // Ask every engine to recalculate on open: formulas written here have no cached results of their own.
  wb.calcProperties = { fullCalcOnLoad: true };
  return { wb, names: [], links: [] };
}

/** Bytes of a workbook, checked and read; `label` names it in messages (usually the file name). */
export async function loadBook(data: Buffer, label: string): Promise<XlsxBook> {
  const prepared = await preparePackage(data, label, { takeHyperlinks: true });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(prepared.data as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new UserError(
      msg(
        `${label} 無法讀取：檔案可能已損毀（${(e as Error).message}）。請在 Excel 開啟後另存為 .xlsx 再試一次。`,
        `${label} cannot be read: the file may be damaged (${(e as Error).message}). Open it in Excel, save it as .xlsx, and try again.`
      )
    );
  }
  // Edited workbooks are recalculated on open too: a formula this tool wrote has no cached result.
  wb.calcProperties = { ...wb.calcProperties, fullCalcOnLoad: true };
  return { wb, names: prepared.names, links: prepared.hyperlinks ?? [] };
}

/** The hyperlinks of a worksheet of the book (created empty on first use). */
export function linksOf(book: XlsxBook, ws: ExcelJS.Worksheet): Hyperlink[] {
  const i = book.wb.worksheets.indexOf(ws);
  if (i < 0) throw new Error(`linksOf: ${ws.name} is not a sheet of this workbook`);
  book.links ??= [];
  return (book.links[i] ??= []);
}

type Rich = { richText: { text: string }[] };

/** A value with its text as ExcelJS must hold it to write it (see protectControls). */
function protectValue(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (typeof v === 'string') return protectControls(v);
  if (v && typeof v === 'object' && Array.isArray((v as Rich).richText)) {
    const runs = (v as Rich).richText;
    if (runs.some((r) => typeof r.text === 'string' && protectControls(r.text) !== r.text))
      return { ...v, richText: runs.map((r) => ({ ...r, text: protectControls(String(r.text ?? '')) })) } as ExcelJS.CellValue;
  }
  return v;
}

/**
 * Before ExcelJS writes: a Hyperlink value set through ExcelJS becomes the plain value it shows plus an
 * entry in the book's link list, and text carries its control characters in the form ExcelJS keeps.
 */
function prepareCells(book: XlsxBook): void {
  book.wb.worksheets.forEach((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type === ExcelJS.ValueType.Hyperlink) {
          const v = cell.value as ExcelJS.CellHyperlinkValue & { text?: ExcelJS.CellValue };
          const links = linksOf(book, ws);
          const at = links.findIndex((l) => l.ref.toUpperCase() === cell.address);
          if (at >= 0) links.splice(at, 1);
          const target = String(v.hyperlink ?? '');
          const link: Hyperlink = target.startsWith('#')
            ? { ref: cell.address, location: target.slice(1) }
            : { ref: cell.address, target };
          if (v.tooltip) link.tooltip = v.tooltip;
          if (target) links.push(link);
          cell.value = v.text ?? null;
        }
        const v = cell.value;
        const next = protectValue(v);
        if (next !== v) cell.value = next;
        const note = cell.note as string | { texts?: { text: string }[] } | undefined;
        if (typeof note === 'string' && protectControls(note) !== note) cell.note = protectControls(note);
      })
    );
  });
}

export async function saveBook(book: XlsxBook): Promise<Buffer> {
  prepareCells(book);
  const written = Buffer.from(await book.wb.xlsx.writeBuffer());
  return finishPackage(written, book.names, book.links ?? []);
}
