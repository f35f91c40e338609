/**
 * What `adopt` and `next` need of the hosts, through both of them (the .xlsx adapter and the Office.js adapter on
 * the fake Excel): names of several areas (a scorecard pasted from Word repeats its header before each dimension,
 * so its score cells are four areas of one column), names scoped to a sheet (an earlier period keeps its names),
 * and validation and paint rules on cells of a sheet that exists. The file the .xlsx host writes is then judged by
 * ooxml-validate, openpyxl and LibreOffice.
 */
import * as fs from 'fs';
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { absRange, parseRange } from '../../src/domain/a1';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { type XlsxBook, loadBook, newBook, runOnBook, saveBook } from '../../src/adapters/xlsx';
import { quickSnapshot } from '../../src/adapters/xlsx/quickRead';
import { readSnapshot as fileSnapshot } from '../../src/adapters/xlsx/snapshot';
import { createOfficeHost } from '../../src/adapters/office/host';
import { readSnapshot as excelSnapshot } from '../../src/adapters/office/read';
import type { Features } from '../../src/adapters/office/render';
import type { HostResult } from '../../src/adapters/office/api';
import { check, type CheckOutcome } from '../../src/operations/check';
import { type Edit, type Operation, type ReadSpec, nameRef as fileNameRef } from '../../src/operations/types';
import type { ConditionalFormatSpec, SheetLayout, ValidationSpec } from '../../src/layouts/types';
import { copyBook, onBothHosts, seedFake } from '../support/twoHosts';
import { LIBREOFFICE_TEST_TIMEOUT_MS, readEvaluated, recalc, requireLibreOffice, uniqueTempPath } from '../support/libreoffice';
import { ooxmlViolations, requireOoxmlValidator } from '../support/ooxml';
import { requireOpenpyxl, runPython } from '../support/openpyxl';

jest.setTimeout(60_000);

const rubric = RUBRIC_114;
/** The pasted scorecard (a name that must be quoted), the next period's copy, and a sheet of totals. */
const SHEET = 'Word 評分表';
const NEXT = '下期 評分表';
const TOTALS = '總表';
const AREAS = ['D5:D7', 'D10:D12', 'D15:D17', 'D20:D22'];
const RANGE = AREAS.join(',');
const CELLS = AREAS.flatMap((a) => {
  const r = parseRange(a);
  return Array.from({ length: r.bottom - r.top + 1 }, (_, i) => `D${r.top + i}`);
});
/** 285 + 375 + 136 + 137 */
const SCORES = [95, 90, 100, 120, 125, 130, 45, 47, 44, 46, 45, 46];
const TOTAL = 933;
/** 270 + 370 + 120 + 135 */
const NEXT_SCORES = [90, 90, 90, 130, 120, 120, 40, 40, 40, 45, 45, 45];
const NEXT_TOTAL = 895;
const DIMENSIONS = ['創新性', '效益及影響', '可持續性', '擴散應用'];

/** The formula a name of RANGE on `sheet` has in a file. */
const areasFormula = (sheet: string) => AREAS.map((a) => `'${sheet}'!${absRange(...corners(a))}`).join(',');
const corners = (a: string): [number, number, number, number] => {
  const r = parseRange(a);
  return [r.top, r.left, r.bottom, r.right];
};

/**
 * A scorecard as staff paste it from Word: the header row again before each dimension's three rows, a blank row
 * between dimensions. D8 (blank row) and D9 (a header cell) hold numbers that are not scores.
 */
function pastedSheet(ws: ExcelJS.Worksheet, scores: number[]) {
  ws.getCell('A1').value = '台東區營業處 114 年度 1 月至 6 月 提升服務效能考核評分表';
  DIMENSIONS.forEach((dim, d) => {
    const header = 4 + 5 * d;
    ws.getRow(header).values = ['執行構面', '評核項目', '配分', '自評'];
    for (let i = 0; i < 3; i++) {
      const row = ws.getRow(header + 1 + i);
      row.values = [dim, `${d * 3 + i + 1}. ${dim}-項目`, rubric.dimensions[d].criteria[i].cap, scores[d * 3 + i]];
    }
  });
  ws.getCell('D8').value = 77;
  ws.getCell('D9').value = 999;
}

