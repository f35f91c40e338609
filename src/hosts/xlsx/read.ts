import type ExcelJS from 'exceljs';
import { Rect, addr, parseRange, sheetOf } from '../../domain/a1';
import { RawCell } from '../../domain/check';
import { UserError, msg } from '../../domain/message';

/** Reading an .xlsx through its defined names, so renamed sheets and moved tables are still found. */

export interface Located {
  ws: ExcelJS.Worksheet;
  rect: Rect;
}

export function locate(wb: ExcelJS.Workbook, name: string): Located | undefined {
  const { ranges } = wb.definedNames.getRanges(name);
  if (!ranges.length) return undefined;
  const ref = ranges[0];
  const sheet = sheetOf(ref);
  const ws = sheet ? wb.getWorksheet(sheet) : undefined;
  if (!ws) return undefined;
  return { ws, rect: parseRange(ref) };
}

/** Like locate, but a missing name is a clear, bilingual error naming what is missing. */
export function locateOrFail(wb: ExcelJS.Workbook, name: string, file: string): Located {
  const found = locate(wb, name);
  if (found) return found;
  throw new UserError(
    msg(
      `${file} 找不到定義名稱 ${name}：這個活頁簿不是由範本建立，或名稱已被刪除。請以「公式 > 名稱管理員」重新定義 ${name}，或重新插入範本。`,
      `${file} has no defined name ${name}: the workbook was not made from the template, or the name was deleted. Define ${name} again (Formulas > Name Manager) or insert the templates again.`
    )
  );
}

/** Excel stores dates as days since 1899-12-30. */
const serial = (d: Date) => d.getTime() / 86400000 + 25569;

/** LibreOffice writes a boolean as the formula TRUE() or FALSE(); Excel users typed a boolean. */
const BOOLEAN_FORMULA = /^(TRUE|FALSE)\(\)$/i;

const isFormulaValue = (v: ExcelJS.CellValue): v is ExcelJS.CellFormulaValue =>
  !!v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v);

/** A cell's content; a formula gives its cached result (read from the cell: ExcelJS's value drops a result of 0). */
function content(cell: ExcelJS.Cell): ExcelJS.CellValue {
  const v = cell.value;
  if (!isFormulaValue(v)) return v;
  const result = (cell as unknown as { result: ExcelJS.CellValue }).result;
  if (BOOLEAN_FORMULA.test(String(v.formula ?? ''))) return /^TRUE/i.test(String(v.formula));
  return result === undefined ? null : result;
}

function plain(v: ExcelJS.CellValue): { value: RawCell['value']; type: RawCell['type'] } {
  if (v === null || v === undefined) return { value: null, type: 'empty' };
  if (typeof v === 'number') return { value: v, type: 'number' };
  if (typeof v === 'string') return { value: v, type: v === '' ? 'empty' : 'string' };
  if (typeof v === 'boolean') return { value: v, type: 'boolean' };
  if (v instanceof Date) return { value: serial(v), type: 'date' };
  if ('error' in v) return { value: String(v.error), type: 'error' };
  if ('richText' in v) return { value: v.richText.map((t) => t.text).join(''), type: 'string' };
  if ('text' in v && typeof v.text === 'string') return { value: v.text, type: 'string' };
  return { value: String(v), type: 'string' };
}

export function rawCell(cell: ExcelJS.Cell): RawCell {
  const v = cell.value;
  const f = isFormulaValue(v) ? String(v.formula ?? (v as unknown as ExcelJS.CellSharedFormulaValue).sharedFormula) : undefined;
  const formula = f !== undefined && !BOOLEAN_FORMULA.test(f) ? f : undefined;
  return { address: cell.address, ...plain(content(cell)), ...(formula !== undefined && { formula }) };
}

/** Values of a rectangle as plain data: text, numbers, booleans, null; formulas give their result. */
export function values(ws: ExcelJS.Worksheet, rect: Rect): unknown[][] {
  const out: unknown[][] = [];
  for (let r = rect.top; r <= rect.bottom; r++) {
    const row: unknown[] = [];
    for (let c = rect.left; c <= rect.right; c++) row.push(plain(content(ws.getCell(r, c))).value);
    out.push(row);
  }
  return out;
}

export function cells(ws: ExcelJS.Worksheet, rect: Rect): RawCell[] {
  const out: RawCell[] = [];
  for (let r = rect.top; r <= rect.bottom; r++) for (let c = rect.left; c <= rect.right; c++) out.push(rawCell(ws.getCell(r, c)));
  return out;
}

export { addr };
