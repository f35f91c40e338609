import ExcelJS from 'exceljs';
import { UserError, msg } from '../../domain/message';
import { DefinedName, finishPackage, preparePackage } from './package';

/**
 * An .xlsx workbook as the adapter holds it: ExcelJS for sheets and cells, and our own list of defined
 * names, because ExcelJS loses their scope and drops those that are not plain ranges.
 */
export interface XlsxBook {
  wb: ExcelJS.Workbook;
  names: DefinedName[];
}

export function newBook(): XlsxBook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'service-scorecard';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  // Ask every engine to recalculate on open: formulas written here have no cached results of their own.
  wb.calcProperties = { fullCalcOnLoad: true };
  return { wb, names: [] };
}

/** Bytes of a workbook, checked and read; `label` names it in messages (usually the file name). */
export async function loadBook(data: Buffer, label: string): Promise<XlsxBook> {
  const prepared = await preparePackage(data, label);
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
  return { wb, names: prepared.names };
}

export async function saveBook(book: XlsxBook): Promise<Buffer> {
  const written = Buffer.from(await book.wb.xlsx.writeBuffer());
  return finishPackage(written, book.names);
}
