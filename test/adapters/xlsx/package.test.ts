/**
 * The package layer around ExcelJS: preparePackage (before ExcelJS loads) and finishPackage (after it writes).
 *
 * Each repair has a test whose input triggers the ExcelJS defect (built with openpyxl, LibreOffice or by
 * editing package XML); where cheap, a "guard" assertion shows the defect on the unrepaired path, so the
 * test cannot pass vacuously. Every package we produce must pass ooxml-validate and load in openpyxl.
 */
import * as fs from 'fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { BOOLEAN_ATTRIBUTES, type DefinedName, finishPackage, preparePackage } from '../../../src/adapters/xlsx/package';
import { UserError } from '../../../src/domain/message';
import { LIBREOFFICE_TEST_TIMEOUT_MS, recalc, requireLibreOffice, uniqueTempPath } from '../../support/libreoffice';
import { ooxmlViolations, OOXML_VALIDATE, requireOoxmlValidator } from '../../support/ooxml';
import { readWithOpenpyxl, requireOpenpyxl, runPython, sheetOf } from '../../support/openpyxl';

jest.setTimeout(60_000);

const SHEET = '考核評分表';
const LABEL = '114年上半年.xlsx';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

async function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function partOf(pkg: Buffer, name: string): Promise<string> {
  const file = (await JSZip.loadAsync(pkg)).file(name);
  if (!file) throw new Error(`no part ${name}`);
  return file.async('string');
}

async function partNames(pkg: Buffer): Promise<string[]> {
  return Object.values((await JSZip.loadAsync(pkg)).files)
    .filter((f) => !f.dir)
    .map((f) => f.name);
}