function pastedBook(opts: { named?: boolean; next?: boolean } = {}): XlsxBook {
  const book = newBook();
  pastedSheet(book.wb.addWorksheet(SHEET), SCORES);
  if (opts.next) pastedSheet(book.wb.addWorksheet(NEXT), NEXT_SCORES);
  book.wb.addWorksheet(TOTALS).getCell('A1').value = { formula: 'SUM(SelfScores)' } as ExcelJS.CellFormulaValue;
  if (opts.named !== false) book.names.push({ name: 'SelfScores', formula: areasFormula(SHEET) });
  return book;
}

/** An operation that writes the given edits, reading nothing. */
const writes = (edits: Edit[]): Operation<void, null> => ({
  id: 'test.writes',
  needs: () => ({ ranges: [] }),
  decide: () => ({ ok: true, result: null, plan: { edits } }),
});

/** Results without what only one host reports (round trips). */
const plain = <T>(r: T) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'syncs' ? undefined : v)));

const ALL: Features = {
  validation: true,
  print: true,
  conditionalFormats: true,
  sheetView: true,
  names: true,
  mergedAreas: true,
};

/** The snapshot of `spec` as each host reads it: ExcelJS, the light reader, Office.js on the fake. */
async function snapshots(book: XlsxBook, spec: ReadSpec) {
  const bytes = await saveBook(await copyBook(book));
  const file = fileSnapshot(await loadBook(bytes, 'x.xlsx'), spec);
  const quick = quickSnapshot(bytes, 'x.xlsx', spec);
  const fake = await seedFake(await copyBook(book));
  const excel = await fake.run((ctx) => excelSnapshot(ctx as never, () => ctx.sync(), spec, ALL));
  return { file, quick, excel, fake };
}

const scoresOf = (r: { ok: boolean; value?: CheckOutcome } | HostResult<CheckOutcome>) => {
  if (!r.ok) throw new Error('check failed');
  return (r as { value: CheckOutcome }).value;
};

