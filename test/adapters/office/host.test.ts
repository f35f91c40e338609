import { MAX_COLS, MAX_ROWS, type Rect, parseArea, parseRange, rangeAddr, rectsIntersect } from '../../../src/domain/a1';
import { RUBRIC_114 } from '../../../src/domain/defaultRubric';
import { flatten } from '../../../src/domain/rubric';
import { STATUS } from '../../../src/domain/tracking';
import { NAMES, SHEET_NAMES } from '../../../src/contract';
import { TAIPEI_PLAN_114 } from '../../../src/examples/taipeiPlan';
import { TRACKING_SIGN_OFF } from '../../../src/layouts/tracking';
import { buildWorkbook } from '../../../src/layouts/workbook';
import type { SheetLayout } from '../../../src/layouts/types';
import { check, insertTemplates, track, type InsertInput, type ReadSpec } from '../../../src/operations';
import { missingName } from '../../../src/operations/messages';
import { createOfficeHost } from '../../../src/adapters/office/host';
import { readSnapshot } from '../../../src/adapters/office/read';
import { PROTECTED, missingSheet } from '../../../src/adapters/office/explain';
import { charsToPoints } from '../../../src/adapters/office/convert';
import { type Features, renderSheet } from '../../../src/adapters/office/render';
import { type FakeExcel, createFakeExcel, installFakeExcelGlobals } from '../../support/fakeExcel';
import { BLANK_INPUT, EXAMPLE_INPUT } from '../../support/books';

/**
 * The Office.js host against the fake Excel: what lands where, and how many round trips it takes.
 * Reading a snapshot is one trip for the sheets and names, and one more for the ranges when the operation
 * asks for any; applying a plan is one more. The counts are exact: a change in them is a change in how
 * long the user waits on Excel on the web.
 */

const S = SHEET_NAMES;
const T = S.tracking;
const TAITUNG = EXAMPLE_INPUT;
const BLANK = BLANK_INPUT;
const RUBRIC = { rubric: RUBRIC_114 };

function setup(opts: { api?: string } = {}) {
  const fake = createFakeExcel({ api: opts.api });
  const host = createOfficeHost({ rubric: RUBRIC_114, run: fake.run, isSetSupported: fake.isSetSupported });
  return { fake, host };
}

const ALL_FEATURES: Features = {
  validation: true,
  print: true,
  conditionalFormats: true,
  sheetView: true,
  names: true,
  mergedAreas: true,
};

/**
 * A worksheet that only records which ranges are merged and which have their cell format touched, in
 * order; everything else it accepts and ignores. Whole rows and columns (widths, heights) are not cell formats.
 */
function recordingSheet() {
  const log: { kind: 'merge' | 'format'; address: string; rect?: Rect }[] = [];
  const anything: unknown = new Proxy(() => undefined, {
    get: () => anything,
    apply: () => anything,
    set: () => true,
  });
  const range = (address: string) =>
    new Proxy(
      {},
      {
        get(_, prop) {
          if (prop === 'merge') return () => log.push({ kind: 'merge', address });
          if (prop === 'format') {
            const rect = parseArea(address);
            const whole = !rect || rect.right - rect.left + 1 === MAX_COLS || rect.bottom - rect.top + 1 === MAX_ROWS;
            if (!whole) log.push({ kind: 'format', address, rect });
          }
          return anything;
        },
        set: () => true,
      }
    );
  const ws = new Proxy(
    {},
    {
      get: (_, prop) => (prop === 'getRange' ? (address: string) => range(address) : anything),
      set: () => true,
    }
  ) as Excel.Worksheet;
  return { ws, log };
}

/** A workbook with the example templates, counters reset. */
async function inserted(input: InsertInput = TAITUNG) {
  const s = setup();
  const r = await s.host.run(insertTemplates, input);
  if (!r.ok) throw new Error(r.error.en);
  s.fake.resetCounters();
  return s;
}

const layoutOf = (input: InsertInput) => buildWorkbook({ ...input, sheetNames: S }).sheets;
const lastCell = (l: SheetLayout) => rangeAddr(1, 1, l.rows.length, l.rows[0].length);
const nameOf = (fake: FakeExcel, name: string) => fake.names().find((n) => n.name === name);
/** Every round trip went through: nothing was sent that Excel refused (a request on a null object fails its sync). */
const noFailedSync = (fake: FakeExcel) => expect(fake.syncLog.filter((s) => s.error)).toEqual([]);
/** The summary row of Findings for the criterion at 1-based position `item`. */
const findingsRow = (fake: FakeExcel, item: number) => parseRange(nameOf(fake, NAMES.findings)!.range).top + item;