async function editPart(pkg: Buffer, name: string, edit: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(pkg);
  const xml = await zip.file(name)!.async('string');
  const next = edit(xml);
  if (next === xml) throw new Error(`editing ${name} changed nothing`);
  zip.file(name, next);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function load(data: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // ExcelJS types its argument as its own Buffer (an ArrayBuffer); at runtime it takes a Node Buffer.
  await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  return wb;
}

async function write(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** bytes → prepare → ExcelJS load → edit → ExcelJS write → finish. */
async function pipeline(
  input: Buffer,
  edit?: (wb: ExcelJS.Workbook) => void,
  names?: (prepared: DefinedName[]) => DefinedName[]
): Promise<{ names: DefinedName[]; prepared: Buffer; wb: ExcelJS.Workbook; written: Buffer; out: Buffer }> {
  const prepared = await preparePackage(input, LABEL);
  const wb = await load(prepared.data);
  edit?.(wb);
  const written = await write(wb);
  const out = await finishPackage(written, names ? names(prepared.names) : prepared.names);
  return { names: prepared.names, prepared: prepared.data, wb, written, out };
}

/**
 * Every package a test produces must pass ooxml-validate. Validating them in one run at the end of a
 * describe block (the test `itAllValid` adds) saves ~0.8 s of schema loading per package.
 */
function validationBatch(): { valid: (pkg: Buffer) => void; itAllValid: () => void } {
  const produced: Record<string, Buffer> = {};
  return {
    valid(pkg) {
      const test = expect.getState().currentTestName ?? 'package';
      let label = test;
      for (let n = 2; label in produced; n++) label = `${test} #${n}`;
      produced[label] = pkg;
    },
    itAllValid() {
      it('every package produced above passes ooxml-validate', async () => {
        expect(Object.keys(produced).length).toBeGreaterThan(0);
        expect(await ooxmlViolations(produced)).toEqual([]);
      });
    },
  };
}

/** Run a Python script (openpyxl available) that saves a workbook to sys.argv[1]; resolves to its bytes. */
async function makeWithOpenpyxl(script: string): Promise<Buffer> {
  const file = uniqueTempPath('openpyxl.xlsx');
  await runPython(script, [file]);
  return fs.readFileSync(file);
}

const sheetXml = (pkg: Buffer, n = 1): Promise<string> => partOf(pkg, `xl/worksheets/sheet${n}.xml`);

/** A feature-rich workbook as openpyxl writes it. */
const OPENPYXL_SOURCE = String.raw`
import sys, datetime
import openpyxl
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName

wb = openpyxl.Workbook()
ws = wb.active
ws.title = '考核評分表'
ws['A1'] = 'hello'
ws['A1'].comment = Comment('a comment 註解', 'me')
ws['B2'] = 5
ws['B2'].protection = Protection(locked=False)
ws['B3'] = datetime.datetime(2025, 1, 2)
ws['C1'] = 'merged'
ws.merge_cells('C1:D2')
ws['E1'] = 'link'
ws['E1'].hyperlink = 'https://example.com/'
ws['E2'] = 'internal'
ws['E2'].hyperlink = Hyperlink(ref='E2', location="'Other'!A1")
ws['H1'] = 'bold'
ws['H1'].font = Font(b=True)
ws['H2'] = 'italic'
ws['H2'].font = Font(i=True)
dv = DataValidation(type='whole', operator='between', formula1='0', formula2='100', allow_blank=True, errorStyle='warning')
ws.add_data_validation(dv)
dv.add('B2:B10')
dv2 = DataValidation(type='list', formula1='"辦理中,已完成"')
ws.add_data_validation(dv2)
dv2.add('F2:F10')
ws.conditional_formatting.add('B2:B10', CellIsRule(operator='greaterThan', formula=['100'], fill=PatternFill(bgColor='FFC7CE')))
ws.sheet_properties.pageSetUpPr.fitToPage = True
ws.page_setup.fitToWidth = 1
ws.page_setup.fitToHeight = 0
ws.page_setup.cellComments = 'asDisplayed'
ws.print_area = 'A1:H20'
ws.print_title_rows = '1:2'
ws.protection.sheet = True
ws2 = wb.create_sheet('Other')
ws2['A1'] = 1
ws2['B1'] = 'x'
ws2['B1'].comment = Comment('second', 'you')
for row in (['key', 'value'], ['a', 1], ['b', 2]):
    ws2.append([None, None, None] + row)
lookup = Table(displayName='Lookup', ref='D2:E4')
lookup.tableStyleInfo = TableStyleInfo(name='TableStyleLight1', showRowStripes=True)
ws2.add_table(lookup)
wb.defined_names.append(DefinedName('SelfScores', attr_text="'考核評分表'!$B$2:$B$10"))
wb.defined_names.append(DefinedName('Const', attr_text='"abc"'))
wb.defined_names.append(DefinedName('Amp', attr_text='"a&b<c>"', comment='note & <stuff>', hidden=True))
wb.defined_names.append(DefinedName('SelfScores', attr_text="Other!$A$1", localSheetId=1))
wb.save(sys.argv[1])
`;

const SOURCE_NAMES: DefinedName[] = [
  { name: 'SelfScores', formula: `'${SHEET}'!$B$2:$B$10` },
  { name: 'Const', formula: '"abc"' },
  { name: 'Amp', formula: '"a&b<c>"', comment: 'note & <stuff>', hidden: true },
  { name: 'SelfScores', localSheetId: 1, formula: 'Other!$A$1' },
];

// ---------------------------------------------------------------------------
// Input checks: no external tools needed
// ---------------------------------------------------------------------------

describe('preparePackage rejects what is not an .xlsx, in both languages', () => {
  async function rejection(input: Buffer): Promise<UserError> {
    const e: unknown = await preparePackage(input, LABEL).then(
      () => undefined,
      (err: unknown) => err
    );
    expect(e).toBeInstanceOf(UserError);
    const u = e as UserError;
    expect(u.detail.zh).toContain(LABEL);
    expect(u.detail.en).toContain(LABEL);
    // Never a zip library's own English message.
    expect(u.message).not.toMatch(/central directory|End of data|Corrupted zip|is this a zip/i);
    return u;
  }
  const ole = (stream: string): Buffer =>
    Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), Buffer.from(stream, 'utf16le'), Buffer.alloc(64)]);

  it('an empty file', async () => {
    const u = await rejection(Buffer.alloc(0));
    expect(u.detail.en).toMatch(/empty/);
    expect(u.detail.zh).toMatch(/空的檔案/);
  });

  it('a legacy .xls (OLE compound file with a Workbook stream)', async () => {
    const u = await rejection(ole('Workbook'));
    expect(u.detail.en).toMatch(/Excel 97-2003.*\.xls/);
    expect(u.detail.en).toMatch(/save it as "Excel Workbook \(\.xlsx\)"/);
    expect(u.detail.zh).toMatch(/另存為「Excel 活頁簿 \(\.xlsx\)」/);
  });

  it('a password-protected .xlsx (OLE with EncryptedPackage), and an OLE file of unknown kind', async () => {
    const enc = await rejection(ole('EncryptedPackage'));
    expect(enc.detail.en).toMatch(/password-protected/);
    expect(enc.detail.zh).toMatch(/密碼/);
    const unknown = await rejection(ole('Something'));
    expect(unknown.detail.en).toMatch(/\.xls.*password-protected/);
  });

  it('CSV and other text (UTF-8 or Big5), HTML, XML Spreadsheet 2003, PDF, unknown binary', async () => {
    const csv = await rejection(Buffer.from('\uFEFF考核項目,自評\n創新性,90\n', 'utf8'));
    expect(csv.detail.en).toMatch(/text file \(such as CSV\)/);
    expect(csv.detail.zh).toMatch(/CSV/);
    // "考核" in Big5: not UTF-8, still text.
    expect((await rejection(Buffer.from([0xa6, 0xd2, 0xae, 0xd6, 0x2c, 0x31, 0x0d, 0x0a]))).detail.en).toMatch(/CSV/);
    const html = await rejection(
      Buffer.from(
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><table><tr><td>1</td></tr></table></body></html>'
      )
    );
    expect(html.detail.en).toMatch(/web page \(HTML\)/);
    const xml2003 = await rejection(
      Buffer.from('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>')
    );
    expect(xml2003.detail.en).toMatch(/XML Spreadsheet 2003/);
    expect((await rejection(Buffer.from('%PDF-1.7\n%\xe2\xe3'))).detail.en).toMatch(/PDF/);
    expect((await rejection(Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0x00, 0x10]))).detail.en).toMatch(/not recognised/);
  });

  it('zips that are not spreadsheets: .docx, .pptx, .xlsb, .ods, a plain zip', async () => {
    const docx = await rejection(await zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }));
    expect(docx.detail.en).toMatch(/Word document \(\.docx\)/);
    expect((await rejection(await zipOf({ 'ppt/presentation.xml': '<p/>' }))).detail.en).toMatch(/PowerPoint/);
    const xlsb = await rejection(await zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.bin': Buffer.from([1, 2]) }));
    expect(xlsb.detail.en).toMatch(/\.xlsb/);
    const ods = await rejection(
      await zipOf({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' })
    );
    expect(ods.detail.en).toMatch(/OpenDocument spreadsheet \(\.ods\)/);
    expect(ods.detail.zh).toMatch(/\.ods/);
    expect((await rejection(await zipOf({ 'readme.txt': 'hi' }))).detail.en).toMatch(/ZIP archive but not an Excel workbook/);
  });

  it('a truncated .xlsx, a Strict Open XML workbook, a workbook with malformed XML', async () => {
    const good = await zipOf({
      '_rels/.rels':
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      'xl/workbook.xml':
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/>' +
        ' '.repeat(4000) +
        '</workbook>',
    });
    expect((await rejection(good.subarray(0, good.length - 30))).detail.en).toMatch(/damaged or incomplete/);
    const strict = await zipOf({
      '_rels/.rels':
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      'xl/workbook.xml': '<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"/>',
    });
    expect((await rejection(strict)).detail.en).toMatch(/Strict Open XML/);
    const broken = await editPart(good, 'xl/workbook.xml', (x) => x.replace('<sheets/>', '<sheets>'));
    const u = await rejection(broken);
    expect(u.detail.en).toMatch(/damaged.*xl\/workbook\.xml/);
  });
});

// ---------------------------------------------------------------------------
// With openpyxl and ooxml-validate
// ---------------------------------------------------------------------------

const tools = requireOoxmlValidator('xlsx package layer') && requireOpenpyxl('xlsx package layer');
const withTools = tools ? describe : describe.skip;