describe('a name of several areas of one sheet', () => {
  it('both hosts read it as the same NameRef: the sheet and the areas in order, no rect', () => {
    const sheets = [SHEET, 'a,b'];
    const refs = [
      areasFormula(SHEET),
      "'a,b'!$A$1,'A,B'!$B$2:$C$3",
      // not areas of one sheet of this workbook, or not areas at all
      `'${SHEET}'!$D$5,'a,b'!$D$6`,
      `'${SHEET}'!$D$5,$D$6`,
      `'${SHEET}'!$D$5,`,
      `SUM('${SHEET}'!$D$5,'${SHEET}'!$D$6)`,
      "'沒有'!$A$1,'沒有'!$A$2",
    ];
    // as Excel gives it (with "=") and as a file holds it (without): the same answer
    for (const ref of refs) expect(fileNameRef(sheets, 'X', `=${ref}`)).toEqual(fileNameRef(sheets, 'X', ref));
    expect(fileNameRef(sheets, 'SelfScores', areasFormula(SHEET))).toEqual({
      name: 'SelfScores',
      sheet: SHEET,
      areas: AREAS.map(parseRange),
      refersTo: `=${areasFormula(SHEET)}`,
    });
    expect(fileNameRef(sheets, 'X', "'a,b'!$A$1,'A,B'!$B$2:$C$3")).toMatchObject({ sheet: 'a,b', areas: [{}, {}] });
    for (const ref of refs.slice(2)) expect(fileNameRef(sheets, 'X', ref)).toEqual({ name: 'X', refersTo: `=${ref}` });
  });

  it('check reads exactly its 12 cells, in order, with their addresses; the header and blank rows between are not read', async () => {
    const both = await onBothHosts(pastedBook(), check, { rubric });
    expect(plain(both.excel.result)).toEqual(plain({ ok: true, value: scoresOf(both.file.result) }));
    const r = scoresOf(both.file.result);
    expect(r.criteria.map((c) => c.address)).toEqual(CELLS);
    expect(r.criteria.map((c) => (c.status === 'scored' ? c.score : c.status))).toEqual(SCORES);
    expect(r).toMatchObject({ valid: true, entered: 12, total: TOTAL, problems: [] });
    expect(r.scores).toEqual({ sheet: SHEET, range: 'D5:D7,D10:D12,D15:D17,D20:D22' });
    // names and sheets, then every area in one trip
    expect(both.excel.syncs).toBe(2);
  });

  it('a bad score in a later area is reported at its own cell', async () => {
    const book = pastedBook();
    book.wb.getWorksheet(SHEET)!.getCell('D16').value = 60;
    book.wb.getWorksheet(SHEET)!.getCell('D11').value = '95';
    const both = await onBothHosts(book, check, { rubric });
    expect(plain(both.excel.result)).toEqual(plain({ ok: true, value: scoresOf(both.file.result) }));
    expect(scoresOf(both.file.result).problems.map((p) => [p.sheet, p.address, p.kind])).toEqual([
      [SHEET, 'D11', 'numberAsText'],
      [SHEET, 'D16', 'aboveCap'],
    ]);
  });

  it('every reader gives one RangeSnap: the box around the areas, their rows one after another, the areas', async () => {
    const spec: ReadSpec = {
      ranges: ['SelfScores'],
      below: { SelfScores: 5 },
      above: { SelfScores: 3 },
      wider: { SelfScores: 2 },
    };
    const { file, quick, excel } = await snapshots(pastedBook(), spec);
    expect(quick).toEqual(file);
    const snap = file.ranges.SelfScores!;
    expect(snap.sheet).toBe(SHEET);
    expect(snap.rect).toEqual(parseRange('D5:D22'));
    expect(snap.areas).toEqual(AREAS.map(parseRange));
    // `wider`, `below` and `above` are for one table: not applied to areas
    expect(snap.cells.map((row) => row.map((c) => c.value))).toEqual(SCORES.map((s) => [s]));
    expect(file.below.SelfScores).toBeUndefined();
    expect(file.above).toEqual({});
    expect(excel.ranges).toEqual(file.ranges);
    expect(excel.below).toEqual({});
    expect(excel.above).toEqual({});
    expect(excel.names).toEqual(file.names);
  });

  it('areas of unequal widths are not read: check says SelfScores is not one range, on both hosts', async () => {
    const book = pastedBook({ named: false });
    book.names.push({ name: 'SelfScores', formula: `'${SHEET}'!$D$5:$D$7,'${SHEET}'!$C$10:$D$12` });
    const { file, quick, excel } = await snapshots(book, {
      ranges: ['SelfScores'],
      scanWhenMissing: { name: 'SelfScores', rows: 3, cols: 2 },
    });
    expect(file.ranges.SelfScores).toBeUndefined();
    expect(file.names[0]).toMatchObject({ sheet: SHEET, areas: [parseRange('D5:D7'), parseRange('C10:D12')] });
    // like any name that is no range: the scan is made
    expect(file.scan?.length).toBe(2);
    expect(quick).toEqual(file);
    expect(excel.ranges).toEqual({});
    const both = await onBothHosts(book, check, { rubric });
    expect(both.file.result.ok).toBe(false);
    if (!both.file.result.ok) expect(both.file.result.error.en).toContain('SelfScores');
    expect(plain(both.excel.result)).toEqual(plain(both.file.result));
  });

  it('the live check reacts to a change in any area, and not to one in a header or blank row between them', async () => {
    const fake = await seedFake(pastedBook());
    const host = createOfficeHost({ rubric, run: fake.run, isSetSupported: fake.isSetSupported, debounceMs: 5, retryMs: 20 });
    const results: HostResult<CheckOutcome>[] = [];
    let wake: (() => void) | undefined;
    const stop = await host.watchScores((r) => {
      results.push(r);
      wake?.();
    });
    try {
      expect(results).toHaveLength(1);
      expect(scoresOf(results[0]).total).toBe(TOTAL);
      const syncs = fake.syncs;
      await fake.edit(SHEET, 'D9', 5);
      await fake.edit(SHEET, 'D13', 5);
      await new Promise((r) => setTimeout(r, 40));
      expect(fake.syncs).toBe(syncs);
      const next = new Promise<void>((r) => (wake = r));
      await fake.edit(SHEET, 'D21', 51);
      await next;
      expect(scoresOf(results[1]).problems.map((p) => [p.address, p.kind])).toEqual([['D21', 'aboveCap']]);
    } finally {
      await stop();
    }
  });
});