describe('insertTemplates', () => {
  it('reads the names and sheets in one trip, writes every sheet at A1 as one 2-D array in the second', async () => {
    const { fake, host } = setup();
    const r = await host.run(insertTemplates, TAITUNG);
    if (!r.ok) throw new Error(r.error.en);
    // insertTemplates asks for no ranges, so its read is the one trip for names and sheets
    expect(r.syncs).toBe(2);
    expect(fake.syncs).toBe(2);
    expect(r.value).toMatchObject({ sheets: S, renamed: [], namesKept: [] });
    expect(fake.sheetNames()).toEqual(['Sheet1', S.plan, S.scorecard, S.summary, S.tracking]);

    for (const l of layoutOf(TAITUNG)) {
      const writes = fake.writes.filter((w) => w.sheet === l.name && w.kind !== 'numberFormat');
      expect(writes).toEqual([expect.objectContaining({ address: lastCell(l), kind: 'formulas', sync: 2 })]);
      // every formula cell of every sheet holds the layout's formula with its "="
      l.rows.forEach((row, i) =>
        row.forEach((c, j) => {
          if (c && typeof c === 'object')
            expect(fake.cell(l.name, rangeAddr(i + 1, j + 1, i + 1, j + 1)).formula).toBe(`=${c.formula}`);
        })
      );
    }
    // The example's plan is the Taipei office's own, titled so; the scorecard is Taitung's.
    expect(fake.cell(S.plan, 'A1').value).toBe('台電公司台北市區營業處114年度提升服務效能執行計畫');
    expect(fake.cell(S.scorecard, 'E5')).toMatchObject({ value: 95, type: 'Double' });
    expect(fake.cell(S.scorecard, 'E16')).toMatchObject({ value: 46, type: 'Double' });
    expect(fake.cell(S.scorecard, 'F5').formula).toMatch(/^=IF\(.*E5.*C5/);
    expect(fake.cell(S.scorecard, 'E2').formula).toBe('=SUM(F5:F16)');
    expect(fake.cell(S.summary, 'F4').formula).toBe("=SUM('考核評分表'!F5:F7)");
    expect(fake.cell(S.summary, 'F8').formula).toBe('=SUM(F4:F7)');

    expect(fake.names().map((n) => [n.name, n.sheet, n.range])).toEqual([
      ['PlanActions', S.plan, 'A14:E52'],
      ['ScoreCaps', S.scorecard, 'C5:C16'],
      ['SelfScores', S.scorecard, 'E5:E16'],
      ['OfficeName', S.scorecard, 'B3'],
      ['RocYear', S.scorecard, 'D3'],
      ['Period', S.scorecard, 'F3'],
      ['DimensionTotals', S.summary, 'F4:F7'],
      ['TotalScore', S.summary, 'F8'],
      ['Findings', S.summary, 'A12:F24'],
      ['ImprovementTracking', S.tracking, 'A4:G8'],
    ]);
    // calculation was suspended while the sheets were written
    expect(fake.syncLog[1].calculationSuspended).toBe(true);
    expect(fake.active()?.sheet).toBe(S.plan);
    noFailedSync(fake);
  });

  it('renders what the layout says: formats, widths, merges, validation, conditional formats, print, freeze, tab', async () => {
    const { fake } = await inserted();
    const layout = layoutOf(TAITUNG).find((l) => l.key === 'scorecard')!;
    const sc = fake.sheet(S.scorecard);

    const scoresStyle = layout.formats.filter((f) => f.range === 'E5:E16').pop()!.style;
    const e5 = fake.cell(S.scorecard, 'E5');
    expect(e5.format).toMatchObject({
      fill: scoresStyle.fill,
      bold: true,
      size: scoresStyle.fontSize,
      hAlign: 'Center',
      vAlign: 'Center',
    });
    expect(e5.format.borders?.top).toEqual({ style: 'Continuous', weight: 'Thin', color: '#8A8886' });
    expect(e5.numberFormat).toBe(scoresStyle.numberFormat ?? 'General');
    expect(sc.columnWidth('A')).toBe(charsToPoints(layout.columnWidths[0]));
    expect(sc.columnWidth('D')).toBe(charsToPoints(layout.columnWidths[3]));
    expect(sc.rowHeight(1)).toBe(layout.rowHeights[1]);
    expect(sc.merges).toEqual(expect.arrayContaining(layout.merges));
    expect(sc.validations.filter((v) => /^E\d+$/.test(v.range))).toHaveLength(12);
    expect(sc.validations.find((v) => v.range === 'E5')).toEqual({
      range: 'E5',
      rule: { decimal: { formula1: 0, formula2: 100, operator: 'Between' } },
      ignoreBlanks: true,
      prompt: { showPrompt: true, title: '自評', message: expect.stringContaining('0 到 100') },
      errorAlert: { showAlert: true, style: 'Stop', title: '分數超出範圍', message: expect.any(String) },
    });
    expect(sc.conditionalFormats).toEqual(
      layout.conditionalFormats.map((c) =>
        expect.objectContaining({
          range: c.range,
          type: 'Custom',
          formula: `=${c.formula}`,
          fill: c.fill,
          fontColor: c.fontColor,
        })
      )
    );
    expect(sc.pageLayout).toMatchObject({
      orientation: 'Portrait',
      paperSize: 'A4',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printTitleRows: '$4:$4',
      centerFooter: layout.print.footer,
    });
    expect(sc.freezeRows).toBe(layout.freezeRows);
    expect(sc.tabColor).toBe(layout.tabColor);
    expect(fake.sheet(S.summary).pageLayout.orientation).toBe('Landscape');
    // the tracking sheet's bookkeeping columns are hidden
    expect(fake.sheet(T).columnHidden('F')).toBe(true);
    expect(fake.sheet(T).columnHidden('G')).toBe(true);
    expect(fake.sheet(T).columnHidden('E')).toBe(false);
  });

  it('merges before it formats: every merged area is merged before any of its cells is formatted', () => {
    // Excel on the web drops the formats of cells that a later merge covers. The fake cannot show the
    // difference (its merge copies the top-left format, and every merged area of the templates is formatted
    // alike), so the order of the requests is recorded instead.
    for (const layout of layoutOf(TAITUNG)) {
      const { ws, log } = recordingSheet();
      renderSheet(ws, layout, ALL_FEATURES, () => undefined);
      expect(layout.merges.length).toBeGreaterThan(0);
      for (const m of layout.merges) {
        const area = parseRange(m);
        const merged = log.findIndex((e) => e.kind === 'merge' && e.address === m);
        const formatted = log.findIndex((e) => e.kind === 'format' && e.rect && rectsIntersect(e.rect, area));
        expect(merged).toBeGreaterThanOrEqual(0);
        expect(formatted).toBeGreaterThan(merged);
      }
    }
  });

  it('a merged title keeps its look across the area', async () => {
    const { fake } = await inserted();
    const title = layoutOf(TAITUNG)
      .find((l) => l.key === 'scorecard')!
      .formats.find((f) => f.range === 'A1:E1')!.style;
    expect(fake.sheet(S.scorecard).merges).toContain('A1:E1');
    expect(fake.cell(S.scorecard, 'A1').format).toMatchObject({
      bold: title.bold,
      size: title.fontSize,
      fontColor: title.fontColor,
    });
    expect(fake.cell(S.scorecard, 'E1').format).toEqual(fake.cell(S.scorecard, 'A1').format);
    expect(fake.cell(S.summary, 'E8').format.borders?.right).toEqual({ style: 'Continuous', weight: 'Thin', color: '#8A8886' });
  });

  it('inserting twice makes "(2)" sheets, keeps the first names, and points the new formulas at the new sheets', async () => {
    const { fake, host } = await inserted(BLANK);
    const first = fake.names();
    const r = await host.run(insertTemplates, TAITUNG);
    if (!r.ok) throw new Error(r.error.en);
    expect(r.syncs).toBe(2);
    expect(r.value.sheets).toEqual({
      plan: '執行計畫 (2)',
      scorecard: '考核評分表 (2)',
      summary: '彙整表 (2)',
      tracking: '改善追蹤 (2)',
    });
    expect(r.value.renamed).toEqual(['plan', 'scorecard', 'summary', 'tracking']);
    expect(r.value.namesKept).toEqual(first.map((n) => n.name));
    expect(r.value.summary.zh).toContain('SelfScores');
    expect(r.value.summary.en).toContain('kept');
    expect(fake.names()).toEqual(first);
    expect(fake.cell('彙整表 (2)', 'F4').formula).toBe("=SUM('考核評分表 (2)'!F5:F7)");
    expect(fake.cell('考核評分表 (2)', 'E5').value).toBe(95);
    noFailedSync(fake);
  });

  it('takes a free sheet name without regard to case', async () => {
    const { fake, host } = setup();
    fake.addSheet('考核評分表');
    fake.addSheet('改善追蹤 (2)');
    fake.addSheet('改善追蹤');
    const r = await host.run(insertTemplates, BLANK);
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.sheets).toMatchObject({ scorecard: '考核評分表 (2)', tracking: '改善追蹤 (3)' });
    expect(r.value.renamed).toEqual(['scorecard', 'tracking']);
    expect(fake.cell(S.summary, 'F4').formula).toBe("=SUM('考核評分表 (2)'!F5:F7)");
  });

  it('takes the same two trips with a 500-row plan, in one array per sheet, well under the 5 MB limit', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ ...TAIPEI_PLAN_114.rows[i % TAIPEI_PLAN_114.rows.length] }));
    const { fake, host } = setup();
    const r = await host.run(insertTemplates, { ...TAITUNG, planExample: { ...TAIPEI_PLAN_114, rows } });
    expect(r).toMatchObject({ ok: true, syncs: 2 });
    const planWrites = fake.writes.filter((w) => w.sheet === S.plan && w.kind === 'formulas');
    expect(planWrites).toHaveLength(1);
    expect(planWrites[0].rows).toBeGreaterThan(500);
    const actions = parseRange(nameOf(fake, NAMES.planActions)!.range);
    expect(actions.bottom - actions.top).toBe(500);
    expect(Math.max(...fake.syncLog.map((s) => s.requestBytes))).toBeLessThan(5 * 1024 * 1024);
  });

  it('without ExcelApi 1.8 skips data validation and print setup, still paints bad scores', async () => {
    const { fake, host } = setup({ api: '1.7' });
    expect(host.capabilities()).toEqual({ dataValidation: false, print: false });
    const r = await host.run(insertTemplates, TAITUNG);
    expect(r).toMatchObject({ ok: true, syncs: 2 });
    expect(fake.sheet(S.scorecard).validations).toEqual([]);
    expect(fake.sheet(S.plan).validations).toEqual([]);
    expect(fake.sheet(S.scorecard).conditionalFormats.length).toBeGreaterThan(0);
    expect(fake.sheet(S.scorecard).pageLayout.paperSize).toBe('Letter'); // pageLayout needs 1.9: untouched
    expect(fake.sheet(S.scorecard).freezeRows).toBe(4);
    noFailedSync(fake);
  });

  it('with ExcelApi 1.8 validates but leaves print setup alone', async () => {
    const { fake, host } = setup({ api: '1.8' });
    expect(host.capabilities()).toEqual({ dataValidation: true, print: false });
    await host.run(insertTemplates, BLANK);
    expect(fake.sheet(S.scorecard).validations.length).toBeGreaterThanOrEqual(12);
    expect(fake.sheet(S.scorecard).pageLayout.printTitleRows).toBeUndefined();
  });

  it('an Excel failure comes back as a bilingual message with the trips it took; nothing rejects', async () => {
    const { fake, host } = setup();
    fake.failNextSync('GeneralException', 'boom');
    const r = await host.run(insertTemplates, BLANK);
    expect(r).toMatchObject({ ok: false, syncs: 1, error: { en: expect.stringMatching(/general error.*boom/) } });
    expect(fake.sheetNames()).toEqual(['Sheet1']);
  });

  it('the default host uses the Excel and Office globals', async () => {
    const g = globalThis as Record<string, unknown>;
    const fake = installFakeExcelGlobals(globalThis);
    try {
      const host = createOfficeHost({ rubric: RUBRIC_114 });
      expect(host.capabilities()).toEqual({ dataValidation: true, print: true });
      expect(await host.run(insertTemplates, BLANK)).toMatchObject({ ok: true, syncs: 2 });
      expect(await host.run(check, RUBRIC)).toMatchObject({ ok: true, syncs: 2 });
      expect(fake.syncs).toBe(4);
    } finally {
      delete g.Excel;
      delete g.Office;
      delete g.OfficeExtension;
    }
  });

  it('outside Office it says so instead of failing with a ReferenceError', async () => {
    const host = createOfficeHost({ rubric: RUBRIC_114 });
    expect(host.capabilities()).toEqual({ dataValidation: false, print: false });
    const r = await host.run(check, RUBRIC);
    expect(r).toMatchObject({ ok: false, syncs: 0, error: { en: expect.stringContaining('inside Excel') } });
  });
});