withTools('the boolean-attribute table', () => {
  it('lists exactly the xsd:boolean attributes of each complex type in sml.xsd', async () => {
    const xsd = `${OOXML_VALIDATE.replace(/ooxml-validate$/, '')}schemas/ooxml/sml.xsd`;
    const script = String.raw`
import json, sys
import xml.etree.ElementTree as ET
XS = '{http://www.w3.org/2001/XMLSchema}'
root = ET.parse(sys.argv[1]).getroot()
cts = {c.get('name'): c for c in root.findall(XS + 'complexType')}
ags = {a.get('name'): a for a in root.findall(XS + 'attributeGroup')}
def attrs(name):
    out = {}
    def walk(node):
        for ch in node:
            if ch.tag == XS + 'attribute' and ch.get('name'): out[ch.get('name')] = ch.get('type')
            elif ch.tag == XS + 'attributeGroup' and ch.get('ref'): walk(ags[ch.get('ref')])
            elif ch.tag == XS + 'extension': out.update(attrs(ch.get('base'))); walk(ch)
            elif ch.tag in (XS + 'complexContent', XS + 'simpleContent'): walk(ch)
    walk(cts[name])
    return out
elements = {}
for e in root.iter(XS + 'element'):
    if e.get('name'): elements.setdefault(e.get('name'), set()).add(e.get('type'))
req = json.loads(sys.argv[2])
json.dump({el: {'declared': ct in elements.get(el, ()), 'attrs': ' '.join(sorted(a for a, t in attrs(ct).items() if t == 'xsd:boolean'))}
           for el, ct in req.items()}, sys.stdout)
`;
    const request = Object.fromEntries(Object.entries(BOOLEAN_ATTRIBUTES).map(([el, [ct]]) => [el, ct]));
    const fromSchema = JSON.parse(await runPython(script, [xsd, JSON.stringify(request)])) as Record<
      string,
      { declared: boolean; attrs: string }
    >;
    for (const [el, [, attrs]] of Object.entries(BOOLEAN_ATTRIBUTES)) {
      expect({ el, ...fromSchema[el] }).toEqual({ el, declared: true, attrs });
    }
  });
});

