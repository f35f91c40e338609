/**
 * The light reader (quickRead.ts) against the ExcelJS path it stands in for: for every workbook and every
 * ReadSpec, `quickSnapshot(bytes, label, spec)` must equal `readSnapshot(await loadBook(bytes, label), spec)`,
 * field by field, or both must refuse the file with the same message.
 *
 * Workbooks: the templates; random score cells written through ExcelJS (as the product writes them) and
 * random cells written as raw XML (as other programs write them: inline and rich text, ISO dates, shared
 * formulas, cached results or none, styles of rows and columns, merges, links, 1904 dates); files saved by
 * openpyxl and by LibreOffice; and files that are no workbook at all.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { type XlsxBook, loadBook, newBook, runOnBook, saveBook } from '../../../src/adapters/xlsx';
import { linksOf } from '../../../src/adapters/xlsx/book';
import { quickSnapshot } from '../../../src/adapters/xlsx/quickRead';
import { readSnapshot } from '../../../src/adapters/xlsx/snapshot';
import { RUBRIC_114 } from '../../../src/domain/defaultRubric';
import { type Message, UserError } from '../../../src/domain/message';
import { check, insertTemplates, track } from '../../../src/operations';
import { inspect } from '../../../src/operations/inspect';
import type { ReadSpec, Snapshot } from '../../../src/operations/types';
import { BLANK_INPUT, exampleBook } from '../../support/books';
import { recalc, requireLibreOffice, uniqueTempPath } from '../../support/libreoffice';
import { ooxmlViolations, requireOoxmlValidator } from '../../support/ooxml';
import { requireOpenpyxl, runPython } from '../../support/openpyxl';

// A longer hunt for differences: QUICKREAD_RUNS=1000 QUICKREAD_TIMEOUT=3600000 npx jest test/adapters/xlsx/quickRead.test.ts
const RUNS = process.env.QUICKREAD_RUNS === undefined ? undefined : Number(process.env.QUICKREAD_RUNS);
jest.setTimeout(Number(process.env.QUICKREAD_TIMEOUT ?? 120_000));

const LABEL = '台東區營業處 114H1.xlsx';
const SCORES = '考核評分表';

// ---------------------------------------------------------------------------
// The two readers, side by side
// ---------------------------------------------------------------------------

type Outcome = { ok: true; snapshot: Snapshot } | { ok: false; user: boolean; message: Message | string };

const failure = (e: unknown): Outcome => {
  if (e instanceof UserError) return { ok: false, user: true, message: e.detail };
  return { ok: false, user: false, message: (e as Error).message };
};

async function viaExcelJs(bytes: Uint8Array, spec: ReadSpec): Promise<Outcome> {
  try {
    // A fresh book for each spec: readSnapshot creates rows and cells as it reads, as getCell does.
    const book = await loadBook(Buffer.from(bytes), LABEL);
    return { ok: true, snapshot: readSnapshot(book, spec) };
  } catch (e) {
    return failure(e);
  }
}

function viaQuick(bytes: Uint8Array, spec: ReadSpec): Outcome {
  try {
    return { ok: true, snapshot: quickSnapshot(bytes, LABEL, spec) };
  } catch (e) {
    return failure(e);
  }
}

const CHECK = check.needs({ rubric: RUBRIC_114 });
const TRACK = track.needs({ rubric: RUBRIC_114 });
const INSPECT = inspect.needs({ rubric: RUBRIC_114, file: LABEL });
/** A scan of every sheet (the name is never there): rowCount and columnCount decide its size. */
const SCAN: ReadSpec = { ranges: ['NoSuchTable'], scanWhenMissing: { name: 'NoSuchTable', rows: 60, cols: 14 } };

/**
 * Every workbook-scoped name the file has, each read with columns beside it and rows under and above it, then a scan:
 * what the reads created (rows, cells) moves ws.rowCount and ws.columnCount, which size the rows under and the scan.
 */
async function everyName(bytes: Uint8Array): Promise<ReadSpec | undefined> {
  const o = await viaExcelJs(bytes, { ranges: [] });
  if (!o.ok) return undefined;
  const names = o.snapshot.names.map((n) => n.name);
  return {
    ranges: names,
    below: Object.fromEntries(names.map((n) => [n, 4])),
    above: Object.fromEntries(names.map((n, i) => [n, 1 + (i % 3) * 40])),
    wider: Object.fromEntries(names.map((n, i) => [n, i % 3])),
    scanWhenMissing: SCAN.scanWhenMissing,
  };
}

/**
 * Both readers, every spec: the same snapshot, or the same refusal (a UserError with the same words, or, for
 * what readSnapshot itself trips on, the same error). Returns what the ExcelJS path gave, spec by spec.
 */
async function expectParity(bytes: Uint8Array, specs: ReadSpec[] = [CHECK, TRACK, INSPECT, SCAN]): Promise<Outcome[]> {
  const all = [...specs];
  const named = await everyName(bytes);
  if (named) all.push(named);
  const outcomes: Outcome[] = [];
  for (const spec of all) {
    const expected = await viaExcelJs(bytes, spec);
    const actual = viaQuick(bytes, spec);
    expect({ spec, outcome: actual }).toStrictEqual({ spec, outcome: expected });
    outcomes.push(expected);
  }
  return outcomes;
}

// ---------------------------------------------------------------------------
// Workbooks
// ---------------------------------------------------------------------------

const scores = (book: XlsxBook) => book.wb.getWorksheet(SCORES)!;

function blankBook(): XlsxBook {
  const book = newBook();
  const r = runOnBook(book, insertTemplates, BLANK_INPUT);
  if (!r.ok) throw new Error(r.error.en);
  return book;
}