describe('rows above and under one range', () => {
  it('every reader gives the same rows: the same columns, clipped at row 1, in the trip that reads the ranges', async () => {
    const book = pastedBook({ named: false });
    book.names.push({ name: 'Scores', formula: `'${SHEET}'!$D$10:$D$12` });
    book.names.push({ name: 'Top', formula: `'${SHEET}'!$A$1:$B$2` });
    const spec: ReadSpec = {
      ranges: ['Scores', 'Top'],
      above: { Scores: 4, Top: 3 },
      below: { Scores: 2 },
      wider: { Scores: 1 },
    };
    const { file, quick, excel, fake } = await snapshots(book, spec);
    expect(quick).toEqual(file);
    const up = file.above?.Scores;
    expect(up?.rect).toEqual(parseRange('D6:E9'));
    // D7 (a score of the area above), D8 (77 between the areas) and D9 (the header's 自評 … 999 over it)
    expect(up?.cells.map((r) => r[0].value)).toEqual([SCORES[1], SCORES[2], 77, 999]);
    expect(file.above?.Top).toBeUndefined();
    expect(excel.above).toEqual(file.above);
    expect(excel.below).toEqual(file.below);
    expect(excel.ranges).toEqual(file.ranges);
    // names and sheets, then every range with the rows above and under it
    expect(fake.syncs).toBe(2);

    const clipped = await snapshots(book, { ranges: ['Scores'], above: { Scores: 50 } });
    expect(clipped.file.above?.Scores?.rect).toEqual(parseRange('D1:D9'));
    expect(clipped.quick).toEqual(clipped.file);
    expect(clipped.excel.above).toEqual(clipped.file.above);
  });
});

describe('writing a name of several areas', () => {
  const layout: SheetLayout = {
    key: 'scorecard',
    name: NEXT,
    rows: [['自評'], [1], [2], [''], [3]],
    columnWidths: [10],
    rowHeights: {},
    merges: [],
    formats: [],
    validations: [],
    conditionalFormats: [],
    names: [{ name: 'NextScores', range: 'A2:A3,A5', comment: '下期' }],
    print: {
      orientation: 'portrait',
      fitToWidth: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      footer: '&P',
    },
  };

  it('setName and a layout’s names write each area with its sheet; both hosts, and check reads it back', async () => {
    const edits: Edit[] = [
      { kind: 'setName', sheet: SHEET, name: { name: 'SelfScores', range: RANGE, comment: '自評' } },
      { kind: 'addSheet', layout },
    ];
    const file = await copyBook(await fileAfter(pastedBook({ named: false }), edits));
    expect(file.names).toEqual([
      { name: 'SelfScores', formula: areasFormula(SHEET), comment: '自評' },
      { name: 'NextScores', formula: `'${NEXT}'!$A$2:$A$3,'${NEXT}'!$A$5`, comment: '下期' },
    ]);
    const fake = await seedFake(pastedBook({ named: false }));
    const r = await createOfficeHost({ rubric, run: fake.run, isSetSupported: fake.isSetSupported }).run(
      writes(edits),
      undefined
    );
    expect(r.ok).toBe(true);
    expect(fake.names()).toEqual([
      { name: 'SelfScores', sheet: SHEET, range: RANGE, comment: '自評' },
      { name: 'NextScores', sheet: NEXT, range: 'A2:A3,A5', comment: '下期' },
    ]);
    const checked = runOnBook(file, check, { rubric });
    expect(checked.ok && checked.value.total).toBe(TOTAL);
    const again = await createOfficeHost({ rubric, run: fake.run, isSetSupported: fake.isSetSupported }).run(check, { rubric });
    expect(plain(again)).toEqual(plain({ ok: true, value: checked.ok && checked.value }));
  });
});