withTools('files written by openpyxl', () => {
  const { valid: expectValid, itAllValid } = validationBatch();
  let source: Buffer;
  beforeAll(async () => {
    source = await makeWithOpenpyxl(OPENPYXL_SOURCE);
  });

  it('guard: the openpyxl file itself is valid', () => expectValid(source));

  it('guard: ExcelJS cannot load the file at all (openpyxl names its comment parts xl/comments/comment1.xml)', async () => {
    await expect(load(source)).rejects.toThrow(/reading 'comments'/);
  });

  it('preparePackage takes every user-defined name out of workbook.xml, with its scope, in order', async () => {
    const prepared = await preparePackage(source, LABEL);
    expect(prepared.names).toEqual(SOURCE_NAMES);
    const wbXml = await partOf(prepared.data, 'xl/workbook.xml');
    expect(wbXml).not.toMatch(/name="(SelfScores|Const|Amp)"/);
    expect(wbXml).toContain('name="_xlnm.Print_Area"');
    const wb = await load(prepared.data);
    expect(wb.definedNames.model.filter((n) => !n.name.startsWith('_xlnm.'))).toEqual([]);
  });

  it('finishPackage writes the names back after ExcelJS, escaped, between </sheets> and <calcPr>', async () => {
    const { out, written } = await pipeline(source, (wb) => {
      // Whatever ExcelJS itself would write as names is replaced.
      wb.definedNames.add(`'${SHEET}'!$A$1`, 'FromExcelJs');
    });
    expect(await partOf(written, 'xl/workbook.xml')).toContain('FromExcelJs');
    const xml = await partOf(out, 'xl/workbook.xml');
    expect(xml).not.toContain('FromExcelJs');
    expect(xml).toMatch(/<\/sheets><definedNames>.*<\/definedNames><calcPr/);
    expect(xml).toContain(
      '<definedName name="Amp" comment="note &amp; &lt;stuff&gt;" hidden="1">"a&amp;b&lt;c&gt;"</definedName>'
    );
    expect(xml).toContain('<definedName name="SelfScores" localSheetId="1">Other!$A$1</definedName>');
    expect(xml).toContain(`<definedName name="_xlnm.Print_Area" localSheetId="0">'${SHEET}'!$A$1:$H$20</definedName>`);
    expectValid(out);
    const report = await readWithOpenpyxl(out);
    expect(report.definedNames).toEqual([
      { name: 'SelfScores', localSheetId: null, value: `'${SHEET}'!$B$2:$B$10`, hidden: false, comment: null },
      { name: 'Const', localSheetId: null, value: '"abc"', hidden: false, comment: null },
      { name: 'Amp', localSheetId: null, value: '"a&b<c>"', hidden: true, comment: 'note & <stuff>' },
      { name: 'SelfScores', localSheetId: 1, value: 'Other!$A$1', hidden: false, comment: null },
    ]);
  });

  it('finishPackage writes no empty <definedNames/> and keeps ExcelJS print names', async () => {
    const noPrint = (wb: ExcelJS.Workbook): void => {
      for (const ws of wb.worksheets) {
        ws.pageSetup.printArea = undefined;
        ws.pageSetup.printTitlesRow = undefined;
      }
    };
    const none = await pipeline(source, noPrint, () => []);
    expect(await partOf(none.out, 'xl/workbook.xml')).not.toContain('definedNames');
    expectValid(none.out);
    const printOnly = await pipeline(source, undefined, () => []);
    const xml = await partOf(printOnly.out, 'xl/workbook.xml');
    expect(xml.match(/<definedName /g)).toHaveLength(2);
    expect(xml).toContain('_xlnm.Print_Titles');
    const added = await pipeline(source, noPrint, () => [{ name: 'TotalScore', formula: `'${SHEET}'!$B$3` }]);
    expect(await partOf(added.out, 'xl/workbook.xml')).toMatch(
      /<\/sheets><definedNames><definedName name="TotalScore">'考核評分表'!\$B\$3<\/definedName><\/definedNames><calcPr/
    );
    expectValid(added.out);
  });

  it('finishPackage refuses duplicate names (same name, any case, same scope) and impossible scopes', async () => {
    const { written } = await pipeline(source);
    const finish = (names: DefinedName[]): Promise<Buffer> => finishPackage(written, names);
    await expect(
      finish([
        { name: 'X', formula: '1' },
        { name: 'x', formula: '2' },
      ])
    ).rejects.toThrow(/duplicate/);
    await expect(
      finish([
        { name: 'X', formula: '1', localSheetId: 1 },
        { name: 'X', formula: '2', localSheetId: 1 },
      ])
    ).rejects.toThrow(/duplicate/);
    await expect(finish([{ name: 'X', formula: '1', localSheetId: 2 }])).rejects.toThrow(/localSheetId 2.*2 sheet/);
    await expect(finish([{ name: '_xlnm.Print_Area', formula: 'A1', localSheetId: 0 }])).rejects.toThrow(/built-in/);
    await expect(finish([{ name: 'X', formula: '1', attrs: { hidden: '1' } }])).rejects.toThrow(/attribute/);
    await expect(finish([{ name: 'X', formula: 'a\u0001b' }])).rejects.toThrow(/control/);
    const ok = await finish([
      { name: 'X', formula: '1' },
      { name: 'X', formula: '2', localSheetId: 0 },
      { name: 'X', formula: '3', localSheetId: 1, attrs: { function: 'false', vbProcedure: 'false', description: 'd "q"' } },
    ]);
    expectValid(ok);
    expect(await partOf(ok, 'xl/workbook.xml')).toContain(
      '<definedName name="X" function="false" vbProcedure="false" description="d &quot;q&quot;" localSheetId="1">3</definedName>'
    );
  });

  it('comments: renamed to where ExcelJS looks, and their text survives the round trip', async () => {
    const { prepared, wb, out } = await pipeline(source, (book) => {
      book.getWorksheet('Other')!.getCell('C1').note = 'new note';
    });
    const parts = await partNames(prepared);
    expect(parts).toEqual(expect.arrayContaining(['xl/comments1.xml', 'xl/comments2.xml', 'xl/drawings/vmlDrawing1.vml']));
    expect(parts).not.toContain('xl/comments/comment1.xml');
    expect(await partOf(prepared, 'xl/worksheets/_rels/sheet1.xml.rels')).toContain('Target="../comments1.xml"');
    // openpyxl writes <text><t>…</t></text>; ExcelJS keeps only runs.
    expect(await partOf(prepared, 'xl/comments1.xml')).toContain('<text><r><t>a comment 註解</t></r></text>');
    expect(wb.getWorksheet(SHEET)!.getCell('A1').note).toBe('a comment 註解');
    expectValid(out);
    const report = await readWithOpenpyxl(out);
    expect(sheetOf(report, SHEET).comments.A1.text).toBe('a comment 註解');
    expect(sheetOf(report, 'Other').comments).toMatchObject({ B1: { text: 'second' }, C1: { text: 'new note' } });
  });

  it('print titles written without "$" (1:2) survive; print areas come back absolute', async () => {
    expect(await partOf(source, 'xl/workbook.xml')).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="0">'${SHEET}'!1:2<`
    );
    const prepared = await preparePackage(source, LABEL);
    expect(await partOf(prepared.data, 'xl/workbook.xml')).toContain(`'${SHEET}'!$1:$2<`);
    const guard = await load(await editPart(prepared.data, 'xl/workbook.xml', (x) => x.replace('!$1:$2<', '!1:2<')));
    expect(guard.getWorksheet(SHEET)!.pageSetup.printTitlesRow).toBeUndefined();
    const { wb, written, out } = await pipeline(source);
    expect(wb.getWorksheet(SHEET)!.pageSetup.printTitlesRow).toBe('1:2');
    // ExcelJS writes the rows relative: $A1:$H20.
    expect(await partOf(written, 'xl/workbook.xml')).toContain(`&apos;${SHEET}&apos;!$A1:$H20`);
    expect(await partOf(out, 'xl/workbook.xml')).toContain(`'${SHEET}'!$A$1:$H$20`);
    expectValid(out);
    const s = sheetOf(await readWithOpenpyxl(out), SHEET);
    expect(s.printTitleRows?.replace(/\$/g, '')).toBe('1:2');
    expect(JSON.stringify(s.printArea)).toContain('$A$1:$H$20');
  });

  it('a print area on a sheet whose name has an apostrophe', async () => {
    const { out, written } = await pipeline(source, (wb) => {
      wb.getWorksheet('Other')!.name = "It's";
      wb.getWorksheet("It's")!.pageSetup.printArea = 'A1:B2';
    });
    expect(await partOf(written, 'xl/workbook.xml')).toContain(`&apos;It&apos;s&apos;!$A1:$B2`);
    expect(await partOf(out, 'xl/workbook.xml')).toContain(
      `<definedName name="_xlnm.Print_Area" localSheetId="1">'It''s'!$A$1:$B$2</definedName>`
    );
    expectValid(out);
    expect(JSON.stringify(sheetOf(await readWithOpenpyxl(out), "It's").printArea)).toContain('$A$1:$B$2');
  });

  it('links inside the workbook: read (location only, no relationship) and written (ExcelJS makes them external)', async () => {
    const { wb, written, out } = await pipeline(source, (book) => {
      book.getWorksheet(SHEET)!.getCell('G1').value = { text: 'to Other', hyperlink: "#'Other'!B1" };
    });
    // Read: ExcelJS sees the location-only link as a "#" link; unprepared, it keeps only the text.
    expect(wb.getWorksheet(SHEET)!.getCell('E2').value).toEqual({ text: 'internal', hyperlink: "#'Other'!A1" });
    const prepared = (await preparePackage(source, LABEL)).data;
    const unprepared = await editPart(prepared, 'xl/worksheets/sheet1.xml', (x) =>
      x.replace(/<hyperlink ref="E2"[^>]*\/>/, `<hyperlink ref="E2" location="'Other'!A1"/>`)
    );
    expect((await load(unprepared)).getWorksheet(SHEET)!.getCell('E2').value).toBe('internal');
    // Written by ExcelJS: an external relationship to "#…" plus location="#…".
    expect(await sheetXml(written)).toMatch(/<hyperlink ref="G1" r:id="rId\d+" location="#&apos;Other&apos;!B1"\/>/);
    const xml = await sheetXml(out);
    expect(xml).toContain(`<hyperlink ref="E2" location="'Other'!A1"/>`);
    expect(xml).toContain(`<hyperlink ref="G1" location="'Other'!B1"/>`);
    const rels = await partOf(out, 'xl/worksheets/_rels/sheet1.xml.rels');
    expect(rels).not.toContain('Target="#');
    expect(rels).toContain('Target="https://example.com/"');
    expectValid(out);
    expect(sheetOf(await readWithOpenpyxl(out), SHEET).hyperlinks).toEqual({
      E1: { target: 'https://example.com/', location: null },
      E2: { target: null, location: "'Other'!A1" },
      G1: { target: null, location: "'Other'!B1" },
    });
  });

  it('data validation: no overlapping ranges, errorStyle "error" becomes "stop"', async () => {
    const { written, out } = await pipeline(source, (wb) => {
      const ws = wb.getWorksheet(SHEET)!;
      // The same rule on C10 too: ExcelJS then writes B10:C10 and B2:B10, overlapping in B10.
      ws.getCell('C10').dataValidation = { ...ws.getCell('B2').dataValidation };
      ws.getCell('G2').dataValidation = {
        type: 'whole',
        operator: 'between',
        formulae: [1, 5],
        showErrorMessage: true,
        errorStyle: 'error',
        error: '1 到 5',
      };
    });
    const before = await sheetXml(written);
    expect(before).toContain('sqref="B10:C10"');
    expect(before).toContain('sqref="B2:B10"');
    expect(before).toContain('errorStyle="error"');
    const violations = (await ooxmlViolations(written)).join('\n');
    expect(violations).toMatch(/errorStyle/);
    expect(violations).toMatch(/outlinePr': This element is not expected/); // see the sheetPr test
    const xml = await sheetXml(out);
    expect(xml.match(/<dataValidation /g)).toHaveLength(3);
    expect(xml).toMatch(/<dataValidations count="3">/);
    expect(xml).toMatch(/<dataValidation type="whole" allowBlank="1" [^>]*sqref="B2:B10 C10">/);
    expect(xml).toMatch(/<dataValidation type="list" [^>]*sqref="F2:F10">/);
    expect(xml).toMatch(/errorStyle="stop"[^>]*sqref="G2"/);
    expectValid(out);
    const dvs = sheetOf(await readWithOpenpyxl(out), SHEET).dataValidations;
    expect(dvs.map((d) => [d.sqref, d.type, d.errorStyle])).toEqual([
      ['B2:B10 C10', 'whole', 'warning'],
      ['F2:F10', 'list', null],
      ['G2', 'whole', 'stop'],
    ]);
  });

  it('sheetPr: outlinePr before pageSetUpPr, as CT_SheetPr requires', async () => {
    const { written, out } = await pipeline(source);
    expect(await sheetXml(written)).toContain('<sheetPr><pageSetUpPr fitToPage="1"/><outlinePr');
    expect(await sheetXml(out)).toMatch(/<sheetPr><outlinePr [^>]*\/><pageSetUpPr fitToPage="1"\/><\/sheetPr>/);
    expectValid(out);
    expect(sheetOf(await readWithOpenpyxl(out), SHEET)).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
  });

  it('<b val="0"/> and <i val="false"/> in a font are "not bold", not bold', async () => {
    const input = await editPart(source, 'xl/styles.xml', (x) =>
      x.replace('<b val="1"/>', '<b val="0"/>').replace('<i val="1"/>', '<i val="false"/>')
    );
    // Guard: prepared apart from the fonts (the raw file does not load at all), ExcelJS reads bold.
    const guard = await load(
      await editPart((await preparePackage(source, LABEL)).data, 'xl/styles.xml', (x) =>
        x.replace('<b val="1"/>', '<b val="0"/>')
      )
    );
    expect(guard.getWorksheet(SHEET)!.getCell('H1').font.bold).toBe(true);
    const { wb, out } = await pipeline(input);
    expect(wb.getWorksheet(SHEET)!.getCell('H1').font?.bold).toBeFalsy();
    expect(wb.getWorksheet(SHEET)!.getCell('H2').font?.italic).toBeFalsy();
    expectValid(out);
    expect(sheetOf(await readWithOpenpyxl(out), SHEET).styles).toMatchObject({ H1: { bold: false }, H2: { italic: false } });
  });

  it('print comments "as displayed" survives (ExcelJS writes only its misspelling "asDisplyed")', async () => {
    expect(await sheetXml(source)).toContain('cellComments="asDisplayed"');
    const prepared = await preparePackage(source, LABEL);
    const unprepared = await editPart(prepared.data, 'xl/worksheets/sheet1.xml', (x) => x.replace('asDisplyed', 'asDisplayed'));
    expect(await sheetXml(await write(await load(unprepared)))).not.toContain('cellComments');
    const { out } = await pipeline(source);
    expect(await sheetXml(out)).toContain('cellComments="asDisplayed"');
    expectValid(out);
    expect(sheetOf(await readWithOpenpyxl(out), SHEET).cellComments).toBe('asDisplayed');
  });

  it('charts (openpyxl drawings have no xdr: prefix), and a chartsheet before the data: names and print area follow the sheets ExcelJS keeps', async () => {
    const input = await makeWithOpenpyxl(String.raw`
import sys
import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.workbook.defined_name import DefinedName
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Data'
for i in range(1, 5):
    ws.append([i, i * i])
chart = BarChart()
chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4))
cs = wb.create_chartsheet('Chart', 0)
cs.add_chart(chart)
chart2 = BarChart()
chart2.add_data(Reference(ws, min_col=2, min_row=1, max_row=4))
ws.add_chart(chart2, 'D2')
ws.print_area = 'A1:B4'
wb.defined_names.append(DefinedName('OnData', attr_text='Data!$A$1', localSheetId=1))
wb.defined_names.append(DefinedName('OnChart', attr_text='Data!$B$1', localSheetId=0))
wb.save(sys.argv[1])
`);
    // openpyxl counts the print area's localSheetId over worksheets only; make it point at Data.
    const fixedInput = await editPart(input, 'xl/workbook.xml', (x) =>
      x.replace('name="_xlnm.Print_Area" localSheetId="0"', 'name="_xlnm.Print_Area" localSheetId="1"')
    );
    await expect(load(fixedInput)).rejects.toThrow(/reading 'anchors'/); // guard
    const { names, prepared, wb, out } = await pipeline(fixedInput);
    expect(await partOf(prepared, 'xl/drawings/drawing1.xml')).toMatch(/^<xdr:wsDr [^>]*xmlns:xdr=[^>]*><xdr:oneCellAnchor>/);
    expect(names).toEqual([{ name: 'OnData', localSheetId: 0, formula: 'Data!$A$1' }]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Data']);
    expect(wb.getWorksheet('Data')!.pageSetup.printArea).toBe('A1:B4');
    expectValid(out);
    const report = await readWithOpenpyxl(out);
    expect(report.definedNames).toEqual([{ name: 'OnData', localSheetId: 0, value: 'Data!$A$1', hidden: false, comment: null }]);
    expect(JSON.stringify(sheetOf(report, 'Data').printArea)).toContain('$A$1:$B$4');
  });

  it('tables: filter buttons stay visible (ExcelJS takes a column without <filterColumn> as "button hidden")', async () => {
    const table = 'xl/tables/table1.xml';
    expect(await partOf(source, table)).toContain('<autoFilter ref="D2:E4"/>');
    const prepared = await preparePackage(source, LABEL);
    expect(await partOf(prepared.data, table)).toContain(
      '<autoFilter ref="D2:E4"><filterColumn colId="0" hiddenButton="0"/><filterColumn colId="1" hiddenButton="0"/></autoFilter>'
    );
    const guard = await write(await load(await editPart(prepared.data, table, (x) => x.replace(/<filterColumn [^>]*\/>/g, ''))));
    expect(await partOf(guard, table)).toContain('<filterColumn colId="0" hiddenButton="1"/>');
    const { written, out } = await pipeline(source);
    // The sheet has comments too: ExcelJS writes <tableParts> before <legacyDrawing>, against CT_Worksheet.
    expect(await sheetXml(written, 2)).toMatch(/<tableParts.*<legacyDrawing /);
    expect(await sheetXml(out, 2)).toMatch(/<legacyDrawing [^>]*\/><tableParts /);
    const xml = await partOf(out, table);
    expect(xml).not.toContain('filterColumn');
    expect(xml).toMatch(/<autoFilter ref="D2:E4"(\/>|><\/autoFilter>)/);
    expect(xml).toContain('<tableStyleInfo name="TableStyleLight1"');
    expectValid(out);
    expect(sheetOf(await readWithOpenpyxl(out), 'Other').tables).toEqual({ Lookup: 'D2:E4' });
  });

  it('a worksheet part named other than sheetN.xml (ExcelJS drops it) is renamed, with its relationships', async () => {
    let input = await editPart(source, 'xl/_rels/workbook.xml.rels', (x) =>
      x.replace('Target="/xl/worksheets/sheet2.xml"', 'Target="worksheets/other%20data.xml"')
    );
    input = await editPart(input, '[Content_Types].xml', (x) =>
      x.replace('/xl/worksheets/sheet2.xml', '/xl/worksheets/other%20data.xml')
    );
    const zip = await JSZip.loadAsync(input);
    zip.file('xl/worksheets/other data.xml', await zip.file('xl/worksheets/sheet2.xml')!.async('nodebuffer'));
    zip.file(
      'xl/worksheets/_rels/other data.xml.rels',
      await zip.file('xl/worksheets/_rels/sheet2.xml.rels')!.async('nodebuffer')
    );
    zip.remove('xl/worksheets/sheet2.xml');
    zip.remove('xl/worksheets/_rels/sheet2.xml.rels');
    input = await zip.generateAsync({ type: 'nodebuffer' });
    expect(await ooxmlViolations(input)).toEqual([]); // a valid package
    const prepared = await preparePackage(input, LABEL);
    const renamed = (await partNames(prepared.data)).filter((n) => /^xl\/worksheets\/(_rels\/)?sheet\d+\.xml(\.rels)?$/.test(n));
    expect(renamed.sort()).toEqual([
      'xl/worksheets/_rels/sheet1.xml.rels',
      'xl/worksheets/_rels/sheet2.xml.rels',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
    ]);
    expect(await partOf(prepared.data, '[Content_Types].xml')).toContain('PartName="/xl/worksheets/sheet2.xml"');
    const wb = await load(prepared.data);
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEET, 'Other']);
    expect(wb.getWorksheet('Other')!.getCell('B1').note).toBe('second');
    const out = await finishPackage(await write(wb), prepared.names);
    expectValid(out);
    expect(sheetOf(await readWithOpenpyxl(out), 'Other').comments.B1.text).toBe('second');
  });

  it('ISO 8601 date cells (<c t="d">) become serial numbers ExcelJS reads as dates', async () => {
    const input = await makeWithOpenpyxl(String.raw`
import sys, datetime, openpyxl
wb = openpyxl.Workbook(iso_dates=True)
ws = wb.active
ws['A1'] = datetime.datetime(2025, 3, 4, 5, 6)
ws['A2'] = datetime.date(1900, 1, 5)
wb.save(sys.argv[1])
`);
    expect(await sheetXml(input)).toContain('<c r="A1" s="1" t="d"><v>2025-03-04T05:06:00</v></c>');
    expect((await load(input)).worksheets[0].getCell('A1').value).toEqual(new Date(Date.UTC(1905, 6, 17))); // guard: read as 2025
    const { prepared, wb, out } = await pipeline(input);
    expect(await sheetXml(prepared)).toMatch(/<c r="A1" s="1"><v>45720\.2125\d*<\/v><\/c>/);
    expect(wb.worksheets[0].getCell('A1').value).toEqual(new Date(Date.UTC(2025, 2, 4, 5, 6)));
    // A2 checks the 1900 leap-year bug is counted (serial 5 is 5 January 1900 in Excel and openpyxl;
    // ExcelJS itself reads serials before March 1900 a day early).
    expectValid(out);
    expect(sheetOf(await readWithOpenpyxl(out), 'Sheet').cells).toEqual({
      A1: { $date: '2025-03-04T05:06:00' },
      A2: { $date: '1900-01-05T00:00:00' },
    });
  });

  it('text: a literal "_x0041_" stays literal, a raw control character becomes _x000B_', async () => {
    const { out } = await pipeline(source, (wb) => {
      wb.getWorksheet(SHEET)!.getCell('A5').value = 'code _x0041_ here';
      wb.getWorksheet(SHEET)!.getCell('A6').value = { richText: [{ text: 'rich _x0042_', font: { bold: true } }] };
    });
    const sst = await partOf(out, 'xl/sharedStrings.xml');
    expect(sst).toContain('code _x005F_x0041_ here');
    expect(sst).toContain('rich _x005F_x0042_');
    expectValid(out);
    expect(sheetOf(await readWithOpenpyxl(out), SHEET).cells).toMatchObject({ A5: 'code _x0041_ here', A6: 'rich _x0042_' });
    const again = await load((await preparePackage(out, LABEL)).data);
    expect(again.getWorksheet(SHEET)!.getCell('A5').value).toBe('code _x0041_ here');

    // ExcelJS 4.4 drops control characters rather than writing them; a written package that has them raw
    // (not well-formed XML) is still repaired.
    const rawControl = await editPart(out, 'xl/sharedStrings.xml', (x) =>
      x.replace('code _x005F_x0041_ here', 'a\u000Bb\u0001c')
    );
    expect((await ooxmlViolations(rawControl)).join('\n')).toMatch(/sharedStrings/);
    const fixed = await finishPackage(rawControl, []);
    expect(await partOf(fixed, 'xl/sharedStrings.xml')).toContain('a_x000B_b_x0001_c');
    expectValid(fixed);
    // openpyxl 3.0 does not decode _xHHHH_ in cell text (later versions do); either way it loads the file.
    expect(['a\u000Bb\u0001c', 'a_x000B_b_x0001_c']).toContain(sheetOf(await readWithOpenpyxl(fixed), SHEET).cells.A5);
    expect((await load(fixed)).getWorksheet(SHEET)!.getCell('A5').value).toBe('a\u000Bb\u0001c');
  });

  it('dangling relationships and Overrides go, unless a part refers to the relationship by id', async () => {
    const { written } = await pipeline(source);
    let broken = await editPart(written, 'xl/_rels/workbook.xml.rels', (x) =>
      x.replace(
        '</Relationships>',
        '<Relationship Id="rIdGone" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item9.xml"/></Relationships>'
      )
    );
    broken = await editPart(broken, '[Content_Types].xml', (x) =>
      x.replace(
        '</Types>',
        '<Override PartName="/xl/gone.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>'
      )
    );
    // A relationship the worksheet uses (legacyDrawing r:id) is kept even if its target is missing.
    broken = await editPart(broken, 'xl/worksheets/_rels/sheet1.xml.rels', (x) =>
      x.replace(/Target="\.\.\/drawings\/vmlDrawing1\.vml"/, 'Target="../drawings/missing.vml"')
    );
    const violations = (await ooxmlViolations(broken)).join('\n');
    expect(violations).toMatch(/item9/);
    expect(violations).toMatch(/gone\.xml/);
    expect(violations).toMatch(/missing\.vml/);
    const fixed = await finishPackage(broken, []);
    expect(await partOf(fixed, 'xl/_rels/workbook.xml.rels')).not.toContain('rIdGone');
    expect(await partOf(fixed, '[Content_Types].xml')).not.toContain('/xl/gone.xml');
    expect(await partOf(fixed, 'xl/worksheets/_rels/sheet1.xml.rels')).toContain('missing.vml');
    expect(await ooxmlViolations(fixed)).toEqual([expect.stringMatching(/missing\.vml/)]);
  });

  itAllValid();
});

// ---------------------------------------------------------------------------
// With LibreOffice as well
// ---------------------------------------------------------------------------

const withLibreOffice = tools && requireLibreOffice('xlsx package layer (LibreOffice files)') ? describe : describe.skip;

withLibreOffice('files saved by LibreOffice', () => {
  const { valid: expectValid, itAllValid } = validationBatch();
  let lo: Buffer;
  beforeAll(async () => {
    const file = uniqueTempPath('source.xlsx');
    fs.writeFileSync(file, await makeWithOpenpyxl(OPENPYXL_SOURCE));
    lo = fs.readFileSync(await recalc(file));
  }, LIBREOFFICE_TEST_TIMEOUT_MS);

  it('fitToPage="true" is read as on, and written as <pageSetUpPr fitToPage="1"/>', async () => {
    expect(await sheetXml(lo)).toContain('<pageSetUpPr fitToPage="true"/>');
    expect((await load(lo)).getWorksheet(SHEET)!.pageSetup.fitToPage).toBe(false); // guard: ExcelJS compares with '1'
    const { prepared, wb, out } = await pipeline(lo);
    expect(await sheetXml(prepared)).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(wb.getWorksheet(SHEET)!.pageSetup.fitToPage).toBe(true);
    expect(await sheetXml(out)).toContain('<pageSetUpPr fitToPage="1"/>');
    expectValid(out);
    expect(sheetOf(await readWithOpenpyxl(out), SHEET)).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
  });

  it('other "true"/"false" attributes: unlocked cells, sheet protection, 1904 dates', async () => {
    const styles = await partOf(lo, 'xl/styles.xml');
    expect(styles).toContain('<protection locked="false"');
    expect(await sheetXml(lo)).toMatch(/<sheetProtection sheet="true"/);
    const lo1904 = await editPart(lo, 'xl/workbook.xml', (x) => x.replace('date1904="false"', 'date1904="true"'));
    const raw = await load(lo1904);
    expect(raw.getWorksheet(SHEET)!.getCell('B2').protection?.locked).not.toBe(false); // guard
    expect(raw.properties.date1904).toBeFalsy(); // guard

    const { prepared, wb, out } = await pipeline(lo1904);
    expect(await partOf(prepared, 'xl/styles.xml')).toContain('<protection locked="0"');
    const ws = wb.getWorksheet(SHEET)!;
    expect(ws.getCell('B2').protection.locked).toBe(false);
    expect(ws.getCell('B3').value).toEqual(new Date(Date.UTC(2029, 0, 3))); // the serial number, read as 1904-based
    expect(wb.properties.date1904).toBe(true);
    expectValid(out);
    const report = await readWithOpenpyxl(out);
    const s = sheetOf(report, SHEET);
    expect(s.styles.B2.locked).toBe(false);
    expect(s.styles.A1.locked).toBe(true);
    expect(s.protection.sheet).toBe(true);
    expect(report.date1904).toBe(true);
  });

  it('no theme in the file: ExcelJS still points at theme1.xml; finishPackage removes the dangling references', async () => {
    expect((await partNames(lo)).some((n) => n.startsWith('xl/theme/'))).toBe(false);
    const { written, out } = await pipeline(lo);
    expect((await ooxmlViolations(written)).join('\n')).toMatch(/theme1\.xml.*not in the package/);
    expect(await partOf(out, 'xl/_rels/workbook.xml.rels')).not.toContain('theme');
    expect(await partOf(out, '[Content_Types].xml')).not.toContain('theme');
    expectValid(out);
  });

  it('a table without <tableStyleInfo> (LibreOffice writes none) no longer makes ExcelJS throw on writing', async () => {
    const table = 'xl/tables/table1.xml';
    expect(await partOf(lo, table)).not.toContain('tableStyleInfo');
    const prepared = await preparePackage(lo, LABEL);
    expect(await partOf(prepared.data, table)).toMatch(/<\/tableColumns><tableStyleInfo showFirstColumn="0" [^>]*\/><\/table>/);
    const guard = await load(await editPart(prepared.data, table, (x) => x.replace(/<tableStyleInfo [^>]*\/>/, '')));
    await expect(guard.xlsx.writeBuffer()).rejects.toThrow(/reading 'theme'/);
    const { out } = await pipeline(lo);
    expect(await partOf(out, table)).toContain('<tableStyleInfo ');
    expectValid(out);
    expect(sheetOf(await readWithOpenpyxl(out), 'Other').tables).toEqual({ Lookup: 'D2:E4' });
  });

  it('the whole round trip keeps names (LibreOffice attributes verbatim), merges, comments, validation, links', async () => {
    // Guard: ExcelJS alone drops the constants, and of the two SelfScores keeps one unscoped name that
    // points at the sheet-scoped one's cell.
    const raw = (await load(lo)).definedNames.model.filter((n) => !n.name.startsWith('_xlnm.'));
    expect(raw).toEqual([{ name: 'SelfScores', ranges: ['Other!$A$1'] }]);
    const { names, out } = await pipeline(lo);
    expect(names.map((n) => [n.name, n.localSheetId, n.formula, n.attrs])).toEqual([
      ['Amp', undefined, '"a&b<c>"', { function: 'false', vbProcedure: 'false' }],
      ['Const', undefined, '"abc"', { function: 'false', vbProcedure: 'false' }],
      ['SelfScores', undefined, `${SHEET}!$B$2:$B$10`, { function: 'false', vbProcedure: 'false' }],
      ['SelfScores', 1, 'Other!$A$1', { function: 'false', vbProcedure: 'false' }],
    ]);
    expectValid(out);
    const report = await readWithOpenpyxl(out);
    expect(report.definedNames.map((n) => [n.name, n.localSheetId])).toEqual([
      ['Amp', null],
      ['Const', null],
      ['SelfScores', null],
      ['SelfScores', 1],
    ]);
    const s = sheetOf(report, SHEET);
    expect(s.merged).toEqual(['C1:D2']);
    expect(s.comments.A1.text).toContain('a comment');
    expect(s.fitToPage).toBe(true);
    expect(s.printTitleRows?.replace(/\$/g, '')).toBe('1:2');
    expect(s.dataValidations.map((d) => d.sqref)).toEqual(['B2:B10', 'F2:F10']);
    expect(s.cells).toMatchObject({ A1: 'hello', B2: 5, B3: { $date: '2025-01-02T00:00:00' } });
    expect(s.hyperlinks).toEqual({
      E1: { target: 'https://example.com/', location: null },
      E2: { target: null, location: "'Other'!A1" },
    });
  });

  itAllValid();
});

// ---------------------------------------------------------------------------
// Data bars: the Excel 2010 twin ExcelJS refers to, and writes or not
// ---------------------------------------------------------------------------

withTools('data bars as ExcelJS writes them', () => {
  const { valid: expectValid, itAllValid } = validationBatch();
  const X14_URI = '{B025F937-C7B1-47D3-B67F-A62EFF666E3E}';

  /** A fresh workbook, numbers in A1:A5, and one data bar rule over them. */
  async function withBar(rule: Partial<ExcelJS.DataBarRuleType> & { color?: Partial<ExcelJS.Color> }): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(SHEET);
    for (let r = 1; r <= 5; r++) ws.getCell(r, 1).value = r * 10;
    ws.addConditionalFormatting({
      ref: 'A1:A5',
      rules: [
        {
          type: 'dataBar',
          priority: 1,
          cfvo: [{ type: 'min' }, { type: 'max' }],
          color: { argb: 'FF5B9BD5' },
          ...rule,
        } as ExcelJS.DataBarRuleType,
      ],
    });
    return write(wb);
  }

  const x14Ids = (xml: string): string[] => [...xml.matchAll(/<x14:cfRule [^>]*id="([^"]*)"/g)].map((m) => m[1]);
  const refIds = (xml: string): string[] => [...xml.matchAll(/<x14:id>([^<]*)<\/x14:id>|<x14:id\/>/g)].map((m) => m[1] ?? '');

  it('a bar with gradient: ExcelJS refers to a twin it does not write (an empty id); the reference goes', async () => {
    const written = await withBar({ gradient: true });
    const before = await sheetXml(written);
    expect(before).toContain(`<extLst><ext uri="${X14_URI}"`);
    expect(refIds(before)).toEqual(['']);
    expect(x14Ids(before)).toEqual([]);
    const out = await finishPackage(written, []);
    const xml = await sheetXml(out);
    expect(xml).toMatch(
      /<cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"\/><cfvo type="max"\/><color rgb="FF5B9BD5"\/><\/dataBar><\/cfRule>/
    );
    expect(xml).not.toContain('extLst');
    expectValid(out);
    const rules = JSON.parse(
      await runPython(
        String.raw`
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(json.dumps([[str(cf.sqref), r.type, r.priority, [c.type for c in r.dataBar.cfvo], r.dataBar.color.rgb]
                  for cf in ws.conditional_formatting for r in cf.rules]))
`,
        [await tempFile(out)]
      )
    );
    expect(rules).toEqual([['A1:A5', 'dataBar', 1, ['min', 'max'], 'FF5B9BD5']]);
  });

  it('a bar without gradient keeps its twin and the reference to it', async () => {
    const written = await withBar({});
    const before = await sheetXml(written);
    expect(x14Ids(before)).toHaveLength(1);
    const out = await finishPackage(written, []);
    const xml = await sheetXml(out);
    expect(refIds(xml)).toEqual(x14Ids(xml));
    expect(x14Ids(xml)).toEqual(x14Ids(before));
    expectValid(out);
  });

  it('a bar loaded with its twin and written back: ExcelJS drops the twin but not the reference, which goes', async () => {
    // ExcelJS's twin says nothing about gradient; read back, that is gradient, which ExcelJS writes without twin.
    const { written, out } = await pipeline(await withBar({}));
    const before = await sheetXml(written);
    expect(refIds(before)).toEqual([expect.stringMatching(/^\{[0-9A-F-]{36}\}$/)]);
    expect(x14Ids(before)).toEqual([]);
    const xml = await sheetXml(out);
    expect(xml).not.toContain('x14:id');
    expect(xml).toMatch(/<dataBar><cfvo type="min"\/><cfvo type="max"\/><color rgb="FF5B9BD5"\/><\/dataBar>/);
    expectValid(out);
  });

  it('a twin with border and negative colours: its colours in schema order (exceljs#2547)', async () => {
    const written = await withBar({
      border: true,
      negativeBarBorderColorSameAsPositive: false,
      borderColor: { argb: 'FF5B9BD5' },
      negativeFillColor: { argb: 'FFFF0000' },
      negativeBorderColor: { argb: 'FFC00000' },
      axisColor: { argb: 'FF000000' },
    } as Partial<ExcelJS.DataBarRuleType>);
    const order = (xml: string): string[] =>
      [...(/<x14:dataBar [^>]*>([\s\S]*?)<\/x14:dataBar>/.exec(xml)?.[1] ?? '').matchAll(/<x14:(\w+)/g)].map((m) => m[1]);
    expect(order(await sheetXml(written))).toEqual([
      'cfvo',
      'cfvo',
      'borderColor',
      'negativeBorderColor',
      'negativeFillColor',
      'axisColor',
    ]);
    const out = await finishPackage(written, []);
    const xml = await sheetXml(out);
    expect(order(xml)).toEqual(['cfvo', 'cfvo', 'borderColor', 'negativeFillColor', 'negativeBorderColor', 'axisColor']);
    expect(xml).toContain('<x14:negativeFillColor rgb="FFFF0000"/><x14:negativeBorderColor rgb="FFC00000"/>');
    expect(refIds(xml)).toEqual(x14Ids(xml));
    expectValid(out);
  });

  itAllValid();
});

/** Bytes in a temp file of this process (for tools that read files). */
async function tempFile(data: Buffer): Promise<string> {
  const file = uniqueTempPath('book.xlsx');
  fs.writeFileSync(file, data);
  return file;
}
