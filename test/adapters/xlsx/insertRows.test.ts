import { spawnSync } from 'child_process';
import * as fs from 'fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { insertRows } from '../../../src/adapters/xlsx/insertRows';
import { UserError } from '../../../src/domain/message';
import { LIBREOFFICE_TEST_TIMEOUT_MS, recalcAndRead, requireLibreOffice, uniqueTempPath } from '../../support/libreoffice';

/*
 * One workbook with everything Excel moves on Insert > Entire Row, three rows inserted before row 9 of the
 * tracking sheet, written, read back both with ExcelJS and as XML. Where Excel would put each thing:
 *
 *   before          after            what
 *   A1:F1           A1:F1            merged title (above: untouched)
 *   4..8            4..8             the table; row 8 is yellow with a border, 20 high
 *   -               9..11            new rows, formatted like row 8
 *   9               12               an empty row 30 high
 *   10              13               sign-off: merge B:D, hyperlink, date, boolean, error, list validation
 *   11              14               =SUM(C5:C8), =C11/COUNT(C5:C8), rich text
 *   12:13 (E)       15:16            shared formula =C11*2+C$5
 *   13              16               hidden row
 *   15              18               a cell with a note; row 14 (now 17) stays absent
 *   E5:E8           E5:E8            shared formula =C5*2, untouched, stays shared
 *   G7:G10          G7:G8, G12:G13   shared formula =C7+1 straddling the insert: becomes plain formulas
 *   K7:K10          K7:K13           merge straddling the insert: grows
 *   C5:C8 / I10     C5:C8 / I13      validations; J5:J12 (custom, =J5<=$C$11) becomes J5:J15, =J5<=$C$14
 *   C5:C12          C5:C15           conditional format =C5>$C$11 becomes =C5>$C$14
 *   A1:I12          A1:I15           print area
 */

const SHEET = '追蹤 Tracking';
const Q = `'${SHEET}'`;
const YELLOW: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' } };
const SIGNED = new Date(Date.UTC(2025, 5, 30));
const RICH: ExcelJS.CellRichTextValue = { richText: [{ text: '合', font: { bold: true } }, { text: '計' }] };