/** The book after the edits, on the .xlsx host (saved and loaded again, as a file is). */
async function fileAfter(book: XlsxBook, edits: Edit[]): Promise<XlsxBook> {
  const r = runOnBook(book, writes(edits), undefined);
  if (!r.ok) throw new Error(r.error.en);
  return loadBook(await saveBook(book), 'after.xlsx');
}

/** The earlier period keeps SelfScores on its sheet; the workbook's SelfScores moves to the next period. */
const MOVE: Edit[] = [
  { kind: 'setName', sheet: NEXT, name: { name: 'SelfScores', range: RANGE } },
  { kind: 'localName', scope: SHEET, sheet: SHEET, name: { name: 'SelfScores', range: RANGE, comment: '114 H1' } },
];

describe("a name scoped to a sheet (edit 'localName')", () => {
  it('the .xlsx host writes it with localSheetId, beside the workbook-scoped name of the same name', async () => {
    const book = await fileAfter(pastedBook({ next: true }), MOVE);
    expect(book.names).toEqual([
      { name: 'SelfScores', formula: areasFormula(NEXT) },
      { name: 'SelfScores', formula: areasFormula(SHEET), localSheetId: 0, comment: '114 H1' },
    ]);
    // the snapshot's names are the workbook's only
    const snap = fileSnapshot(book, { ranges: ['SelfScores'] });
    expect(snap.names).toEqual([expect.objectContaining({ name: 'SelfScores', sheet: NEXT })]);
    expect(snap.ranges.SelfScores?.sheet).toBe(NEXT);
  });

  it('Excel: the sheet’s own name, one round trip to learn whether it is there, the workbook’s name untouched', async () => {
    const fake = await seedFake(pastedBook({ next: true }));
    const host = createOfficeHost({ rubric, run: fake.run, isSetSupported: fake.isSetSupported });
    const first = await host.run(writes(MOVE), undefined);
    // what is there; whether SHEET has a SelfScores of its own; the plan
    expect(first).toMatchObject({ ok: true, syncs: 3 });
    expect(fake.names()).toEqual([{ name: 'SelfScores', sheet: NEXT, range: RANGE, comment: '' }]);
    expect(fake.names(SHEET)).toEqual([{ name: 'SelfScores', sheet: SHEET, range: RANGE, comment: '114 H1' }]);
    // again: the sheet's name is there now, and is replaced (not added twice, which Excel refuses)
    const second = await host.run(
      writes([{ kind: 'localName', scope: SHEET, sheet: NEXT, name: { name: 'SelfScores', range: 'D5:D7' } }]),
      undefined
    );
    expect(second).toMatchObject({ ok: true, syncs: 3 });
    expect(fake.names(SHEET)).toEqual([{ name: 'SelfScores', sheet: NEXT, range: 'D5:D7', comment: '' }]);
    expect(fake.names()).toEqual([{ name: 'SelfScores', sheet: NEXT, range: RANGE, comment: '' }]);
    // the check (workbook-scoped names only) reads the next period
    const checked = await host.run(check, { rubric });
    expect(checked.ok && checked.value.total).toBe(NEXT_TOTAL);
  });

  it('the same edit on both hosts replaces a name of that name and scope only', async () => {
    const book = pastedBook({ next: true });
    // another sheet's SelfScores, which the edit must leave alone
    book.names.push({ name: 'SelfScores', formula: `'${NEXT}'!$D$5`, localSheetId: 1 });
    book.names.push({ name: 'SelfScores', formula: `'${SHEET}'!$A$1`, localSheetId: 0 });
    const edit: Edit = { kind: 'localName', scope: SHEET, sheet: SHEET, name: { name: 'SelfScores', range: 'D5:D7' } };
    const file = await fileAfter(await copyBook(book), [edit]);
    expect(file.names).toEqual([
      { name: 'SelfScores', formula: areasFormula(SHEET) },
      { name: 'SelfScores', formula: `'${NEXT}'!$D$5`, localSheetId: 1 },
      { name: 'SelfScores', formula: `'${SHEET}'!$D$5:$D$7`, localSheetId: 0 },
    ]);
    const fake = await seedFake(await copyBook(book));
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(NEXT).names.add('SelfScores', `='${NEXT}'!$D$5`);
      ctx.workbook.worksheets.getItem(SHEET).names.add('SelfScores', `='${SHEET}'!$A$1`);
      await ctx.sync();
    });
    const r = await createOfficeHost({ rubric, run: fake.run, isSetSupported: fake.isSetSupported }).run(
      writes([edit]),
      undefined
    );
    expect(r).toMatchObject({ ok: true, syncs: 3 });
    expect(fake.names()).toEqual([{ name: 'SelfScores', sheet: SHEET, range: RANGE, comment: '' }]);
    expect(fake.names(NEXT)).toEqual([{ name: 'SelfScores', sheet: NEXT, range: 'D5', comment: '' }]);
    expect(fake.names(SHEET)).toEqual([{ name: 'SelfScores', sheet: SHEET, range: 'D5:D7', comment: '' }]);
  });

  it('Excel: on a sheet the same plan adds, no round trip is needed; without ExcelApi 1.4 no name is written', async () => {
    const layout: SheetLayout = {
      key: 'scorecard',
      name: NEXT,
      rows: [['x']],
      columnWidths: [],
      rowHeights: {},
      merges: [],
      formats: [],
      validations: [],
      conditionalFormats: [],
      names: [],
      print: {
        orientation: 'portrait',
        fitToWidth: true,
        margins: { left: 0, right: 0, top: 0, bottom: 0, header: 0, footer: 0 },
        footer: '',
      },
    };
    const edits: Edit[] = [
      { kind: 'addSheet', layout },
      { kind: 'localName', scope: NEXT, sheet: SHEET, name: { name: 'Previous', range: RANGE } },
    ];
    const fake = await seedFake(pastedBook());
    const r = await createOfficeHost({ rubric, run: fake.run, isSetSupported: fake.isSetSupported }).run(
      writes(edits),
      undefined
    );
    expect(r).toMatchObject({ ok: true, syncs: 2 });
    expect(fake.names(NEXT)).toEqual([{ name: 'Previous', sheet: SHEET, range: RANGE, comment: '' }]);
    const old = await seedFake(pastedBook());
    old.setApiVersion('1.3');
    const r13 = await createOfficeHost({ rubric, run: old.run, isSetSupported: old.isSetSupported }).run(writes(MOVE), undefined);
    expect(r13).toMatchObject({ ok: true, syncs: 2 });
    expect(old.names(SHEET)).toEqual([]);
  });
});

