import ExcelJS from 'exceljs';
import {
  LIBREOFFICE_TEST_TIMEOUT_MS,
  type RecalculatedWorkbook,
  formulaErrors,
  readEvaluated,
  recalcAndRead,
  requireLibreOffice,
  uniqueTempPath,
} from './libreoffice';

const SHEET = '考核評分表';
const d = requireLibreOffice('LibreOffice recalculation helper') ? describe : describe.skip;

d('LibreOffice recalculation helper', () => {
  let file: string;
  let book: RecalculatedWorkbook;

  beforeAll(async () => {
    file = uniqueTempPath('tiny.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Summary');
    const ws = wb.addWorksheet(SHEET);
    ws.getCell('A1').value = 10;
    ws.getCell('A2').value = 20.5;
    ws.getCell('A3').value = 12;
    ws.getCell('A4').value = { formula: 'SUM(A1:A3)' }; // no cached result at all
    // A deliberately wrong cached result: only a forced recalculation on load fixes it.
    ws.getCell('B4').value = { formula: 'A4*2', result: -1 };
    ws.getCell('C1').value = { formula: '1/0' };
    // Falsy results (ExcelJS's cell.value drops them from { formula, result }).
    ws.getCell('C2').value = { formula: 'A1-A1', result: 5 };
    ws.getCell('C3').value = { formula: 'A1>100', result: true };
    wb.definedNames.add(`'${SHEET}'!$A$4`, 'Total');
    wb.getWorksheet('Summary')!.getCell('A1').value = { formula: `'${SHEET}'!A4+1`, result: 0 };
    await wb.xlsx.writeFile(file);

    book = await recalcAndRead(file);
  }, LIBREOFFICE_TEST_TIMEOUT_MS);

  it('input really has no / stale cached results (guards the test itself)', async () => {
    const raw = await readEvaluated(file);
    expect(raw.value(SHEET, 'A4')).toBeUndefined();
    expect(raw.value(SHEET, 'B4')).toBe(-1);
  });

  it('evaluates a formula that had no cached result', () => {
    expect(book.value(SHEET, 'A4')).toBe(42.5);
  });

  it('recalculates formulas whose cached result was stale', () => {
    expect(book.value(SHEET, 'B4')).toBe(85);
    expect(book.value('Summary', 'A1')).toBe(43.5);
  });

  it('returns falsy formula results (0, FALSE) rather than undefined', () => {
    expect(book.value(SHEET, 'C2')).toBe(0);
    expect(book.value(SHEET, 'C3')).toBe(false);
  });

  it('resolves a defined name to evaluated values', () => {
    expect(book.named('Total')).toEqual([[42.5]]);
  });

  it('returns plain values of non-formula cells', () => {
    expect(book.value(SHEET, 'A2')).toBe(20.5);
  });

  it('lists exactly the formula cells that evaluate to an error', () => {
    expect(formulaErrors(book.workbook)).toEqual([{ sheet: SHEET, address: 'C1', formula: '1/0', result: '#DIV/0!' }]);
  });
});
