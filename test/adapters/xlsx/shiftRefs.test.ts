import { MAX_ROWS } from '../../../src/domain/a1';
import { shiftFormulaRows, shiftSqref, translateFormula } from '../../../src/adapters/xlsx/shiftRefs';

// Insert 3 rows before row 9 of Sheet1, unless a case says otherwise.
const on = (formulaSheet: string | undefined, target = 'Sheet1', before = 9, count = 3) => ({
  target,
  formulaSheet,
  before,
  count,
});
const here = on('Sheet1');

describe('shiftFormulaRows', () => {
  const cases: [string, string, string, ReturnType<typeof on>?][] = [
    // cells
    ['cell at the insert row moves', 'C9', 'C12'],
    ['cell above stays', 'C8*2', 'C8*2'],
    ['absolute cell moves alike', '$C$9+$C10', '$C$12+$C13'],
    ['mixed anchors', 'C$10+$C11', 'C$13+$C14'],
    ['lower-case reference', 'sum(c10)', 'sum(c13)'],
    ['spill reference', 'SUM(A10#)', 'SUM(A13#)'],
    // ranges
    ['range ending above stays', 'SUM(C5:C8)', 'SUM(C5:C8)'],
    ['range straddling grows', 'SUM(C5:C9)', 'SUM(C5:C12)'],
    ['absolute straddling range grows', 'SUM($C$5:$C$20)', 'SUM($C$5:$C$23)'],
    ['range starting at the insert row moves', 'SUM(C9:D12)', 'SUM(C12:D15)'],
    ['range written bottom-up', 'SUM(C12:C5)', 'SUM(C15:C5)'],
    ['range operator with a function operand', 'SUM(A10:INDEX(B:B,10))', 'SUM(A13:INDEX(B:B,10))'],
    // whole rows and columns
    ['whole rows below move', 'SUM(9:10)', 'SUM(12:13)'],
    ['whole rows straddling grow', 'SUM($5:$9)', 'SUM($5:$12)'],
    ['whole rows above stay', 'SUM(5:8)', 'SUM(5:8)'],
    ['whole columns never change', 'SUM(A:C)+SUM($D:$D)', 'SUM(A:C)+SUM($D:$D)'],
    // sheets
    ['qualified reference to the target', 'Sheet1!C10', 'Sheet1!C13'],
    ['sheet names compare case-insensitively', 'SHEET1!C10', 'SHEET1!C13'],
    ['reference to another sheet untouched', 'Sheet2!C10+C10', 'Sheet2!C10+C13'],
    [
      'formula on another sheet: only qualified refs to the target move',
      'C10+Sheet1!C10:C12',
      'C10+Sheet1!C13:C15',
      on('Sheet2'),
    ],
    ['quoted sheet name', "SUM('My sheet'!C5:C10)", "SUM('My sheet'!C5:C13)", on('Other', 'My sheet')],
    ['quoted name with a doubled quote', "'it''s'!A10+'it''s x'!A10", "'it''s'!A13+'it''s x'!A10", on('Other', "it's")],
    ['unquoted CJK sheet name', '考核評分表!E10+E10', '考核評分表!E13+E10', on('彙整表', '考核評分表')],
    ['CJK sheet, formula on it', 'SUM(E5:E9)+考核評分表!E10', 'SUM(E5:E12)+考核評分表!E13', on('考核評分表', '考核評分表')],
    ['another workbook untouched', '[1]Sheet1!C10+C10', '[1]Sheet1!C10+C13'],
    ['3-D reference untouched', 'SUM(Sheet1:Sheet3!C10)', 'SUM(Sheet1:Sheet3!C10)'],
    ['quoted 3-D reference untouched', "SUM('Sheet1:Sheet 3'!C10)", "SUM('Sheet1:Sheet 3'!C10)"],
    ['#REF! qualifier untouched', '#REF!C10+C10', '#REF!C10+C13'],
    // workbook-scoped defined names: only qualified references count
    ['workbook name: unqualified ignored', 'C10', 'C10', on(undefined)],
    ['workbook name: qualified moves', 'Sheet1!$C$5:$C$10', 'Sheet1!$C$5:$C$13', on(undefined)],
    ['workbook name: other sheet', 'Sheet2!$C$10', 'Sheet2!$C$10', on(undefined)],
    // strings, names, functions
    ['string literal untouched', '"C10"&C10', '"C10"&C13'],
    ['string with doubled quotes', '"say ""C10"" here"&C10', '"say ""C10"" here"&C13'],
    ['string holding a quoted sheet name', '"\'Sheet1\'!C10"', '"\'Sheet1\'!C10"'],
    ['function names that look like cells', 'LOG10(A10)+ATAN2(A10,B10)', 'LOG10(A13)+ATAN2(A13,B13)'],
    ['xlfn prefixed function', '_xlfn.STDEV.S(C5:C10)', '_xlfn.STDEV.S(C5:C13)'],
    ['names containing cell-like parts', 'FY2024Total+R10C2+A10_x+XFE10+A0', 'FY2024Total+R10C2+A10_x+XFE10+A0'],
    ['structured references untouched', 'SUM(Tb1[Col])+Tb1[[#This Row],[A10]]', 'SUM(Tb1[Col])+Tb1[[#This Row],[A10]]'],
    ['numbers with exponents', '1E10+2.5E+3*A10', '1E10+2.5E+3*A13'],
    ['error literals', 'IFERROR(A10,#DIV/0!)&#N/A&#NAME?', 'IFERROR(A13,#DIV/0!)&#N/A&#NAME?'],
    ['booleans and spaces', 'IF(TRUE, A10 , B5)', 'IF(TRUE, A13 , B5)'],
    ['intersection operator', 'SUM(A5:C10 B5:B20)', 'SUM(A5:C13 B5:B23)'],
    // the bottom edge
    ['cell pushed off the sheet', 'A1048575+1', '#REF!+1', on('Sheet1', 'Sheet1', 1048575, 3)],
    ['qualified cell pushed off keeps its sheet', 'Sheet1!A1048576', 'Sheet1!#REF!', on('Sheet2', 'Sheet1', 100, 1)],
    ['range whose bottom is pushed off ends at the last row', 'SUM(A10:A1048576)', 'SUM(A13:A1048576)'],
    ['range wholly pushed off', 'SUM(A1048575:A1048576)', 'SUM(#REF!)', on('Sheet1', 'Sheet1', 1048575, 3)],
    ['whole rows pushed off', 'SUM(1048575:1048576)', 'SUM(#REF!)', on('Sheet1', 'Sheet1', 1048570, 10)],
    ['nothing inserted', 'C10', 'C10', on('Sheet1', 'Sheet1', 9, 0)],
  ];
  test.each(cases)('%s', (_, formula, expected, o = here) => {
    expect(shiftFormulaRows(formula, o)).toBe(expected);
  });

  test('insert at row 1 moves everything on the sheet', () => {
    expect(shiftFormulaRows('SUM($A$1:B2)+1:1', on('Sheet1', 'Sheet1', 1, 2))).toBe('SUM($A$3:B4)+3:3');
  });
});