function build() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  const other = wb.addWorksheet('Summary');

  ws.getCell('A1').value = '建議改善事項辦理情形表';
  ws.mergeCells('A1:F1');
  ['項目', '說明', '分數', '狀態'].forEach((h, i) => (ws.getCell(4, i + 1).value = h));
  for (let r = 5; r <= 8; r++) {
    ws.getCell(r, 1).value = `項目${r - 4}`;
    ws.getCell(r, 3).value = (r - 4) * 10;
    ws.getCell(r, 4).value = '辦理中';
  }
  for (let c = 1; c <= 4; c++) Object.assign(ws.getCell(8, c), { fill: YELLOW, border: THIN });
  ws.getRow(8).height = 20;
  ws.fillFormula('E5:E8', 'C5*2', [20, 40, 60, 80]);
  ws.fillFormula('G7:G10', 'C7+1', [31, 41, 1, 1]);
  ws.getCell('K7').value = '附註';
  ws.mergeCells('K7:K10');

  ws.getRow(9).height = 30;

  ws.getCell('A10').value = '經辦';
  ws.getCell('B10').value = '王小明';
  ws.mergeCells('B10:D10');
  ws.getCell('E10').value = { text: '規範', hyperlink: 'https://example.com/rules' };
  ws.getCell('F10').value = SIGNED;
  ws.getCell('F10').numFmt = 'yyyy-mm-dd';
  ws.getCell('H10').value = { error: '#N/A' };
  ws.getCell('I10').value = '辦理中';
  ws.getCell('J10').value = 5;
  ws.getCell('L10').value = true;

  ws.getCell('A11').value = RICH;
  ws.getCell('C11').value = { formula: 'SUM(C5:C8)', result: 100 };
  ws.getCell('D11').value = { formula: 'C11/COUNT(C5:C8)', result: 25 };
  ws.fillFormula('E12:E13', 'C11*2+C$5', [210, 10]);
  ws.getCell('A13').value = 'hidden row';
  ws.getRow(13).hidden = true;
  ws.getCell('A15').value = '備註';
  ws.getCell('A15').note = '記得簽名';

  const dv = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  dv.add('C5:C8', { type: 'whole', operator: 'between', formulae: [0, 100], showErrorMessage: true, errorStyle: 'stop' });
  dv.add('I10', { type: 'list', allowBlank: true, formulae: ['"辦理中,已完成"'], showErrorMessage: true, errorStyle: 'stop' });
  dv.add('J5:J12', { type: 'custom', formulae: ['J5<=$C$11'], showErrorMessage: true, errorStyle: 'stop' });
  ws.addConditionalFormatting({
    ref: 'C5:C12',
    rules: [{ type: 'expression', priority: 1, formulae: ['C5>$C$11'], style: { fill: YELLOW } }],
  });
  ws.pageSetup.printArea = 'A1:I12';
  ws.pageSetup.printTitlesRow = '4:4';

  other.getCell('A1').value = { formula: `${Q}!B10`, result: '王小明' };
  other.getCell('A2').value = { formula: `SUM(${Q}!C5:C11)`, result: 200 };
  other.getCell('A3').value = { formula: `${Q}!C11`, result: 100 };
  other.getCell('A4').value = { formula: `"${Q}!C10"`, result: `${Q}!C10` };
  other.getCell('A5').value = { formula: 'C10', result: 0 };

  const names = [
    { name: 'SignOff', formula: `${Q}!$A$10:$D$10` },
    { name: 'Table', formula: `${Q}!$A$4:$D$8` },
    { name: 'Total', formula: `${Q}!$C$11`, localSheetId: 0 },
    { name: 'LocalTotal', formula: '$C$11', localSheetId: 0 },
    { name: 'Unqualified', formula: '$C$11' },
    { name: 'OtherSheet', formula: 'Summary!$A$10' },
  ];
  return { wb, ws, names };
}

interface Written {
  file: string;
  wb: ExcelJS.Workbook;
  ws: ExcelJS.Worksheet;
  sheetXml: string;
  workbookXml: string;
  names: { name: string; formula: string }[];
}

async function insertAndWrite(): Promise<Written> {
  const { wb, ws, names } = build();
  insertRows(ws, 9, 3, names);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const file = uniqueTempPath('inserted.xlsx');
  fs.writeFileSync(file, buf);
  const zip = await JSZip.loadAsync(buf);
  const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  const workbookXml = await zip.file('xl/workbook.xml')!.async('string');
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return { file, wb: back, ws: back.getWorksheet(SHEET)!, sheetXml, workbookXml, names };
}

const attrs = (xml: string, tag: string, attr: string) =>
  [...xml.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${attr}="([^"]*)"`, 'g'))].map((m) => m[1]);

type Box = [number, number, number, number];
const colNum = (l: string) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
function box(ref: string): Box {
  const [a, b = a] = ref.split(':');
  const p = /([A-Z]+)(\d+)/.exec(a)!;
  const q = /([A-Z]+)(\d+)/.exec(b)!;
  return [Number(p[2]), colNum(p[1]), Number(q[2]), colNum(q[1])];
}
const overlap = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** The formula model of a cell, read raw: ExcelJS's cell.value drops a falsy result. */
const f = (ws: ExcelJS.Worksheet, a: string) =>
  ws.getCell(a).model as unknown as { formula?: string; sharedFormula?: string; shareType?: string };