const VALIDATION: ValidationSpec = {
  range: 'D5:D7',
  rule: { kind: 'whole', min: 0, max: 100 },
  errorStyle: 'warning',
  allowBlank: true,
  prompt: { title: '自評', message: '0 到 100 分' },
  error: { title: '超過配分', message: '請輸入 0 到 100 之間的整數。' },
};
const PAINT: ConditionalFormatSpec = { range: 'D5:D7', formula: 'OR(D5<0,D5>100)', fill: '#FFC7CE', fontColor: '#9C0006' };
const RULES: Edit = { kind: 'rules', sheet: SHEET, validations: [VALIDATION], conditionalFormats: [PAINT] };

/** A pasted scorecard whose D5:D22 had a validation of its own (a decimal up to 1000, stop). */
function bookWithValidation(): XlsxBook {
  const book = pastedBook();
  const ws = book.wb.getWorksheet(SHEET)!;
  (ws as unknown as { dataValidations: { add(r: string, v: ExcelJS.DataValidation): void } }).dataValidations.add('D5:D22', {
    type: 'decimal',
    operator: 'between',
    allowBlank: true,
    showErrorMessage: true,
    formulae: [0, 1000],
  });
  ws.addConditionalFormatting({
    ref: 'C5:C22',
    rules: [{ type: 'expression', priority: 1, formulae: ['C5>200'], style: { font: { bold: true } } }],
  });
  return book;
}

