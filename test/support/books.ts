import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { EXAMPLES } from '../../src/examples';
import { XlsxBook, newBook, runOnBook } from '../../src/adapters/xlsx';
import { type InsertInput, insertTemplates } from '../../src/operations';

/** Workbooks the tests start from, made by the product's own insertTemplates. */

export const TAITUNG = { office: '台東區營業處', rocYear: 114, period: 'H1' as const };
/** insertTemplates' input for the example, and for blank templates of the same office, year and half. */
export const EXAMPLE_INPUT: InsertInput = { ...TAITUNG, example: true, rubric: RUBRIC_114, examples: EXAMPLES };
export const BLANK_INPUT: InsertInput = { ...TAITUNG, example: false, rubric: RUBRIC_114 };

/** The example workbook (Taipei plan, Taitung scorecard), in memory; `sheets` are there before the templates. */
export function exampleBook(sheets: string[] = []): XlsxBook {
  const book = newBook();
  for (const s of sheets) book.wb.addWorksheet(s);
  const r = runOnBook(book, insertTemplates, EXAMPLE_INPUT);
  if (!r.ok) throw new Error(r.error.en);
  return book;
}

export const sheetOf = (book: XlsxBook, name: string) => {
  const ws = book.wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
};