describe('insertRows: 3 rows before row 9, written and read back', () => {
  let w: Written;
  beforeAll(async () => {
    w = await insertAndWrite();
  });

  test('values keep their types at their new rows', () => {
    const { ws } = w;
    expect(ws.getCell('A13').value).toBe('經辦');
    expect(ws.getCell('B13').value).toBe('王小明');
    expect(ws.getCell('E13').value).toEqual({ text: '規範', hyperlink: 'https://example.com/rules' });
    expect(ws.getCell('F13').value).toEqual(SIGNED);
    expect(ws.getCell('H13').value).toEqual({ error: '#N/A' });
    expect(ws.getCell('I13').value).toBe('辦理中');
    expect(ws.getCell('J13').value).toBe(5);
    expect(ws.getCell('L13').value).toBe(true);
    expect(ws.getCell('A14').value).toEqual(RICH);
    expect(ws.getCell('A14').type).toBe(ExcelJS.ValueType.RichText);
    expect(ws.getCell('A16').value).toBe('hidden row');
    expect(ws.getCell('A18').value).toBe('備註');
    expect(ws.getCell('A18').note).toBe('記得簽名');
    expect(ws.getCell('A15').note).toBeUndefined();
    // Nothing is left behind at the old places, and the table above is untouched.
    for (const a of ['A10', 'B10', 'E10', 'F10', 'H10', 'L10', 'A11', 'C11', 'A15', 'A17'])
      expect(ws.getCell(a).value).toBeNull();
    expect(ws.getCell('C8').value).toBe(40);
    expect(ws.getCell('A1').value).toBe('建議改善事項辦理情形表');
  });

  test('the hyperlink is written once, at its new cell', () => {
    expect(attrs(w.sheetXml, 'hyperlink', 'ref')).toEqual(['E13']);
  });

  test('row heights, hidden state and absent rows', () => {
    const { ws, sheetXml } = w;
    expect(ws.getRow(12).height).toBe(30);
    expect(ws.getRow(16).hidden).toBe(true);
    expect(ws.getRow(13).hidden).toBe(false);
    expect(ws.getRow(8).height).toBe(20);
    const rows = attrs(sheetXml, 'row', 'r').map(Number);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(rows).not.toContain(17); // was row 14: absent before, absent after
    expect(rows).toEqual(expect.arrayContaining([12, 13, 14, 15, 16, 18]));
  });

  test('new rows are empty and formatted like the row above', () => {
    const { ws } = w;
    for (let r = 9; r <= 11; r++) {
      expect(ws.getRow(r).height).toBe(20);
      for (let c = 1; c <= 4; c++) {
        expect(ws.getCell(r, c).value).toBeNull();
        expect(ws.getCell(r, c).fill).toEqual(YELLOW);
        expect(ws.getCell(r, c).border).toEqual(expect.objectContaining(THIN));
      }
      expect(ws.getCell(r, 5).value).toBeNull(); // no formula copied down
    }
  });

  test('merges move or grow, each written once, none overlapping', () => {
    const refs = attrs(w.sheetXml, 'mergeCell', 'ref');
    expect([...refs].sort()).toEqual(['A1:F1', 'B13:D13', 'K7:K13']);
    const boxes = refs.map(box);
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => expect(overlap(a, b)).toBe(false)));
    expect(attrs(w.sheetXml, 'mergeCells', 'count')).toEqual(['3']);
    const { ws } = w;
    expect(ws.getCell('D13').isMerged).toBe(true);
    expect(ws.getCell('D13').master.address).toBe('B13');
    expect(ws.getCell('K11').master.address).toBe('K7');
    expect(ws.getCell('K7').value).toBe('附註');
    expect(ws.getCell('C10').isMerged).toBe(false);
  });

  test('formulas on the sheet follow the cells they name', () => {
    const { ws } = w;
    expect(f(ws, 'C14').formula).toBe('SUM(C5:C8)');
    expect(ws.getCell('C14').result).toBe(100);
    expect(f(ws, 'D14').formula).toBe('C14/COUNT(C5:C8)');
    // A shared formula that moved became plain formulas, each correct for its own cell.
    expect(f(ws, 'E15')).toEqual(expect.objectContaining({ formula: 'C14*2+C$5' }));
    expect(f(ws, 'E16')).toEqual(expect.objectContaining({ formula: 'C15*2+C$5' }));
    expect(f(ws, 'E16').sharedFormula).toBeUndefined();
    // ...so did the one straddling the insert, above and below it.
    expect(['G7', 'G8', 'G12', 'G13'].map((a) => [f(ws, a).formula, f(ws, a).sharedFormula, f(ws, a).shareType])).toEqual([
      ['C7+1', undefined, undefined],
      ['C8+1', undefined, undefined],
      ['C12+1', undefined, undefined],
      ['C13+1', undefined, undefined],
    ]);
    // The shared formula the insert does not touch stays shared.
    expect(f(ws, 'E6').sharedFormula).toBe('E5');
    expect(ws.getCell('E8').formula).toBe('C8*2');
    expect(w.sheetXml).toMatch(/<c r="E5"[^>]*><f t="shared" ref="E5:E8" si="\d+">C5\*2<\/f>/);
  });

  test('formulas on other sheets follow too; strings and other refs stay', () => {
    const s = w.wb.getWorksheet('Summary')!;
    expect(f(s, 'A1').formula).toBe(`${Q}!B13`);
    expect(f(s, 'A2').formula).toBe(`SUM(${Q}!C5:C14)`);
    expect(f(s, 'A3').formula).toBe(`${Q}!C14`);
    expect(f(s, 'A4').formula).toBe(`"${Q}!C10"`);
    expect(f(s, 'A5').formula).toBe('C10');
  });

  test('data validations move, grow and keep their formulas right', () => {
    const dvs = [...w.sheetXml.matchAll(/<dataValidation\b([^>]*)>(.*?)<\/dataValidation>/g)].map((m) => ({
      sqref: /sqref="([^"]*)"/.exec(m[1])![1],
      type: /type="([^"]*)"/.exec(m[1])?.[1],
      body: m[2],
    }));
    expect(dvs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sqref: 'C5:C8', type: 'whole' }),
        expect.objectContaining({ sqref: 'I13', type: 'list' }),
        { sqref: 'J5:J15', type: 'custom', body: '<formula1>J5&lt;=$C$14</formula1>' },
      ])
    );
    expect(dvs).toHaveLength(3);
    const ws = w.ws;
    expect(ws.getCell('I13').dataValidation?.type).toBe('list');
    expect(ws.getCell('I10').dataValidation).toBeUndefined();
    expect(ws.getCell('C9').dataValidation).toBeUndefined(); // C5:C8 does not reach the insert
    expect(ws.getCell('J10').dataValidation?.formulae).toEqual(['J5<=$C$14']);
  });

  test('conditional format range and formula move', () => {
    expect(attrs(w.sheetXml, 'conditionalFormatting', 'sqref')).toEqual(['C5:C15']);
    expect(w.sheetXml).toContain('<formula>C5&gt;$C$14</formula>');
  });

  test('print area grows, print titles above stay', () => {
    expect(w.ws.pageSetup.printArea).toBe('A1:I15');
    expect(w.ws.pageSetup.printTitlesRow).toBe('4:4');
    // ExcelJS writes the print area as $A1:$I15.
    expect(w.workbookXml).toMatch(
      /<definedName name="_xlnm.Print_Area" localSheetId="0">&apos;追蹤 Tracking&apos;!\$A\$?1:\$I\$?15<\/definedName>/
    );
  });

  test('our defined names follow (sheet-scoped ones read unqualified refs on their sheet)', () => {
    expect(Object.fromEntries(w.names.map((n) => [n.name, n.formula]))).toEqual({
      SignOff: `${Q}!$A$13:$D$13`,
      Table: `${Q}!$A$4:$D$8`,
      Total: `${Q}!$C$14`,
      LocalTotal: '$C$14',
      Unqualified: '$C$11',
      OtherSheet: 'Summary!$A$10',
    });
  });

  const validator = '/work/shared/ooxml-validate';
  const haveValidator = fs.existsSync(validator) && spawnSync('xmllint', ['--version']).status === 0;
  (haveValidator ? test : test.skip)('the written package validates against the OOXML schemas', () => {
    const r = spawnSync(validator, [w.file], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('');
    expect(r.status).toBe(0);
  });
});