describe('check', () => {
  it('reads the names, then SelfScores, ScoreCaps and whose form it is: two trips, nothing written', async () => {
    const { fake, host } = await inserted();
    const r = await host.run(check, RUBRIC);
    expect(r.syncs).toBe(2);
    expect(fake.syncs).toBe(2);
    expect(fake.writes).toEqual([]);
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value).toMatchObject({ valid: true, entered: 12, total: 939, scores: { sheet: S.scorecard, range: 'E5:E16' } });
    expect(r.value.dimensions.map((d) => d.total)).toEqual([285, 381, 136, 137]);
    expect(r.value.meta).toEqual({ office: '台東區營業處', rocYear: 114, period: 'H1' });
  });

  it('finds every kind of problem a typed value can have, with its address', async () => {
    const { fake, host } = await inserted(BLANK);
    const sc = S.scorecard;
    await fake.edit(sc, 'E5', '101'); // cap 100
    await fake.edit(sc, 'E6', '-5');
    await fake.edit(sc, 'E7', 'abc');
    await fake.edit(sc, 'E8', "'95"); // an apostrophe keeps it text
    await fake.edit(sc, 'E9', '９５');
    await fake.edit(sc, 'E10', '#N/A');
    await fake.edit(sc, 'E11', 'TRUE');
    fake.setCell(sc, 'E12', { formula: '=E5*2', value: 202 }); // cap 50
    fake.setCell(sc, 'E13', { formula: '=IF(E5>0,"","")', value: '' }); // a formula giving "" is text, not blank
    // a date-formatted number is a number, as the sheet's SUM counts it
    fake.setCell(sc, 'E14', { value: 45, numberFormat: 'yyyy/m/d' });
    fake.resetCounters();

    const r = await host.run(check, RUBRIC);
    expect(r.syncs).toBe(2);
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.valid).toBe(false);
    expect(r.value.problems.map((p) => [p.address, p.kind])).toEqual([
      ['E5', 'aboveCap'],
      ['E6', 'belowZero'],
      ['E7', 'text'],
      ['E8', 'numberAsText'],
      ['E9', 'fullWidthDigits'],
      ['E10', 'errorValue'],
      ['E11', 'boolean'],
      ['E12', 'formulaOutOfRange'],
      ['E13', 'text'],
    ]);
    expect(r.value.problems.every((p) => p.sheet === sc)).toBe(true);
    expect(r.value.problems[0].message.zh).toContain('考核評分表!E5');
    expect(r.value.criteria[9]).toMatchObject({ address: 'E14', status: 'scored', score: 45 });
    expect(r.value.entered).toBe(1);
    expect(r.value.total).toBe(45);
    expect(r.value.criteria.slice(10).map((c) => c.status)).toEqual(['blank', 'blank']);
  });

  it('reports a score cell merged into its neighbour (ExcelApi 1.13), in the same two trips', async () => {
    const { fake, host } = await inserted();
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(S.scorecard).getRange('E6:E7').merge(false);
      await ctx.sync();
    });
    fake.resetCounters();
    const r = await host.run(check, RUBRIC);
    expect(r.syncs).toBe(2);
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.problems.map((p) => [p.address, p.kind])).toEqual([['E7', 'merged']]);
  });

  it('follows the name when the sheet is renamed or rows are inserted above', async () => {
    const { fake, host } = await inserted();
    fake.renameSheet(S.scorecard, '自評');
    await fake.insertRows('自評', 3, 2);
    await fake.edit('自評', 'E7', '120');
    const r = await host.run(check, RUBRIC);
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.scores).toEqual({ sheet: '自評', range: 'E7:E18' });
    expect(r.value.problems).toEqual([expect.objectContaining({ sheet: '自評', address: 'E7', kind: 'aboveCap' })]);
  });

  it('a workbook whose score cells no longer fit the rubric is a message, not a wrong total', async () => {
    const { fake, host } = await inserted();
    // staff narrowed SelfScores in the Name Manager
    fake.deleteName(NAMES.selfScores);
    await fake.run(async (ctx) => {
      ctx.workbook.names.add(NAMES.selfScores, ctx.workbook.worksheets.getItem(S.scorecard).getRange('E5:E15'));
      await ctx.sync();
    });
    const r = await host.run(check, RUBRIC);
    expect(r).toMatchObject({ ok: false, syncs: 2, error: { en: expect.stringContaining('E5:E15') } });
  });

  it('turns "cell being edited" into a message, not a crash', async () => {
    const { fake, host } = await inserted();
    fake.setCellEditMode(true);
    const r = await host.run(check, RUBRIC);
    expect(r).toMatchObject({ ok: false, syncs: 1, error: { en: expect.stringMatching(/Press Enter or Esc/) } });
  });
});

