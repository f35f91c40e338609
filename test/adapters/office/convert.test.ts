import { parseRange } from '../../../src/domain/a1';
import { UserError, msg } from '../../../src/domain/message';
import {
  absRows,
  cellFrom,
  changeTouches,
  charsToPoints,
  needsQuote,
  parseAreas,
  rowRuns,
  toFormulaCell,
} from '../../../src/adapters/office/convert';
import { PROTECTED, explain, missingSheet } from '../../../src/adapters/office/explain';
import { constantRef } from '../../../src/adapters/office/read';
import { nameRef as sharedNameRef } from '../../../src/operations/types';

/** A name's reference as Excel gives it to the Office host (which reads it with the one rule every host uses). */
const nameRef = (name: string, refersTo: string, sheets: string[]) => sharedNameRef(sheets, name, refersTo);

/** The Office.js host's pure helpers, as plain data: no Excel, no fake. */

describe('writing: toFormulaCell and needsQuote', () => {
  it('gives formulas their "=" and quotes text that Excel would read as something else', () => {
    expect(toFormulaCell({ formula: 'SUM(A1:A2)' })).toBe('=SUM(A1:A2)');
    expect(toFormulaCell('=not a formula')).toBe("'=not a formula");
    expect(toFormulaCell('- 加強訓練')).toBe("'- 加強訓練");
    expect(toFormulaCell('+886 89 123456')).toBe("'+886 89 123456");
    expect(toFormulaCell('@mention')).toBe("'@mention");
    expect(toFormulaCell("'quoted")).toBe("''quoted");
    expect(toFormulaCell('2025/6/30')).toBe("'2025/6/30");
    expect(toFormulaCell('114年6月')).toBe("'114年6月");
    expect(toFormulaCell('0012')).toBe("'0012");
    expect(toFormulaCell('50%')).toBe("'50%");
    expect(toFormulaCell('9:30')).toBe("'9:30");
    expect(toFormulaCell('持續辦理')).toBe('持續辦理');
    expect(toFormulaCell('1. 創新性-提供在地化及客製化關懷服務')).toBe('1. 創新性-提供在地化及客製化關懷服務');
  });

  it('leaves a cell alone for null (Office.js semantics) or clears it with ""; numbers and logicals as they are', () => {
    expect(toFormulaCell(null)).toBeNull();
    expect(toFormulaCell(null, '')).toBe('');
    expect(toFormulaCell('')).toBe('');
    expect(toFormulaCell(95)).toBe(95);
    expect(toFormulaCell(Number.NaN)).toBe('');
    expect(toFormulaCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(toFormulaCell(true)).toBe(true);
  });

  it('needsQuote knows numbers, dates, logicals and error values', () => {
    for (const s of ['TRUE', 'false', '#N/A', '#DIV/0!', '1e5', '-3', ' 12 ', '6/30', '12月31日'])
      expect(needsQuote(s)).toBe(true);
    for (const s of ['', '台東區營業處', 'H1', 'E5', 'N/A', '無', '1.創新性']) expect(needsQuote(s)).toBe(false);
  });
});

describe('reading: cellFrom', () => {
  it('maps what Office.js reads (values, valueTypes, formulas, numberFormat) to a snapshot cell', () => {
    expect(cellFrom('', 'Empty', '', 'General')).toEqual({ kind: 'empty', value: null });
    expect(cellFrom(95, 'Double', 95, 'General')).toEqual({ kind: 'number', value: 95 });
    expect(cellFrom(3, 'Integer', 3, 'General')).toEqual({ kind: 'number', value: 3 });
    expect(cellFrom(202, 'Double', '=E4*2', '0.##')).toEqual({ kind: 'number', value: 202, formula: 'E4*2', format: '0.##' });
    expect(cellFrom('#DIV/0!', 'Error', '=1/0', 'General')).toEqual({ kind: 'error', value: '#DIV/0!', formula: '1/0' });
    expect(cellFrom(true, 'Boolean', true, 'General')).toEqual({ kind: 'boolean', value: true });
    expect(cellFrom(false, 'Boolean', false, 'General')).toEqual({ kind: 'boolean', value: false });
    expect(cellFrom('95', 'String', '95', '@')).toEqual({ kind: 'string', value: '95', format: '@' });
  });

  it('a formula giving "" is a string (ISBLANK is FALSE for it), not empty', () => {
    expect(cellFrom('', 'Empty', '=IF(A1="","",A1)', 'General')).toEqual({
      kind: 'string',
      value: '',
      formula: 'IF(A1="","",A1)',
    });
    // "=" alone is not a formula
    expect(cellFrom('', 'Empty', '=', 'General')).toEqual({ kind: 'empty', value: null });
  });

  it('a date-formatted number is a number, as the sheet’s formulas count it', () => {
    expect(cellFrom(45658, 'Double', 45658, 'yyyy/m/d')).toEqual({ kind: 'number', value: 45658, format: 'yyyy/m/d' });
    expect(cellFrom(45658, 'Double', 45658, '[$-zh-TW]e/m/d')).toMatchObject({ kind: 'number', value: 45658 });
  });

  it('values Excel gives without a plain type (linked data types, images) are text, never a score', () => {
    expect(cellFrom({ type: 'Entity', text: '台東' }, 'RichValue', '', 'General')).toEqual({
      kind: 'string',
      value: '{"type":"Entity","text":"台東"}',
    });
    expect(cellFrom('', 'Unknown', '', 'General')).toEqual({ kind: 'empty', value: null });
  });
});

describe('names as Office.js reports them', () => {
  const sheets = ['考核評分表', "O'Brien", 'Sheet1'];

  it('a range name on a sheet of this workbook is that sheet and rectangle', () => {
    expect(nameRef('SelfScores', "'考核評分表'!$E$5:$E$16", sheets)).toEqual({
      name: 'SelfScores',
      sheet: '考核評分表',
      rect: parseRange('E5:E16'),
      refersTo: "='考核評分表'!$E$5:$E$16",
    });
    expect(nameRef('X', "='O''Brien'!$A$1", sheets)).toMatchObject({ sheet: "O'Brien", rect: parseRange('A1') });
    // sheet names are matched without regard to case, and given as the workbook spells them
    expect(nameRef('X', 'SHEET1!$B$2', sheets)).toMatchObject({ sheet: 'Sheet1' });
  });

  it('several areas of one sheet are that sheet and the areas, in order (a comma in a quoted sheet name is no list)', () => {
    expect(nameRef('X', "=Sheet1!$A$1,'SHEET1'!$C$3:$C$5", sheets)).toEqual({
      name: 'X',
      sheet: 'Sheet1',
      areas: [parseRange('A1'), parseRange('C3:C5')],
      refersTo: "=Sheet1!$A$1,'SHEET1'!$C$3:$C$5",
    });
    expect(nameRef('X', "'a,b'!$A$1", ['a,b'])).toMatchObject({ sheet: 'a,b', rect: parseRange('A1') });
  });

  it('anything else is only its text: an unknown sheet, another workbook, areas of two sheets, #REF!', () => {
    for (const ref of ["'刪除的表'!$E$5:$E$16", "'[Book2.xlsx]Sheet1'!$A$1", "Sheet1!$A$1,'O''Brien'!$C$3", '#REF!$E$5:$E$16']) {
      expect(nameRef('X', ref, sheets)).toEqual({ name: 'X', refersTo: `=${ref}` });
    }
  });

  it('a name that is a constant or an error is written as a formula, like the .xlsx host gives it', () => {
    expect(constantRef('Integer', 5)).toBe('=5');
    expect(constantRef('Double', 0.5)).toBe('=0.5');
    expect(constantRef('Boolean', true)).toBe('=true');
    expect(constantRef('String', 'say "hi"')).toBe('="say ""hi"""');
    expect(constantRef('Error', '#REF!')).toBe('=#REF!');
  });
});

describe('events: parseAreas and changeTouches', () => {
  const scores = parseRange('E5:E16');

  it('reads addresses as events and range.address give them', () => {
    expect(parseAreas("'考核評分表 (2)'!E5:F6")).toEqual([{ top: 5, bottom: 6, left: 5, right: 6 }]);
    expect(parseAreas("'a,b'!$E$5")).toEqual([{ top: 5, bottom: 5, left: 5, right: 5 }]);
    expect(parseAreas('3:4')).toEqual([{ top: 3, bottom: 4, left: 1, right: 16384 }]);
    expect(parseAreas('7')).toEqual([{ top: 7, bottom: 7, left: 1, right: 16384 }]);
    expect(parseAreas('C')).toEqual([{ top: 1, bottom: 1048576, left: 3, right: 3 }]);
    expect(parseAreas('C:D, E1')).toHaveLength(2);
    expect(parseAreas('')).toBeUndefined();
    expect(parseAreas('E5,??')).toBeUndefined();
  });

  it('decides cheaply whether a change can affect SelfScores', () => {
    expect(changeTouches({ address: 'D4:E5', changeType: 'RangeEdited' }, scores)).toBe(true);
    expect(changeTouches({ address: 'F5:G16', changeType: 'RangeEdited' }, scores)).toBe(false);
    expect(changeTouches({ address: 'E17' }, scores)).toBe(false);
    expect(changeTouches({ address: 'E:E' }, scores)).toBe(true);
    expect(changeTouches({ address: 'A1,E9' }, scores)).toBe(true);
    // inserting or deleting at or above the last row moves the scores or deletes from them
    expect(changeTouches({ address: '3:3', changeType: 'RowInserted' }, scores)).toBe(true);
    expect(changeTouches({ address: '16:16', changeType: 'RowDeleted' }, scores)).toBe(true);
    expect(changeTouches({ address: '20:20', changeType: 'RowDeleted' }, scores)).toBe(false);
    expect(changeTouches({ address: 'B:B', changeType: 'ColumnInserted' }, scores)).toBe(true);
    expect(changeTouches({ address: 'H:H', changeType: 'ColumnDeleted' }, scores)).toBe(false);
    expect(changeTouches({ address: 'A3:B3', changeType: 'CellInserted' }, scores)).toBe(true);
    expect(changeTouches({ address: 'F3', changeType: 'CellDeleted' }, scores)).toBe(false);
    // what cannot be read counts as touching: one needless check is cheaper than a missed one
    expect(changeTouches({ address: '??' }, scores)).toBe(true);
  });
});

describe('sizes', () => {
  it('converts character widths to points as Excel does for a file', () => {
    expect(charsToPoints(14)).toBe(73.5);
    expect(charsToPoints(8.43)).toBe(44.25);
  });

  it('groups row heights into runs, one request each', () => {
    expect(rowRuns({ 5: 30, 6: 30, 7: 30, 9: 30, 10: 45, 0: 12, 1.5: 12 })).toEqual([
      { from: 5, to: 7, height: 30 },
      { from: 9, to: 9, height: 30 },
      { from: 10, to: 10, height: 45 },
    ]);
    expect(absRows('4:4')).toBe('$4:$4');
    expect(absRows('$3:5')).toBe('$3:$5');
  });
});

describe('explain', () => {
  it('explains Excel errors in both languages, with the detail for support', () => {
    expect(explain({ code: 'AccessDenied', message: 'x' })).toBe(PROTECTED);
    expect(explain({ code: 'InvalidOperation', message: 'The sheet is protected' })).toBe(PROTECTED);
    expect(explain({ code: 'InvalidOperationInCellEditMode' }).en).toMatch(/Press Enter or Esc/);
    expect(explain({ code: 'ItemNotFound', message: 'x' }).en).toMatch(/missing/);
    expect(explain({ code: 'RequestPayloadSizeLimitExceeded' }).en).toMatch(/5 MB/);
    expect(explain({ code: 'ApiNotFound' }).zh).toContain('更新 Office');
    const invalid = explain({ code: 'InvalidArgument', message: 'bad', debugInfo: { errorLocation: 'Range.values' } });
    expect(invalid.en).toBe(
      'Excel rejected a range or value; check that the template has not been changed, then try again. (InvalidArgument · Range.values · bad)'
    );
    expect(explain({ debugInfo: { code: 'Timeout' } }).en).toMatch(/busy/);
    expect(explain({ code: 'SomethingNew' }).en).toMatch(/^Excel reported an error/);
  });

  it('passes the product’s own messages through, and explains what is not Office', () => {
    const m = msg('中文', 'English');
    expect(explain(new UserError(m))).toBe(m);
    expect(explain({ detail: m })).toBe(m);
    expect(explain(new ReferenceError('Excel is not defined')).en).toMatch(/inside Excel/);
    expect(explain('weird').zh).toContain('weird');
    expect(explain(undefined).en).toMatch(/unexpected/);
  });

  it('a missing sheet names it in both languages', () => {
    const m = missingSheet('考核評分表');
    expect(m.zh).toContain('「考核評分表」');
    expect(m.en).toContain('"考核評分表"');
  });
});