describe("validation and paint rules on an existing sheet (edit 'rules')", () => {
  it('both hosts: the cells get the layout’s rules, keep their values, and only they lose the validation they had', async () => {
    const both = await onBothHosts(await copyBook(bookWithValidation()), writes([RULES]), undefined);
    expect(both.excel.result).toMatchObject({ ok: true, syncs: 2 });
    // no value changed, on either host
    const before = await onBothHosts(await copyBook(bookWithValidation()), writes([]), undefined);
    expect(both.file.state).toEqual(before.file.state);
    expect(both.excel.state).toEqual(before.excel.state);

    const file = await fileAfter(await copyBook(bookWithValidation()), [RULES]);
    const ws = file.wb.getWorksheet(SHEET)!;
    const dv = (a: string) =>
      (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model[a];
    for (const a of ['D5', 'D7']) {
      expect(dv(a)).toMatchObject({
        type: 'whole',
        errorStyle: 'warning',
        formulae: [0, 100],
        promptTitle: '自評',
        errorTitle: '超過配分',
      });
    }
    for (const a of ['D8', 'D22']) expect(dv(a)).toMatchObject({ type: 'decimal', formulae: [0, 1000] });
    const cfs = (
      ws as unknown as { conditionalFormattings: { ref: string; rules: { priority: number; formulae?: string[] }[] }[] }
    ).conditionalFormattings;
    // the new paint rule first, as Excel puts a rule it adds; the sheet's own after it
    expect(cfs.map((c) => [c.ref, c.rules[0].priority, c.rules[0].formulae])).toEqual([
      ['C5:C22', 2, ['C5>200']],
      ['D5:D7', 1, ['OR(D5<0,D5>100)']],
    ]);

    const fake = await seedFake(await copyBook(pastedBook()));
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(SHEET).getRange('D5:D22').dataValidation.rule = {
        decimal: { formula1: 0, formula2: 1000, operator: 'Between' },
      } as never;
      await ctx.sync();
    });
    const r = await createOfficeHost({ rubric, run: fake.run, isSetSupported: fake.isSetSupported }).run(
      writes([RULES]),
      undefined
    );
    expect(r.ok).toBe(true);
    const view = fake.sheet(SHEET);
    expect(view.validations.map((v) => [v.range, Object.keys(v.rule as object)[0]])).toEqual([
      ['D8:D22', 'decimal'],
      ['D5:D7', 'wholeNumber'],
    ]);
    expect(view.validations[1]).toMatchObject({
      errorAlert: { style: 'Warning', title: '超過配分' },
      prompt: { title: '自評' },
      ignoreBlanks: true,
    });
    expect(view.conditionalFormats).toEqual([
      expect.objectContaining({
        range: 'D5:D7',
        type: 'Custom',
        formula: '=OR(D5<0,D5>100)',
        fill: '#FFC7CE',
        fontColor: '#9C0006',
      }),
    ]);
  });
});

/* ------------------------------------------------------------------------------------------------------------
 * The written file, judged by others
 * ---------------------------------------------------------------------------------------------------------- */

/**
 * The next period's workbook as the .xlsx host writes it: SelfScores (four areas) moved to the next period's
 * sheet, the earlier one keeping its own; its cells checked by the layout's rules. SUM(SelfScores) on the totals
 * sheet and on each scorecard sheet show which name each reads.
 */
async function nextPeriodFile(): Promise<Buffer> {
  const book = await copyBook(bookWithValidation());
  pastedSheet(book.wb.addWorksheet(NEXT), NEXT_SCORES);
  for (const s of [SHEET, NEXT])
    book.wb.getWorksheet(s)!.getCell('F1').value = { formula: 'SUM(SelfScores)' } as ExcelJS.CellFormulaValue;
  const r = runOnBook(book, writes([...MOVE, RULES]), undefined);
  if (!r.ok) throw new Error(r.error.en);
  return saveBook(book);
}

function tempFile(data: Buffer, name: string): string {
  const file = uniqueTempPath(name);
  fs.writeFileSync(file, data);
  return file;
}

const withValidator = requireOoxmlValidator('areas and scopes (xlsx)') ? describe : describe.skip;