/** Every .xlsx the product's own writer produced here must be valid OOXML (checked in one run at the end). */
const written: Record<string, Buffer> = {};
async function save(book: XlsxBook, label: string): Promise<Buffer> {
  const bytes = await saveBook(book);
  written[`${label} #${Object.keys(written).length + 1}`] = bytes;
  return bytes;
}

async function zipPart(bytes: Uint8Array, name: string): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file(name)!.async('string');
}

async function editZip(bytes: Uint8Array, edits: Record<string, (xml: string | undefined) => string | null>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  for (const [name, edit] of Object.entries(edits)) {
    const file = zip.file(name);
    const next = edit(file ? await file.async('string') : undefined);
    if (next === null) zip.remove(name);
    else zip.file(name, next);
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The part of a worksheet, by its name (through workbook.xml and its relationships). */
async function sheetPart(bytes: Uint8Array, sheet: string): Promise<string> {
  const wb = await zipPart(bytes, 'xl/workbook.xml');
  const rels = await zipPart(bytes, 'xl/_rels/workbook.xml.rels');
  const id = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(wb)![1];
  const target =
    new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1];
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

describe('the templates', () => {
  it('the example and the blank templates read the same for check, track, inspect, a scan and every name', async () => {
    for (const [label, book] of [
      ['example', exampleBook()],
      ['blank', blankBook()],
      ['example after other sheets', exampleBook(['Sheet1', '工作表2'])],
    ] as const) {
      const bytes = await save(book, label);
      const [checked] = await expectParity(bytes);
      // Not vacuous: the check spec read the twelve scores.
      expect(checked.ok && checked.snapshot.ranges.SelfScores?.cells.length).toBe(12);
    }
  });

  it('a workbook with no names scans every sheet, as the ExcelJS path does', async () => {
    const book = exampleBook();
    book.names = [];
    const bytes = await save(book, 'no names');
    const outcomes = await expectParity(bytes, [TRACK, INSPECT, SCAN]);
    expect(outcomes[0].ok && outcomes[0].snapshot.scan?.length).toBe(4);
  });
});

// ---------------------------------------------------------------------------
// Random score cells, written through ExcelJS
// ---------------------------------------------------------------------------

/** Text with what trips readers: control characters, escapes written literally, markup, CJK. */
const awkwardText = fc
  .array(
    fc.constantFrom(
      '95',
      '九十五',
      '９５',
      'a&b',
      '<x>',
      '"q"',
      ' ',
      '\t',
      '\n',
      '\r\n',
      '\x0b',
      '\x01',
      '\x7f',
      '_x0041_',
      '_x000B_',
      'N/A',
      '無'
    ),
    {
      minLength: 1,
      maxLength: 4,
    }
  )
  .map((parts) => parts.join(''));

type CellPlan =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'date'; value: Date }
  | { kind: 'formula'; formula: string; result?: number | string | boolean }
  | { kind: 'shared' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; value: string }
  | { kind: 'rich'; runs: string[] }
  | { kind: 'blank' };

const cellPlan: fc.Arbitrary<CellPlan> = fc.oneof(
  fc.record({
    kind: fc.constant('number' as const),
    value: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
  }),
  fc.record({ kind: fc.constant('text' as const), value: awkwardText }),
  fc.record({
    kind: fc.constant('date' as const),
    value: fc.date({ min: new Date(Date.UTC(1900, 2, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }),
  }),
  fc.record({
    kind: fc.constant('formula' as const),
    formula: fc.constantFrom('C5*2', 'SUM(C5:C6)', 'TRUE()', 'FALSE()', 'IF(C5>1,"a","")', '1/0'),
    result: fc.option(fc.oneof(fc.integer({ min: 0, max: 150 }), fc.constantFrom('', 'text', true, false)), { nil: undefined }),
  }),
  fc.constant({ kind: 'shared' as const }),
  fc.record({ kind: fc.constant('boolean' as const), value: fc.boolean() }),
  fc.record({ kind: fc.constant('error' as const), value: fc.constantFrom('#DIV/0!', '#N/A', '#VALUE!', '#REF!') }),
  fc.record({ kind: fc.constant('rich' as const), runs: fc.array(awkwardText, { minLength: 1, maxLength: 3 }) }),
  fc.constant({ kind: 'blank' as const })
);

const numFmt = fc.option(fc.constantFrom('yyyy/m/d', '0 "pts"', '0.00', '@', '[h]:mm:ss', 'mm-dd-yy', '#,##0'), {
  nil: undefined,
});

const bookPlan = fc.record({
  cells: fc.array(fc.record({ plan: cellPlan, numFmt }), { minLength: 12, maxLength: 12 }),
  merges: fc.array(
    fc.record({
      row: fc.integer({ min: 5, max: 16 }),
      rows: fc.integer({ min: 1, max: 3 }),
      cols: fc.integer({ min: 1, max: 2 }),
    }),
    {
      maxLength: 2,
    }
  ),
  links: fc.array(
    fc.record({
      row: fc.integer({ min: 4, max: 18 }),
      col: fc.integer({ min: 1, max: 7 }),
      target: fc.constantFrom('https://example.org/evidence?a=1&b=2', "#'彙整表'!A1", 'file:///C:/證據/報告.pdf'),
    }),
    { maxLength: 3 }
  ),
  extraRow: fc.option(fc.integer({ min: 17, max: 70 }), { nil: undefined }),
  date1904: fc.boolean(),
});

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

function applyPlan(book: XlsxBook, plan: Of<typeof bookPlan>): void {
  const ws = scores(book);
  if (plan.date1904) book.wb.properties.date1904 = true;
  plan.cells.forEach(({ plan: c, numFmt: fmt }, i) => {
    const cell = ws.getCell(5 + i, 5);
    switch (c.kind) {
      case 'number':
      case 'text':
      case 'date':
      case 'boolean':
        cell.value = c.value;
        break;
      case 'formula':
        cell.value = (
          c.result === undefined ? { formula: c.formula } : { formula: c.formula, result: c.result }
        ) as ExcelJS.CellValue;
        break;
      case 'shared':
        // A master in column H, its dependents down the column (ExcelJS writes <f t="shared">).
        if (i === 0)
          cell.value = { formula: 'C5*2', shareType: 'shared', ref: 'E5:E16', result: 10 } as unknown as ExcelJS.CellValue;
        else if (ws.getCell(5, 5).formula === 'C5*2') cell.value = { sharedFormula: 'E5', result: i } as ExcelJS.CellValue;
        else cell.value = { formula: `C${5 + i}*2` } as ExcelJS.CellValue;
        break;
      case 'error':
        cell.value = { error: c.value } as ExcelJS.CellErrorValue;
        break;
      case 'rich':
        cell.value = { richText: c.runs.map((text, k) => (k % 2 ? { text, font: { bold: true } } : { text })) };
        break;
      case 'blank':
        cell.value = null;
        break;
    }
    if (fmt) cell.numFmt = fmt;
  });
  for (const m of plan.merges) {
    try {
      ws.mergeCells(m.row, 5, m.row + m.rows - 1, 4 + m.cols);
    } catch {
      // overlapping an earlier merge: ExcelJS refuses, so does Excel
    }
  }
  for (const l of plan.links) {
    const ref = ws.getCell(l.row, l.col).address;
    linksOf(book, ws).push(l.target.startsWith('#') ? { ref, location: l.target.slice(1) } : { ref, target: l.target });
  }
  if (plan.extraRow) ws.getCell(plan.extraRow, 9).value = 'x';
}

describe('random score cells written through ExcelJS', () => {
  it('read the same: numbers, text, dates, formulas with and without results, shared formulas, links, merges, booleans, errors, rich text', async () => {
    await fc.assert(
      fc.asyncProperty(bookPlan, async (plan) => {
        const book = exampleBook();
        applyPlan(book, plan);
        const bytes = await save(book, 'random');
        await expectParity(bytes, [INSPECT, TRACK, SCAN]);
      }),
      { numRuns: RUNS ?? 25 }
    );
  });
});

// ---------------------------------------------------------------------------
// Random cells written as raw XML (as other programs write them)
// ---------------------------------------------------------------------------

/** Escaped character data, as it stands in the file. */
const rawText = fc
  .array(
    fc.constantFrom(
      'abc',
      '考核',
      '&amp;',
      '&lt;b&gt;',
      '&amp;lt;',
      '&#13;',
      '&#x41;',
      '\r\n',
      '_x000B_',
      '_x000b_',
      '_x0041_',
      '_x005F_x0041_',
      '_x000D_',
      '_xFFFF_',
      ' ',
      '&quot;',
      '\u00a0'
    ),
    { maxLength: 4 }
  )
  .map((parts) => parts.join(''));

const rawNumber = fc.constantFrom('95', '0', '-0', '1.5e2', '3.14159', ' 7', 'abc', '45000.5', '1e400', '61', '60.25');
const rawIso = fc.constantFrom(
  '2025-03-04',
  '2025-03-04T10:30:00',
  '1900-02-28',
  '1900-03-01',
  '10:30',
  '2025-13-01',
  'abc',
  '1904-01-02T00:00:00Z'
);
const rawFormula = fc.constantFrom(
  'SUM(C5:C6)',
  'C5*2',
  'TRUE()',
  'false()',
  'IF(C5&gt;1,&quot;a&quot;,&quot;&quot;)',
  '$C$5+C6',
  "'考核評分表'!C5",
  'A1&amp;"x"'
);

interface RawContext {
  styles: number;
  strings: number;
}

/** One <c> for `ref`, in one of the forms programs write. */
function rawCell(ref: string, ctx: RawContext): fc.Arbitrary<string> {
  const s = fc
    .option(fc.integer({ min: 0, max: ctx.styles + 2 }), { nil: undefined })
    .map((n) => (n === undefined ? '' : ` s="${n}"`));
  return fc.oneof(
    fc.tuple(s, rawNumber).map(([st, v]) => `<c r="${ref}"${st}><v>${v}</v></c>`),
    fc.tuple(s, fc.integer({ min: 0, max: ctx.strings + 1 })).map(([st, i]) => `<c r="${ref}"${st} t="s"><v>${i}</v></c>`),
    fc.tuple(s, rawText).map(([st, t]) => `<c r="${ref}"${st} t="str"><v>${t}</v></c>`),
    fc.tuple(s, rawText).map(([st, t]) => `<c r="${ref}"${st} t="inlineStr"><is><t xml:space="preserve">${t}</t></is></c>`),
    // preparePackage decodes escapes in inline text only in a sheet where it finds "<is>" literally.
    fc.tuple(s, rawText).map(([st, t]) => `<c r="${ref}"${st} t="inlineStr"><is xml:lang="zh-TW"><t>${t}</t></is></c>`),
    fc
      .tuple(s, rawText, rawText)
      .map(
        ([st, a, b]) =>
          `<c r="${ref}"${st} t="inlineStr"><is><r><rPr><b val="0"/><sz val="11"/></rPr><t>${a}</t></r><r><t xml:space="preserve">${b}</t></r></is></c>`
      ),
    fc.tuple(s, fc.constantFrom('0', '1', 'true', 'false')).map(([st, v]) => `<c r="${ref}"${st} t="b"><v>${v}</v></c>`),
    fc.tuple(s, fc.constantFrom('#DIV/0!', '#N/A', '#REF!')).map(([st, v]) => `<c r="${ref}"${st} t="e"><v>${v}</v></c>`),
    fc.tuple(s, rawIso).map(([st, v]) => `<c r="${ref}"${st} t="d"><v>${v}</v></c>`),
    fc.tuple(s, rawFormula, rawNumber).map(([st, f, v]) => `<c r="${ref}"${st}><f>${f}</f><v>${v}</v></c>`),
    fc.tuple(s, rawFormula).map(([st, f]) => `<c r="${ref}"${st}><f>${f}</f></c>`),
    fc.tuple(s, rawFormula, rawText).map(([st, f, t]) => `<c r="${ref}"${st} t="str"><f>${f}</f><v>${t}</v></c>`),
    fc
      .tuple(s, rawFormula, fc.constantFrom('<v></v>', '<v/>', ''))
      .map(([st, f, v]) => `<c r="${ref}"${st} t="str"><f>${f}</f>${v}</c>`),
    fc.tuple(s, fc.constantFrom('TRUE()', 'FALSE()', '1=1')).map(([st, f]) => `<c r="${ref}"${st} t="b"><f>${f}</f><v>1</v></c>`),
    fc.tuple(s, fc.constantFrom('1/0', 'NA()')).map(([st, f]) => `<c r="${ref}"${st} t="e"><f>${f}</f><v>#DIV/0!</v></c>`),
    fc
      .tuple(s, fc.integer({ min: 0, max: 1 }), rawNumber)
      .map(([st, si, v]) => `<c r="${ref}"${st}><f t="shared" si="${si}"/><v>${v}</v></c>`),
    fc
      .tuple(s, fc.integer({ min: 0, max: 1 }), fc.constantFrom('C5*2', 'SUM($C$5:C5)', 'D5&amp;E$4'))
      .map(([st, si, f]) => `<c r="${ref}"${st}><f t="shared" ref="${ref}:H20" si="${si}">${f}</f><v>1</v></c>`),
    fc.tuple(s, rawFormula).map(([st, f]) => `<c r="${ref}"${st}><f t="array" ref="${ref}">${f}</f><v>3</v></c>`),
    s.map((st) => `<c r="${ref}"${st}/>`)
  );
}

/** A base whose styles hold formats of every kind (dates, times, text, custom), for raw cells to use. */
async function rawBase(): Promise<{ bytes: Buffer; ctx: RawContext; part: string }> {
  const book = exampleBook();
  const ws = scores(book);
  ['yyyy/m/d', '0 "pts"', '0.00', '@', '[h]:mm:ss', 'mm-dd-yy', 'h:mm AM/PM', '[$-404]e/m/d', '"d"0'].forEach((fmt, i) => {
    const cell = ws.getCell(20 + i, 9);
    cell.value = i;
    cell.numFmt = fmt;
  });
  const bytes = await save(book, 'raw base');
  const styles = (await zipPart(bytes, 'xl/styles.xml'))
    .match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)![1]
    .match(/<xf[\s/>]/g)!.length;
  const strings = ((await zipPart(bytes, 'xl/sharedStrings.xml')).match(/<si[\s/>]/g) ?? []).length;
  return { bytes, ctx: { styles, strings }, part: await sheetPart(bytes, SCORES) };
}

function rawPlan(ctx: RawContext) {
  return fc.record({
    cells: fc.tuple(...Array.from({ length: 12 }, (_, i) => rawCell(`E${5 + i}`, ctx))),
    extra: fc.tuple(...Array.from({ length: 4 }, (_, i) => fc.option(rawCell(`H${5 + i}`, ctx), { nil: undefined }))),
    merges: fc.array(
      fc.tuple(
        fc.integer({ min: 4, max: 18 }),
        fc.integer({ min: 4, max: 9 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 2 })
      ),
      { maxLength: 3 }
    ),
    links: fc.array(
      fc.record({
        ref: fc.constantFrom('E5', 'E6:E8', 'F9', 'E16', 'H5'),
        target: fc.option(fc.constantFrom('https://example.org/a?b=1&amp;c=2', 'file:///C:/x.pdf'), { nil: undefined }),
        location: fc.option(fc.constantFrom("'彙整表'!A1", 'Sheet2!B2'), { nil: undefined }),
      }),
      { maxLength: 3 }
    ),
    rowStyle: fc.option(fc.tuple(fc.integer({ min: 5, max: 16 }), fc.integer({ min: 0, max: ctx.styles })), { nil: undefined }),
    colStyle: fc.option(fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: ctx.styles })), { nil: undefined }),
    tail: fc.option(
      fc.constantFrom(
        '<row r="30"><c r="B30" s="3"/></row>',
        '<row r="31"><c r="L31" s="2"/></row>',
        '<row r="45"/>',
        '<row r="33"><c r="Z33"><v>1</v></c></row>',
        '<row r="17" s="2" customFormat="1"><c r="A17"><v>1</v></c></row>'
      ),
      { nil: undefined }
    ),
    // More names: where reads create cells (beside the data, under it) and names that are no single range.
    names: fc.array(
      fc.oneof(
        fc
          .tuple(
            fc.integer({ min: 1, max: 40 }),
            fc.integer({ min: 1, max: 12 }),
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 2 })
          )
          .map(
            ([r, c, h, w]) => `'考核評分表'!$${String.fromCharCode(64 + c)}$${r}:$${String.fromCharCode(64 + c + w)}$${r + h}`
          ),
        fc.constantFrom(
          "'考核評分表'!$H$3",
          "'考核評分表'!$A$17:$A$19",
          '#REF!$E$5',
          "'考核評分表'!$E$5,'考核評分表'!$E$7",
          '5',
          "'沒有'!$A$1",
          "'考核評分表'!$3:$4"
        )
      ),
      { maxLength: 3 }
    ),
    date1904: fc.constantFrom(undefined, '1', 'true', 'false'),
  });
}