describe('readSnapshot: rows above a range', () => {
  const P = NAMES.planActions;
  const read = (fake: FakeExcel, spec: ReadSpec, f: Features = ALL_FEATURES) =>
    fake.run((ctx) => readSnapshot(ctx as never, () => ctx.sync(), spec, f));
  const TITLE = `台電公司${TAIPEI_PLAN_114.office}${TAIPEI_PLAN_114.rocYear}年度提升服務效能執行計畫`;

  it('come in the trip that reads the ranges: the same columns, up to row 1, the cells a line is merged over hidden', async () => {
    const { fake } = await inserted();
    const s = await read(fake, { ranges: [P], above: { [P]: 100 }, below: { [P]: 3 } });
    expect(fake.syncs).toBe(2);
    expect(fake.writes).toEqual([]);
    const up = s.above?.[P];
    expect(up?.rect).toEqual(parseRange('A1:E13'));
    expect(up?.cells[0][0]).toMatchObject({ kind: 'string', value: TITLE });
    expect(up?.cells[0].slice(1).every((c) => c.hidden)).toBe(true);
    expect(up?.cells[11][0].value).toBe('伍、執行策略及具體作法');
    expect(s.ranges[P]?.rect.top).toBe(14);
    expect(s.below[P]?.rect.top).toBe(s.ranges[P]!.rect.bottom + 1);
  });

  it('follow the name when rows are inserted above; none for a range at row 1; without ExcelApi 1.13 nothing is hidden', async () => {
    const { fake } = await inserted();
    await fake.insertRows(S.plan, 3, 2);
    fake.resetCounters();
    const s = await read(fake, { ranges: [P], above: { [P]: 5 } }, { ...ALL_FEATURES, mergedAreas: false });
    expect(fake.syncs).toBe(2);
    expect(s.above?.[P]?.rect).toEqual(parseRange('A11:E15'));
    // 參's paragraph, 肆 and its paragraph, 伍 and its paragraph: the five lines right above the table
    const [, , three, four, five] = TAIPEI_PLAN_114.sections;
    expect(s.above?.[P]?.cells.map((r) => r[0].value)).toEqual([
      three.paragraphs[0],
      four.heading,
      four.paragraphs[0],
      five.heading,
      five.paragraphs[0],
    ]);
    expect(s.above?.[P]?.cells.flat().some((c) => c.hidden)).toBe(false);

    await fake.run(async (ctx) => {
      ctx.workbook.names.add('Top', ctx.workbook.worksheets.getItem(S.plan).getRange('A1:E2'));
      await ctx.sync();
    });
    const top = await read(fake, { ranges: ['Top'], above: { Top: 5 } });
    expect(top.ranges.Top?.rect).toEqual(parseRange('A1:E2'));
    expect(top.above).toEqual({});
  });
});