describe('shiftSqref', () => {
  const cases: [string, number, number, string][] = [
    ['A5:B9', 9, 3, 'A5:B12'],
    ['A5:B8', 9, 3, 'A5:B8'],
    ['C9:C12', 9, 3, 'C12:C15'],
    ['E5 G7:G9', 8, 2, 'E5 G7:G11'],
    ['E5  G9:G10', 9, 1, 'E5 G10:G11'],
    ['$A$1:$G$20', 9, 3, '$A$1:$G$23'],
    ['1:3', 2, 1, '1:4'],
    ['1:3', 9, 1, '1:3'],
    ['C:C', 1, 5, 'C:C'],
    [`A${MAX_ROWS}`, 10, 1, ''],
    [`A1 A${MAX_ROWS}`, 10, 1, 'A1'],
    [`A10:A${MAX_ROWS}`, 5, 2, `A12:A${MAX_ROWS}`],
  ];
  test.each(cases)('%s: before %i, %i rows', (sqref, before, count, expected) => {
    expect(shiftSqref(sqref, before, count)).toBe(expected);
  });
});

describe('translateFormula (the text of a shared formula at another cell)', () => {
  const cases: [string, number, number, string][] = [
    ['C5*2', 3, 0, 'C8*2'],
    ['$C$5+C5+C$5+$C5', 1, 1, '$C$5+D6+D$5+$C6'],
    ['"A1"&A1', 1, 0, '"A1"&A2'],
    ["'My sheet'!A1+Sheet2!Z1", 2, 1, "'My sheet'!B3+Sheet2!AA3"],
    ['SUM(5:9)+SUM(A:B)', 2, 1, 'SUM(7:11)+SUM(B:C)'],
    ['LOG10(A1)', 0, 1, 'LOG10(B1)'],
    ['A1', -1, 0, '#REF!'],
  ];
  test.each(cases)('%s by (%i, %i)', (formula, dr, dc, expected) => {
    expect(translateFormula(formula, dr, dc)).toBe(expected);
  });
});