type RawPlan = Of<ReturnType<typeof rawPlan>>;

function applyRaw(xml: string, plan: RawPlan): string {
  let out = xml;
  const replaceCell = (ref: string, c: string): void => {
    const re = new RegExp(`<c r="${ref}"(?:[^>]*?/>|[^>]*>[\\s\\S]*?</c>)`);
    const rowRe = new RegExp(`(<row r="${/\d+/.exec(ref)![0]}"[^>]*>)([\\s\\S]*?)(</row>)`);
    if (re.test(out)) out = out.replace(re, c);
    else out = out.replace(rowRe, (_m, open: string, body: string, close: string) => `${open}${body}${c}${close}`);
  };
  plan.cells.forEach((c, i) => replaceCell(`E${5 + i}`, c));
  plan.extra.forEach((c, i) => c && replaceCell(`H${5 + i}`, c));
  if (plan.rowStyle)
    out = out.replace(
      new RegExp(`<row r="${plan.rowStyle[0]}"`),
      `<row r="${plan.rowStyle[0]}" s="${plan.rowStyle[1]}" customFormat="1"`
    );
  if (plan.colStyle)
    out = out.replace(
      new RegExp(`<col min="${plan.colStyle[0]}" max="${plan.colStyle[0]}"`),
      `<col min="${plan.colStyle[0]}" max="${plan.colStyle[0]}" style="${plan.colStyle[1]}"`
    );
  if (plan.tail) out = out.replace('</sheetData>', `${plan.tail}</sheetData>`);
  const merges = plan.merges
    .map(([r, c, h, w]) => `<mergeCell ref="${String.fromCharCode(64 + c)}${r}:${String.fromCharCode(64 + c + w)}${r + h}"/>`)
    .join('');
  if (merges) {
    if (out.includes('</mergeCells>')) out = out.replace('</mergeCells>', `${merges}</mergeCells>`);
    else out = out.replace('</sheetData>', `</sheetData><mergeCells>${merges}</mergeCells>`);
  }
  const links = plan.links
    .map((l, i) => {
      const id = l.target ? ` r:id="rIdQ${i}"` : '';
      const loc = l.location ? ` location="${l.location}"` : '';
      return `<hyperlink ref="${l.ref}"${id}${loc}/>`;
    })
    .join('');
  if (links) out = out.replace(/(<\/mergeCells>|<\/sheetData>)(?![\s\S]*<\/mergeCells>)/, `$1<hyperlinks>${links}</hyperlinks>`);
  return out;
}