describe('no request is ever made on something that is not there', () => {
  // Each case must end in the bilingual message naming the missing name (src/operations/messages.ts),
  // with no failed round trip: a request on a null object would fail its sync with InvalidArgument
  // and reach the user as "Excel rejected a range or value".

  it('a workbook without the names: check and track say which name is missing', async () => {
    const { fake, host } = setup();
    const c = await host.run(check, RUBRIC);
    expect(c).toEqual({ ok: false, syncs: 1, error: missingName(NAMES.selfScores) });
    const t = await host.run(track, RUBRIC);
    // track looks for a tracking table on every sheet before it finds Findings missing
    expect(t).toEqual({ ok: false, syncs: 2, error: missingName(NAMES.findings) });
    noFailedSync(fake);
    expect(fake.writes).toEqual([]);
  });

  it('names left pointing at a deleted sheet (#REF!): check and track name them', async () => {
    const { fake, host } = await inserted();
    fake.deleteSheet(S.scorecard);
    fake.deleteSheet(S.summary);
    expect(nameOf(fake, NAMES.selfScores)).toMatchObject({ sheet: '#REF!' });
    const broken = (name: string) => missingName(name, { name, refersTo: '=#REF!' });

    const c = await host.run(check, RUBRIC);
    // nothing of what check reads is left, so there is no second trip
    expect(c).toEqual({ ok: false, syncs: 1, error: broken(NAMES.selfScores) });
    expect(c.ok || c.error.en).toContain('refers to "=#REF!"');
    const t = await host.run(track, RUBRIC);
    expect(t).toEqual({ ok: false, syncs: 2, error: broken(NAMES.findings) });
    noFailedSync(fake);
    expect(fake.writes).toEqual([]);
  });

  it('insertTemplates replaces names left broken by a deleted sheet and keeps the ones still in use', async () => {
    const { fake, host } = await inserted();
    fake.deleteSheet(S.scorecard);
    const r = await host.run(insertTemplates, BLANK);
    if (!r.ok) throw new Error(r.error.en);
    expect(r.syncs).toBe(2);
    noFailedSync(fake);
    // the scorecard's name is free again; the other sheets' names are taken
    expect(r.value.sheets).toEqual({
      plan: '執行計畫 (2)',
      scorecard: S.scorecard,
      summary: '彙整表 (2)',
      tracking: '改善追蹤 (2)',
    });
    expect(r.value.namesKept).toEqual(['PlanActions', 'DimensionTotals', 'TotalScore', 'Findings', 'ImprovementTracking']);
    expect(nameOf(fake, NAMES.selfScores)).toMatchObject({ sheet: S.scorecard, range: 'E5:E16' });
    expect(nameOf(fake, NAMES.findings)).toMatchObject({ sheet: S.summary });
    expect(fake.names().filter((n) => n.sheet === '#REF!')).toEqual([]);
    expect(await host.run(check, RUBRIC)).toMatchObject({ ok: true, syncs: 2 });
  });

  it('a deleted tracking sheet (its name left at #REF!) is built again, its name replaced', async () => {
    const { fake, host } = await inserted();
    fake.deleteSheet(T);
    const r = await host.run(track, RUBRIC);
    if (!r.ok) throw new Error(r.error.en);
    // names; every sheet's top-left block, to look for a table whose name was lost; the new sheet
    expect(r.syncs).toBe(3);
    noFailedSync(fake);
    expect(r.value).toMatchObject({ sheet: T, created: true, rows: 4 });
    expect(nameOf(fake, NAMES.tracking)).toMatchObject({ sheet: T, range: 'A4:G8' });
    expect(fake.names().filter((n) => n.name === NAMES.tracking)).toHaveLength(1);
  });

  it('select goes only to a sheet known to exist', async () => {
    const { fake, host } = await inserted();
    fake.deleteSheet(S.scorecard);
    const r = await host.select(S.scorecard, 'E5');
    expect(r).toEqual({ ok: false, syncs: 1, error: missingSheet(S.scorecard) });
    noFailedSync(fake);
  });
});