withValidator('areas and scopes: the file is valid', () => {
  it('with names of several areas, a sheet-scoped name and rules on an existing sheet, and once saved again', async () => {
    const first = await nextPeriodFile();
    const again = await saveBook(await loadBook(first, 'next.xlsx'));
    expect(await ooxmlViolations({ written: first, resaved: again })).toEqual([]);
  });
});

/** Every defined name, with its scope and the (sheet, range) of each area, as openpyxl reads them. */
const OPENPYXL_NAMES = String.raw`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
dn = wb.defined_names
if hasattr(dn, 'definedName'):  # openpyxl < 3.1
    names = [(d, d.localSheetId) for d in dn.definedName]
else:
    names = [(d, None) for d in dn.values()]
    for i, ws in enumerate(wb.worksheets):
        names += [(d, i) for d in ws.defined_names.values()]
out = [{'name': d.name, 'localSheetId': local, 'destinations': [[s, r] for s, r in d.destinations]} for d, local in names]
ws = wb[sys.argv[2]]
out.append({'validations': sorted([str(v.sqref), v.type, v.errorStyle] for v in ws.data_validations.dataValidation)})
out.append({'values': [ws[a].value for a in sys.argv[3].split(',')]})
print(json.dumps(out, ensure_ascii=False))
`;

const withOpenpyxl = requireOpenpyxl('areas and scopes (xlsx)') ? describe : describe.skip;

withOpenpyxl('areas and scopes: openpyxl', () => {
  it('reads each area of the names, the sheet-scoped name with its localSheetId, the rules, and the scores unchanged', async () => {
    const file = tempFile(await nextPeriodFile(), 'next.xlsx');
    const out = JSON.parse(await runPython(OPENPYXL_NAMES, [file, SHEET, CELLS.join(',')])) as unknown[];
    const areas = (sheet: string) => AREAS.map((a) => [sheet, absRange(...corners(a))]);
    expect(out).toEqual([
      { name: 'SelfScores', localSheetId: null, destinations: areas(NEXT) },
      { name: 'SelfScores', localSheetId: 0, destinations: areas(SHEET) },
      {
        validations: [
          ['D5:D7', 'whole', 'warning'],
          ['D8:D22', 'decimal', null],
        ],
      },
      { values: SCORES },
    ]);
  });
});

const withLibreOffice = requireLibreOffice('areas and scopes (xlsx)') ? describe : describe.skip;

withLibreOffice('areas and scopes: LibreOffice', () => {
  it(
    'SUM(SelfScores) adds the 12 cells of the four areas; on the earlier sheet it reads that sheet’s own name',
    async () => {
      const out = await recalc(tempFile(await nextPeriodFile(), 'next.xlsx'));
      const lo = await readEvaluated(out);
      // the workbook's name: the next period's 12 cells, not D8 or the header cells between the areas
      expect(lo.value(TOTALS, 'A1')).toBe(NEXT_TOTAL);
      expect(lo.value(NEXT, 'F1')).toBe(NEXT_TOTAL);
      // the earlier sheet's own name, after the workbook's moved away
      expect(lo.value(SHEET, 'F1')).toBe(TOTAL);
      // as LibreOffice writes the names back: the workbook's on the next period, the sheet's own on the earlier one
      const workbook = await (await JSZip.loadAsync(fs.readFileSync(out))).file('xl/workbook.xml')!.async('string');
      const names = [...workbook.matchAll(/<definedName ([^>]*)>([^<]*)<\/definedName>/g)]
        .filter((m) => /name="SelfScores"/.test(m[1]))
        .map((m) => [/localSheetId="(\d+)"/.exec(m[1])?.[1] ?? null, m[2].replace(/&apos;/g, "'")]);
      expect(names).toHaveLength(2);
      expect(names).toEqual(
        expect.arrayContaining([
          [null, areasFormula(NEXT)],
          ['0', areasFormula(SHEET)],
        ])
      );
      expect(CELLS.map((a) => lo.value(SHEET, a))).toEqual(SCORES);
    },
    LIBREOFFICE_TEST_TIMEOUT_MS
  );
});