function applyRawRels(xml: string | undefined, plan: RawPlan): string | null {
  const rels = plan.links.flatMap((l, i) =>
    l.target
      ? [
          `<Relationship Id="rIdQ${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${l.target}" TargetMode="External"/>`,
        ]
      : []
  );
  if (rels.length === 0) return xml ?? null;
  if (xml) return xml.replace('</Relationships>', `${rels.join('')}</Relationships>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
}

describe('random cells written as raw XML', () => {
  it('read the same in every form: inline and rich text, escapes, ISO dates, cached results or none, shared formulas, styles of cells, rows and columns, merges, links, 1904 dates', async () => {
    const base = await rawBase();
    const relsPart = base.part.replace(/([^/]+)$/, '_rels/$1.rels');
    await fc.assert(
      fc.asyncProperty(rawPlan(base.ctx), async (plan) => {
        const bytes = await editZip(base.bytes, {
          [base.part]: (xml) => applyRaw(xml!, plan),
          [relsPart]: (xml) => applyRawRels(xml, plan),
          'xl/workbook.xml': (xml) => {
            const names = plan.names
              .map((f, i) => `<definedName name="Extra${i}">${f.replace(/&/g, '&amp;')}</definedName>`)
              .join('');
            const out = xml!.replace('</definedNames>', `${names}</definedNames>`);
            return plan.date1904 === undefined ? out : out.replace('<workbookPr ', `<workbookPr date1904="${plan.date1904}" `);
          },
        });
        await expectParity(bytes, [INSPECT, SCAN]);
      }),
      { numRuns: RUNS ?? 60 }
    );
  });
});

// ---------------------------------------------------------------------------
// Files other programs saved
// ---------------------------------------------------------------------------

const hasOpenpyxl = requireOpenpyxl('quickRead parity (openpyxl files)');
const withOpenpyxl = hasOpenpyxl ? describe : describe.skip;

/** Run a Python script with openpyxl that writes sys.argv[1] (reading sys.argv[2] if given); resolves to its bytes. */
async function openpyxlFile(script: string, input?: Buffer): Promise<Buffer> {
  const out = uniqueTempPath('openpyxl.xlsx');
  const args = [out];
  if (input) {
    const src = uniqueTempPath('input.xlsx');
    fs.writeFileSync(src, input);
    args.push(src);
  }
  await runPython(script, args);
  return fs.readFileSync(out);
}

/** The example, opened and edited with openpyxl: its values of every type in the score cells. */
const OPENPYXL_EDIT = String.raw`
import sys, datetime
import openpyxl
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.hyperlink import Hyperlink
wb = openpyxl.load_workbook(sys.argv[2])
wb.iso_dates = ISO
ws = wb['考核評分表']
ws['E5'] = 95
ws['E6'] = '96'
ws['E7'] = datetime.datetime(2025, 3, 4, 10, 30)
ws['E8'] = True
ws['E9'] = '#N/A'
ws['E10'] = '=C10*0.5'
ws['E11'] = '_x0041_ literal, & <markup>'
ws['E12'] = 1.5
ws['E12'].number_format = '0 "pts"'
ws['E13'] = datetime.date(1900, 2, 28)
ws['E14'] = 50
ws['E14'].hyperlink = 'https://example.org/evidence?a=1&b=2'
ws['E15'] = '=TRUE()'
ws.merge_cells('E16:F16')
ws['D20'] = 'x'
ws['D20'].hyperlink = Hyperlink(ref='D20', location="'彙整表'!A1")
ws['H18'] = datetime.time(10, 30)
ws.column_dimensions['J'].number_format = 'yyyy/m/d'
ws.row_dimensions[19].number_format = '0.00'
ws['B19'] = 3
wb.defined_names.append(DefinedName('Extra', attr_text="'考核評分表'!$H$17:$K$19"))
wb.save(sys.argv[1])
`;

/** A workbook made from scratch with openpyxl: a chartsheet first, names in other cases, sheet-scoped copies. */
const OPENPYXL_SCRATCH = String.raw`
import sys, datetime
import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.styles import Font
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Scores'
ws.append(['criterion', 'cap', 'score'])
for i in range(12):
    ws.append(['c%d' % i, 100, [95, '90', None, True, '#DIV/0!', '=B3*0.9', 1.5, datetime.datetime(2025, 1, 2), 'ok', -3, 101, '=IF(B2>1,"",1)'][i]])
ws['D5'].font = Font(b=True)
ws.merge_cells('A20:C21')
chart = BarChart()
chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4))
cs = wb.create_chartsheet('Chart', 0)
cs.add_chart(chart)
copy = wb.create_sheet('Scores (2)')
copy['C2'] = 0
wb.defined_names.append(DefinedName('selfscores', attr_text="'scores'!$C$2:$C$13"))
wb.defined_names.append(DefinedName('ScoreCaps', attr_text='Scores!$B$2:$B$13'))
wb.defined_names.append(DefinedName('SelfScores', attr_text="'Scores (2)'!$C$2:$C$13", localSheetId=2))
wb.defined_names.append(DefinedName('OfficeName', attr_text='"台東區營業處"'))
wb.defined_names.append(DefinedName('Findings', attr_text='Scores!$A$1:$C$13,Scores!$E$1'))
wb.save(sys.argv[1])
`;

withOpenpyxl('files saved by openpyxl', () => {
  it('the example edited with openpyxl (dates as numbers, then as ISO dates), and a workbook made with openpyxl', async () => {
    const example = await save(exampleBook(), 'example for openpyxl');
    const files = await Promise.all([
      openpyxlFile(OPENPYXL_EDIT.replace('ISO', 'False'), example),
      openpyxlFile(OPENPYXL_EDIT.replace('ISO', 'True'), example),
      openpyxlFile(OPENPYXL_SCRATCH),
    ]);
    // Not vacuous: openpyxl wrote an ISO date cell, and the made-up workbook has its chartsheet.
    expect(/t="d"/.test(await zipPart(files[1], await sheetPart(files[1], SCORES)))).toBe(true);
    expect(/name="Chart"/.test(await zipPart(files[2], 'xl/workbook.xml'))).toBe(true);
    for (const bytes of files) await expectParity(bytes);
  });
});

const hasLibreOffice = requireLibreOffice('quickRead parity (LibreOffice files)');
const withLibreOffice = hasLibreOffice ? describe : describe.skip;

withLibreOffice('files saved by LibreOffice', () => {
  it('the templates and random score cells, saved by LibreOffice (cached results, TRUE(), "true" attributes)', async () => {
    const books: Buffer[] = [await save(exampleBook(), 'for LibreOffice'), await save(blankBook(), 'blank for LibreOffice')];
    for (const plan of fc.sample(bookPlan, { numRuns: 3, seed: 114 })) {
      const book = exampleBook();
      applyPlan(book, plan);
      books.push(await save(book, 'random for LibreOffice'));
    }
    const files = await Promise.all(
      books.map(async (bytes, i) => {
        const src = uniqueTempPath(`lo-${i}.xlsx`);
        fs.writeFileSync(src, bytes);
        return fs.readFileSync(await recalc(src));
      })
    );
    // Not vacuous: LibreOffice wrote the cached results ExcelJS does not.
    expect(/<f[^>]*>[^<]+<\/f><v>/.test(await zipPart(files[0], await sheetPart(files[0], SCORES)))).toBe(true);
    for (const bytes of files) await expectParity(bytes);
  });
});

// ---------------------------------------------------------------------------
// What is not a readable .xlsx: the same message as loadBook gives
// ---------------------------------------------------------------------------

async function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The bytes with one entry's deflate stream made invalid (its first block given the reserved type 3). */
function corruptEntry(bytes: Buffer, name: string): Buffer {
  const out = Buffer.from(bytes);
  for (let at = out.indexOf('PK\x03\x04', 0, 'latin1'); at >= 0; at = out.indexOf('PK\x03\x04', at + 4, 'latin1')) {
    const nameLength = out.readUInt16LE(at + 26);
    if (out.toString('utf8', at + 30, at + 30 + nameLength) !== name) continue;
    out[at + 30 + nameLength + out.readUInt16LE(at + 28)] = 0x07;
    return out;
  }
  throw new Error(`no entry ${name}`);
}

const ROOT_RELS =
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';

describe('what is not a readable .xlsx', () => {
  const ole = (stream: string): Buffer =>
    Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), Buffer.from(stream, 'utf16le'), Buffer.alloc(64)]);

  async function expectSameRefusal(bytes: Buffer, expected: RegExp): Promise<void> {
    const want = await viaExcelJs(bytes, CHECK);
    expect({ refused: !want.ok, expected }).toEqual({ refused: true, expected });
    expect(viaQuick(bytes, CHECK)).toStrictEqual(want);
    // Both languages, naming the file; and the kind of file it is.
    const m = (want as { message: Message }).message;
    expect(m.zh).toContain(LABEL);
    expect(m.en).toContain(LABEL);
    expect(m.en).toMatch(expected);
  }

  it('files that are no zip: empty, .xls, encrypted, other OLE files, .doc, CSV (UTF-8, Big5), HTML, XML 2003, PDF, unknown', async () => {
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.alloc(0), /empty/],
      [ole('Workbook'), /Excel 97-2003/],
      [ole('EncryptedPackage'), /password-protected/],
      [ole('Something'), /legacy Office format/],
      [ole('WordDocument'), /Word document \(\.doc\)/],
      [Buffer.from('\uFEFF考核項目,自評\n創新性,90\n', 'utf8'), /text file/],
      [Buffer.from([0xa6, 0xd2, 0xae, 0xd6, 0x2c, 0x31, 0x0d, 0x0a]), /text file/],
      [Buffer.from('\uFEFF<html><body><table><tr><td>1</td></tr></table></body></html>', 'utf16le'), /web page/],
      [
        Buffer.from('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'),
        /XML Spreadsheet 2003/,
      ],
      [Buffer.from('%PDF-1.7\n%\xe2\xe3'), /PDF/],
      [Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0x00, 0x10]), /not recognised/],
    ];
    for (const [bytes, expected] of cases) await expectSameRefusal(bytes, expected);
  });

  it('zips that are other documents: .docx, .pptx, .xlsb, .ods, .odt, a plain zip, an empty zip', async () => {
    const cases: Array<[Buffer, RegExp]> = [
      [await zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }), /Word document \(\.docx\)/],
      [await zipOf({ 'ppt/presentation.xml': '<p/>' }), /PowerPoint/],
      [await zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.bin': Buffer.from([1, 2]) }), /\.xlsb/],
      [
        await zipOf({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' }),
        /OpenDocument spreadsheet/,
      ],
      [await zipOf({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<x/>' }), /OpenDocument file/],
      [await zipOf({ 'readme.txt': 'hi' }), /ZIP archive but not an Excel workbook/],
      [await zipOf({}), /ZIP archive but not an Excel workbook/],
    ];
    for (const [bytes, expected] of cases) await expectSameRefusal(bytes, expected);
  });

  it('damaged packages: truncated, a part that cannot be inflated, malformed XML, no workbook part, Strict, the workbook elsewhere', async () => {
    const good = await save(exampleBook(), 'for damage');
    const cases: Array<[Buffer, RegExp]> = [
      [good.subarray(0, good.length - 30), /damaged or incomplete and/],
      [good.subarray(0, 2000), /damaged or incomplete/],
      [corruptEntry(good, 'xl/workbook.xml'), /damaged or incomplete \(xl\/workbook\.xml cannot be read\)/],
      [corruptEntry(good, 'xl/_rels/workbook.xml.rels'), /xl\/_rels\/workbook\.xml\.rels cannot be read/],
      [
        await editZip(good, { 'xl/workbook.xml': (x) => x!.replace('<sheets>', '<sheets><sheets>') }),
        /xl\/workbook\.xml cannot be read/,
      ],
      [await editZip(good, { '_rels/.rels': (x) => x!.replace('</Relationships>', '') }), /_rels\/\.rels cannot be read/],
      [await editZip(good, { 'xl/workbook.xml': () => null }), /ZIP archive but not an Excel workbook/],
      [
        await zipOf({
          '_rels/.rels': ROOT_RELS.replace(
            'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
            'http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument'
          ),
          'xl/workbook.xml': '<workbook/>',
        }),
        /Strict Open XML/,
      ],
      [
        await zipOf({ '_rels/.rels': ROOT_RELS.replace('xl/workbook.xml', 'xl/book.xml'), 'xl/book.xml': '<workbook/>' }),
        /laid out in a way/,
      ],
    ];
    for (const [bytes, expected] of cases) await expectSameRefusal(bytes, expected);
  });

  it('packages ExcelJS cannot load: overlapping merges, sheet names it refuses, a shared string that is not there, styles without cell formats, a row without a number', async () => {
    // ExcelJS warns about a name over 31 characters before it refuses it.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const good = await save(exampleBook(['Data']), 'for load errors');
    const scoresPart = await sheetPart(good, SCORES);
    // ExcelJS stops at the first sheet (in zip order) that trips it; for faults of styles, only the score
    // sheet (the one read) keeps its styles and conditional formats.
    const others = Object.keys((await JSZip.loadAsync(good)).files).filter(
      (n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n) && n !== scoresPart
    );
    const unstyled = Object.fromEntries(
      others.map((n) => [
        n,
        (x: string | undefined) =>
          x!.replace(/ s="\d+"/g, '').replace(/<conditionalFormatting[\s\S]*?<\/conditionalFormatting>/g, ''),
      ])
    );
    const sheetName = (from: string, to: string) => ({
      'xl/workbook.xml': (x: string | undefined) => x!.replace(`name="${from}"`, to),
    });
    const cases: Array<[Buffer, RegExp]> = [
      [
        await editZip(good, {
          [scoresPart]: (x) => x!.replace('</mergeCells>', '<mergeCell ref="E5:E6"/><mergeCell ref="E6:F6"/></mergeCells>'),
        }),
        /Cannot merge already merged cells/,
      ],
      [await editZip(good, sheetName('彙整表', `name="${'彙'.repeat(40)}"`)), /Worksheet name already exists/],
      [await editZip(good, sheetName('執行計畫', 'name="data"')), /Worksheet name already exists: data/],
      [await editZip(good, sheetName('執行計畫', 'name="History"')), /protected/],
      [await editZip(good, sheetName('執行計畫', '')), /reading 'replace'/],
      [
        await editZip(good, {
          [scoresPart]: (x) => x!.replace(/<c r="E5"[^>]*>[\s\S]*?<\/c>/, '<c r="E5" t="s"><v>9999</v></c>'),
        }),
        /reading 'richText'/,
      ],
      [
        await editZip(good, { ...unstyled, 'xl/styles.xml': (x) => x!.replace(/<cellXfs[\s\S]*?<\/cellXfs>/, '') }),
        /reading '1'/,
      ],
      // Conditional formats whose styles are not there.
      [await editZip(good, { 'xl/styles.xml': () => null }), /reading 'getDxfStyle'/],
      [await editZip(good, { ...unstyled, 'xl/styles.xml': (x) => x!.replace(/<dxfs[\s\S]*?<\/dxfs>/, '') }), /reading '\d+'/],
      [await editZip(good, { [scoresPart]: (x) => x!.replace('<row r="16"', '<row') }), /Invalid row number in model/],
      [
        await editZip(good, {
          [scoresPart]: (x) =>
            x!.replace(/<c r="E5"[^>]*>[\s\S]*?<\/c>/, '<c r="E5" t="inlineStr"><is><t>a</t><r><t>b</t></r></is></c>'),
        }),
        /Cannot create property 'richText' on string 'a'/,
      ],
      [
        await editZip(good, { 'xl/sharedStrings.xml': (x) => x!.replace('</sst>', '<si><t>x</t><r><t>y</t></r></si></sst>') }),
        /Cannot create property 'richText' on string 'x'/,
      ],
    ];
    for (const [bytes, expected] of cases) {
      const want = await viaExcelJs(bytes, CHECK);
      expect(want.ok).toBe(false);
      expect(viaQuick(bytes, CHECK)).toStrictEqual(want);
      expect((want as { message: Message }).message.en).toMatch(expected);
    }
  });

  it('what ExcelJS loads although something is missing: no styles part, no shared strings part, rows and cells out of order', async () => {
    const good = await save(exampleBook(), 'for missing parts');
    const scoresPart = await sheetPart(good, SCORES);
    const noFormats = (x: string | undefined) => x!.replace(/<conditionalFormatting[\s\S]*?<\/conditionalFormatting>/g, '');
    const sheets = Object.keys((await JSZip.loadAsync(good)).files).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n));
    const files = [
      // Without conditional formats (whose styles ExcelJS looks up), a workbook needs no styles part.
      await editZip(good, { 'xl/styles.xml': () => null, ...Object.fromEntries(sheets.map((n) => [n, noFormats])) }),
      await editZip(good, { 'xl/sharedStrings.xml': () => null }),
      await editZip(good, {
        [scoresPart]: (x) =>
          x!.replace(/(<row r="5"[\s\S]*?<\/row>)(<row r="6"[\s\S]*?<\/row>)/, '$2$1').replace('<row r="7"', '<row r="6"'),
      }),
    ];
    for (const bytes of files) await expectParity(bytes, [CHECK, INSPECT, SCAN]);
  });
});

// ---------------------------------------------------------------------------
// Speed, and the browser
// ---------------------------------------------------------------------------

describe('what the light reader is for', () => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  it('reads a template-size workbook for check many times faster than loadBook + readSnapshot', async () => {
    const bytes = await save(exampleBook(), 'for speed');
    const quick: number[] = [];
    for (let i = 0; i < 220; i++) {
      const t = performance.now();
      quickSnapshot(bytes, LABEL, CHECK);
      if (i >= 20) quick.push(performance.now() - t);
    }
    const exceljs: number[] = [];
    for (let i = 0; i < 17; i++) {
      const t = performance.now();
      readSnapshot(await loadBook(bytes, LABEL), CHECK);
      if (i >= 2) exceljs.push(performance.now() - t);
    }
    // Measured here at about 1 ms against 10–15 ms (warm); the margin keeps a loaded machine from failing it.
    expect(median(quick) * 4).toBeLessThan(median(exceljs));
  });

  it('uses no Node API and neither ExcelJS nor JSZip, so the task pane can bundle it', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = fs.readFileSync(file, 'utf8');
      const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect({ file, buffer: /\bBuffer\b|\bprocess\.|\brequire\(/.test(code) }).toEqual({ file, buffer: false });
      // Type-only imports are erased when compiled.
      for (const m of code.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?\bfrom\s+'([^']+)'/gm)) {
        const spec = m[1];
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), `${spec}.ts`));
        else expect({ file, spec }).toEqual({ file, spec: 'fflate' });
      }
    };
    visit(path.resolve(__dirname, '../../../src/adapters/xlsx/quickRead.ts'));
    expect(seen.size).toBeGreaterThan(3);
  });
});

const validator = requireOoxmlValidator('quickRead parity (the workbooks it writes)');
(validator ? describe : describe.skip)('the workbooks written above', () => {
  it('pass ooxml-validate', async () => {
    expect(Object.keys(written).length).toBeGreaterThan(10);
    expect(await ooxmlViolations(written)).toEqual([]);
  });
});