describe('track', () => {
  const column = (fake: FakeExcel, col: string, from: number, to: number) =>
    fake.values(T, `${col}${from}:${col}${to}`).map((r) => String(r[0]).split('.')[0]);

  it('builds the tracking sheet from the findings that carry a suggestion: items 1, 4, 7 and 11', async () => {
    const { fake, host } = await inserted();
    fake.deleteSheet(T);
    fake.deleteName(NAMES.tracking);
    fake.resetCounters();

    const r = await host.run(track, RUBRIC);
    if (!r.ok) throw new Error(r.error.en);
    // names; the meta cells, Findings and the top-left blocks scanned for a table; the new sheet
    expect(r.syncs).toBe(3);
    expect(fake.syncs).toBe(3);
    expect(r.value).toMatchObject({ sheet: T, created: true, rows: 4 });
    expect(column(fake, 'A', 5, 8)).toEqual(['1', '4', '7', '11']);
    expect(fake.cell(T, 'B5').value).toBe('區處所轄地廣人稀，編制較小，人力不足。');
    // Progress lived in the deleted sheet (the summary's 改善事項辦理情形 only shows it back): nothing to carry.
    expect(fake.cell(T, 'C5').value).toBe('');
    // the title refers to the cells that say whose form this is
    expect(fake.cell(T, 'A1').formula).toContain("'考核評分表'!$B$3");
    expect(nameOf(fake, NAMES.tracking)).toMatchObject({ sheet: T, range: 'A4:G8' });
    expect(fake.values(T, 'A10')).toEqual([[TRACKING_SIGN_OFF]]);
    expect(fake.active()?.sheet).toBe(T);
  });

  it('an up-to-date table is read in two trips and nothing is written', async () => {
    const { fake, host } = await inserted();
    const before = fake.values(T, 'A1:H12');
    const r = await host.run(track, RUBRIC);
    expect(r).toMatchObject({ ok: true, syncs: 2, value: { created: false, rows: 4 } });
    expect(r.ok && r.value.summary.en).toMatch(/up to date/);
    expect(fake.values(T, 'A1:H12')).toEqual(before);
    expect(fake.writes).toEqual([]);
  });

  it('rebuilds in place, keeping everything staff typed in the table and beside it', async () => {
    const { fake, host } = await inserted();
    // Rows 5–8 are items 1, 4, 7 and 11; the sign-off line is row 10.
    await fake.edit(T, 'D5', '=C5&"（續）"'); // a formula in the table: never blank, never replaced
    await fake.edit(T, 'A6', '4. 在地大戶溝通（自訂標題）'); // relabelled: still item 4 by its hidden key
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(T);
      ws.getRange('C6:D6').merge(false); // progress spread over remarks
      ws.getRange('D8').hyperlink = { address: 'https://example.com/minutes', textToDisplay: '會議紀錄' };
      await ctx.sync();
    });
    await fake.edit(T, 'D7', '3'); // a number in the table
    await fake.edit(T, 'H6', '=LEN(B6)'); // a formula beside the table
    await fake.edit(T, 'I7', '42'); // a number beside it
    await fake.edit(T, 'A12', '附註：本表每季更新'); // a note under the sign-off line
    // The findings gain a suggestion for item 2, and remarks the tool would put in blank cells only.
    // (set as text: typed into Excel, a leading "-" would start a formula)
    fake.setCell(S.summary, `D${findingsRow(fake, 2)}`, { value: '- 簡化線上申辦流程' });
    for (const item of [1, 4, 7, 11]) fake.setCell(S.summary, `F${findingsRow(fake, item)}`, { value: `備註 ${item}` });
    fake.resetCounters();

    const r = await host.run(track, RUBRIC);
    if (!r.ok) throw new Error(r.error.en);
    expect(r.syncs).toBe(3);
    expect(fake.syncs).toBe(3);
    noFailedSync(fake);
    expect(r.value).toMatchObject({ created: false, rows: 5 });
    expect(r.value.summary.zh).toContain('新增 1 列');
    expect(column(fake, 'A', 5, 9)).toEqual(['1', '2', '4', '7', '11']);
    expect(r.value.entries.map((e) => e.item.split('.')[0])).toEqual(['1', '2', '4', '7', '11']);
    // the new row, written as text although it starts with "-"
    expect(fake.cell(T, 'B6')).toMatchObject({ value: '- 簡化線上申辦流程', type: 'String' });
    expect(fake.cell(T, 'B6').formula).toBeUndefined();
    expect(fake.cell(T, 'A6').format.borders?.bottom?.style).toBe('Continuous');

    // item 1: the formula in its remarks stays a formula
    expect(fake.cell(T, 'D5').formula).toBe('=C5&"（續）"');
    // item 4, moved to row 7: its label kept, its merged progress cell kept whole with its text
    expect(fake.cell(T, 'A7').value).toBe('4. 在地大戶溝通（自訂標題）');
    expect(fake.sheet(T).merges).toContain('C7:D7');
    expect(fake.cell(T, 'C7').value).toBe('採用線上問券、電訪、或專人訪談以記錄用戶的回饋。');
    expect(fake.cell(T, 'D7').value).toBe(''); // hidden under the merge: not "blank", so not filled
    expect(fake.cell(T, 'H7').formula).toBe('=LEN(B7)');
    // item 7, moved to row 8: the number stays a number, beside it too
    expect(fake.cell(T, 'D8')).toMatchObject({ value: 3, type: 'Double' });
    expect(fake.cell(T, 'I8')).toMatchObject({ value: 42, type: 'Double' });
    // item 11, moved to row 9: the link stays
    expect(fake.cell(T, 'D9')).toMatchObject({ value: '會議紀錄', hyperlink: { address: 'https://example.com/minutes' } });
    // no other rows: the relabelled item was matched, not added again
    expect(fake.values(T, 'F5:F9').map((x) => x[0])).toEqual([
      'innovation.local',
      'innovation.simplify',
      'impact.local',
      'sustainability.local',
      'diffusion.simplify',
    ]);
    // everything below moved down one row, intact
    expect(fake.values(T, 'A10:E10')).toEqual([['', '', '', '', '']]);
    expect(fake.values(T, 'A11')).toEqual([[TRACKING_SIGN_OFF]]);
    expect(fake.cell(T, 'A11').format).toMatchObject({ bold: true, hAlign: 'Center' });
    expect(fake.cell(T, 'A13').value).toBe('附註：本表每季更新');
    expect(nameOf(fake, NAMES.tracking)).toMatchObject({ range: 'A4:G9' });
    expect(fake.sheet(T).columnHidden('F')).toBe(true);
    expect(fake.sheet(T).columnHidden('G')).toBe(true);
  });

  it('a table staff sorted stays in their order: a new row goes after the nearest earlier item', async () => {
    const { fake, host } = await inserted();
    const rows = fake.formulas(T, 'A5:G8');
    await fake.edit(T, 'A5:G8', [...rows].reverse()); // items 11, 7, 4, 1
    fake.setCell(S.summary, `D${findingsRow(fake, 2)}`, { value: '簡化線上申辦流程' });
    fake.setCell(S.summary, `D${findingsRow(fake, 5)}`, { value: '擴大線上申辦項目' });
    fake.resetCounters();

    const r = await host.run(track, RUBRIC);
    if (!r.ok) throw new Error(r.error.en);
    expect(r.syncs).toBe(3);
    // item 5 after item 4, item 2 after item 1; the rest where staff put them
    expect(column(fake, 'A', 5, 10)).toEqual(['11', '7', '4', '5', '1', '2']);
    expect(r.value.entries.map((e) => e.item.split('.')[0])).toEqual(['11', '7', '4', '5', '1', '2']);
    expect(fake.values(T, 'A12')).toEqual([[TRACKING_SIGN_OFF]]);
    expect(nameOf(fake, NAMES.tracking)).toMatchObject({ range: 'A4:G10' });
  });

  it('a changed suggestion with progress written is taken over and flagged in 狀態', async () => {
    const { fake, host } = await inserted();
    fake.setCell(S.summary, `D${findingsRow(fake, 4)}`, { value: '每季拜訪在地用電大戶。' });
    const r = await host.run(track, RUBRIC);
    if (!r.ok) throw new Error(r.error.en);
    expect(fake.cell(T, 'B6').value).toBe('每季拜訪在地用電大戶。');
    expect(fake.cell(T, 'E6').value).toBe(STATUS.updated);
    expect(fake.cell(T, 'C6').value).toBe('採用線上問券、電訪、或專人訪談以記錄用戶的回饋。');
  });

  it('writes a suggestion that starts with "=" as text', async () => {
    const { fake, host } = await inserted();
    fake.setCell(S.summary, `D${findingsRow(fake, 3)}`, { value: '=先檢討流程' });
    const r = await host.run(track, RUBRIC);
    expect(r.ok).toBe(true);
    const row = column(fake, 'A', 5, 9).indexOf('3');
    expect(fake.cell(T, `B${5 + row}`)).toMatchObject({ value: '=先檢討流程', type: 'String' });
    expect(fake.cell(T, `B${5 + row}`).formula).toBeUndefined();
  });

  it('a protected tracking sheet gives the bilingual PROTECTED message, and nothing is half-written', async () => {
    const { fake, host } = await inserted();
    await fake.edit(T, 'C6', '已於 5 月完成訓練');
    fake.setCell(S.summary, `D${findingsRow(fake, 2)}`, { value: '簡化線上申辦流程' });
    fake.setCell(S.summary, `D${findingsRow(fake, 4)}`, { value: '每季拜訪在地用電大戶。' });
    fake.protect(T);
    const names = fake.names();
    const sheet = fake.formulas(T, 'A1:I14');
    fake.resetCounters();

    const r = await host.run(track, RUBRIC);
    expect(r).toEqual({ ok: false, error: PROTECTED, syncs: 3 });
    expect(fake.formulas(T, 'A1:I14')).toEqual(sheet);
    expect(fake.names()).toEqual(names);
    expect(fake.sheet(T).merges).toEqual(['A1:D1', 'A2:D2', 'A3:D3', 'A10:D10']);
  });
});