const withLibreOffice = requireLibreOffice('insertRows recalculation') ? describe : describe.skip;
withLibreOffice('insertRows: LibreOffice recalculates the moved formulas', () => {
  test(
    'totals at their new rows, and on the other sheet',
    async () => {
      const { file } = await insertAndWrite();
      const book = await recalcAndRead(file);
      expect(book.value(SHEET, 'C14')).toBe(100);
      expect(book.value(SHEET, 'D14')).toBe(25);
      expect(book.value(SHEET, 'E15')).toBe(210);
      expect(book.value(SHEET, 'G7')).toBe(31);
      expect(book.value(SHEET, 'G12')).toBe(1);
      expect(book.value('Summary', 'A1')).toBe('王小明');
      expect(book.value('Summary', 'A2')).toBe(200);
      expect(book.value('Summary', 'A3')).toBe(100);
    },
    LIBREOFFICE_TEST_TIMEOUT_MS
  );
});

describe('insertRows: edges', () => {
  test('refuses, changing nothing, to push content off the sheet', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1048575').value = 'last';
    ws.getCell('A1').value = { formula: 'A1048575' };
    expect(() => insertRows(ws, 10, 2)).toThrow(UserError);
    expect(ws.getCell('A1048575').value).toBe('last');
    expect(ws.getCell('A1').formula).toBe('A1048575');
  });

  test('refuses to split an array formula', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('B2').value = {
      formula: 'A2:A4*2',
      shareType: 'array',
      ref: 'B2:B4',
      result: 0,
    } as unknown as ExcelJS.CellFormulaValue;
    expect(() => insertRows(ws, 3, 1)).toThrow(/array/);
    insertRows(ws, 2, 1); // moving it whole is fine
    expect(ws.getCell('B3').model).toEqual(expect.objectContaining({ formula: 'A3:A5*2', shareType: 'array', ref: 'B3:B5' }));
  });

  test('insert at row 1 formats the new rows like the row below; count 0 changes nothing', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = 'x';
    ws.getCell('A1').fill = YELLOW;
    insertRows(ws, 1, 0);
    expect(ws.getCell('A1').value).toBe('x');
    insertRows(ws, 1, 2);
    expect(ws.getCell('A3').value).toBe('x');
    expect(ws.getCell('A1').value).toBeNull();
    expect(ws.getCell('A1').fill).toEqual(YELLOW);
  });

  test('a sheet without the row above leaves the new rows absent', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A5').value = 1;
    insertRows(ws, 5, 2);
    expect(ws.findRow(5)).toBeUndefined();
    expect(ws.findRow(6)).toBeUndefined();
    expect(ws.getCell('A7').value).toBe(1);
  });

  test('auto filter, row breaks and pictures move with their rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A4').value = 'h';
    ws.autoFilter = 'A4:D10';
    ws.getRow(5).addPageBreak();
    ws.getRow(12).addPageBreak();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64'
    );
    const id = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
    ws.addImage(id, 'B2:C3'); // above: stays
    ws.addImage(id, 'B12:C14'); // below: moves (anchor rows are 0-based)
    insertRows(ws, 9, 3);
    expect(ws.autoFilter).toBe('A4:D13');
    expect((ws as unknown as { rowBreaks: { id: number }[] }).rowBreaks.map((b) => b.id)).toEqual([5, 15]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as ExcelJS.Buffer);
    const rows = back
      .getWorksheet('S')!
      .getImages()
      .map((i) => {
        const r = i.range as unknown as { tl: { nativeRow: number }; br: { nativeRow: number } };
        return [r.tl.nativeRow, r.br.nativeRow];
      });
    expect(rows).toEqual([
      [1, 3],
      [14, 17],
    ]);
  });

  test('a validation loaded cell by cell grows where it straddles the insert', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    const dv = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    dv.add('B2:B5', { type: 'list', formulae: ['"a,b"'], errorStyle: 'stop' });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as ExcelJS.Buffer);
    const ws2 = back.getWorksheet('S')!;
    insertRows(ws2, 4, 2);
    for (const r of [2, 3, 4, 5, 6, 7]) expect(ws2.getCell(`B${r}`).dataValidation?.type).toBe('list');
    expect(ws2.getCell('B8').dataValidation).toBeUndefined();
  });
});