describe('select', () => {
  it('activates the sheet and selects the cell: one trip to find the sheet, one to go there', async () => {
    const { fake, host } = await inserted();
    const r = await host.select(S.scorecard, 'E9');
    expect(r).toEqual({ ok: true, value: undefined, syncs: 2 });
    expect(fake.syncs).toBe(2);
    expect(fake.active()).toEqual({ sheet: S.scorecard, address: 'E9' });
  });

  it('a missing sheet or a bad address is a clear message', async () => {
    const { host } = setup();
    expect(await host.select('不存在', 'E9')).toEqual({ ok: false, syncs: 1, error: missingSheet('不存在') });
    expect(await host.select('Sheet1', 'not a cell')).toMatchObject({
      ok: false,
      syncs: 0,
      error: { zh: expect.stringContaining('not a cell') },
    });
  });
});

describe('what the host relies on in the fake', () => {
  it('loaded properties are readable only after load() and sync()', async () => {
    const fake = createFakeExcel();
    // reading too early is the point here, so the office-addins rules that forbid it are off

    await fake.run(async (context) => {
      const r = context.workbook.worksheets.getItem('Sheet1').getRange('A1');
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      r.load('values');
      expect(() => r.values).toThrow(/load method/);

      await context.sync();
      expect(r.values).toEqual([['']]);
    });
  });

  it('null in a 2-D array leaves a cell as it is, "" clears it, sizes must match', async () => {
    // a track rebuild writes only the cells it changes, with null (undefined in a plan) in between
    const fake = createFakeExcel();
    fake.setCell('Sheet1', 'A1', { value: 'keep' });
    fake.setCell('Sheet1', 'B1', { value: 'clear' });
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').formulas = [[null, '']];
      await context.sync();
    });
    expect(fake.values('Sheet1', 'A1:B1')).toEqual([['keep', '']]);
    const e = await fake
      .run(async (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').values = [[1]];
        await context.sync();
      })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'InvalidArgument', name: 'RichApi.Error' });
  });

  it('unsupported APIs fail with ApiNotFound; the installed globals look like Office', async () => {
    const fake = createFakeExcel({ api: '1.7' });
    const e = await fake
      .run(async (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').dataValidation.ignoreBlanks = true;
        await context.sync();
      })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ApiNotFound' });
    const target: Record<string, any> = {};
    installFakeExcelGlobals(target, fake);
    expect(target.Excel.InsertShiftDirection.down).toBe('Down');
    expect(target.Office.context.requirements.isSetSupported('ExcelApi', '1.7')).toBe(true);
    expect(target.Office.context.requirements.isSetSupported('ExcelApi', '1.8')).toBe(false);
    await expect(target.Office.onReady()).resolves.toMatchObject({ host: 'Excel' });
    target.Office.context.displayLanguage = 'en-US';
    expect(fake.displayLanguage).toBe('en-US');
  });
});

// the tests above assume the 12 criteria of 114, in this order
test('rubric shape assumed by these tests', () => {
  expect(flatten(RUBRIC_114).map((c) => c.cap)).toEqual([100, 100, 100, 140, 130, 130, 50, 50, 50, 50, 50, 50]);
});
