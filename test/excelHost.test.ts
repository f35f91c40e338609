import { parseRange, rangeAddr } from '../src/domain/a1';
import { RUBRIC_114 } from '../src/domain/defaultRubric';
import { UserError } from '../src/domain/message';
import { flatten } from '../src/domain/rubric';
import type { PlanExample } from '../src/examples/types';
import { TAIPEI_PLAN_114 } from '../src/examples/taipeiPlan';
import {
  changeTouches,
  charsToPoints,
  freeSheetName,
  isDateFormat,
  needsQuote,
  parseAreas,
  parseRecord,
  rawCellFrom,
  toFormulaCell,
} from '../src/hosts/office/convert';
import { createExcelHost } from '../src/hosts/office/excelHost';
import { PROTECTED, explain } from '../src/hosts/office/explain';
import { DEFAULT_SHEET_NAMES, TemplateOptions } from '../src/layouts/common';
import { SIGN_OFF } from '../src/layouts/summary';
import { SheetLayout } from '../src/layouts/types';
import { buildWorkbook } from '../src/layouts/workbook';
import { EXAMPLES } from '../src/examples';
import { createFakeExcel, installFakeExcelGlobals } from './support/fakeExcel';

const TAITUNG: TemplateOptions = { office: '台東區營業處', rocYear: 114, period: 'H1', example: true };
const BLANK: TemplateOptions = { ...TAITUNG, example: false };
const flat = flatten(RUBRIC_114);

function setup(opts: { api?: string; planExample?: PlanExample } = {}) {
  const fake = createFakeExcel({ api: opts.api });
  const host = createExcelHost({
    run: fake.run,
    isSetSupported: fake.isSetSupported,
    debounceMs: 5,
    now: () => new Date(0),
    planExample: opts.planExample,
    // The product fetches the examples as a separate chunk; jest loads them directly.
    loadExamples: async () => EXAMPLES,
  });
  return { fake, host };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const layoutOf = (o: TemplateOptions, sheetNames = DEFAULT_SHEET_NAMES) =>
  buildWorkbook({ rubric: RUBRIC_114, ...o, sheetNames, examples: EXAMPLES }).sheets;
const lastCell = (l: SheetLayout) => rangeAddr(1, 1, l.rows.length, l.rows[0].length);
const S = DEFAULT_SHEET_NAMES;

describe('insertTemplates', () => {
  it('writes every sheet at A1 as one 2-D array, with the title, the score cells and the total formulas', async () => {
    const { fake, host } = setup();
    const report = await host.insertTemplates(TAITUNG);

    expect(report.syncs).toBe(3);
    expect(fake.syncs).toBe(3);
    expect(report.sheets).toEqual(S);
    expect(report.renamed).toEqual([]);
    expect(report.namesKept).toEqual([]);
    expect(fake.sheetNames()).toEqual(['Sheet1', S.plan, S.scorecard, S.summary, S.tracking]);

    // one values/formulas assignment per sheet, covering the whole layout from A1, all in sync 2
    for (const l of layoutOf(TAITUNG)) {
      const writes = fake.writes.filter((w) => w.sheet === l.name && w.kind !== 'numberFormat');
      expect(writes).toEqual([expect.objectContaining({ address: lastCell(l), kind: 'formulas', sync: 2 })]);
    }

    expect(fake.cell(S.scorecard, 'A1').value).toBe('台東區營業處 114 年度 1 月至 6 月提升服務效能執行計畫考核項目及評分表');
    expect(fake.cell(S.plan, 'A1').value).toBe('台電公司台東區營業處114年度提升服務效能執行計畫');
    // SelfScores: the Taitung self-scores as numbers; beside them the formulas that count only valid ones
    expect(fake.cell(S.scorecard, 'E5')).toMatchObject({ value: 95, type: 'Double' });
    expect(fake.cell(S.scorecard, 'E16')).toMatchObject({ value: 46, type: 'Double' });
    // every formula cell of every sheet holds the layout's formula with its "="
    for (const l of layoutOf(TAITUNG)) {
      l.rows.forEach((row, i) =>
        row.forEach((c, j) => {
          if (c && typeof c === 'object') expect(fake.cell(l.name, rangeAddr(i + 1, j + 1, i + 1, j + 1)).formula).toBe(`=${c.formula}`);
        }),
      );
    }
    expect(fake.cell(S.scorecard, 'F5').formula).toMatch(/^=IF\(.*E5.*C5/);
    expect(fake.cell(S.scorecard, 'G5').formula).toMatch(/^=IF\(ISBLANK\(E5\),"未評分",/);
    expect(fake.cell(S.scorecard, 'E2').formula).toBe('=SUM(F5:F16)');
    // totals on the summary sheet point at the scorecard sheet
    expect(fake.cell(S.summary, 'F4').formula).toBe("=SUM('考核評分表'!F5:F7)");
    expect(fake.cell(S.summary, 'F7').formula).toBe("=SUM('考核評分表'!F14:F16)");
    expect(fake.cell(S.summary, 'F8').formula).toBe('=SUM(F4:F7)');

    expect(fake.names()).toEqual([
      expect.objectContaining({ name: 'PlanActions', sheet: S.plan }),
      { name: 'ScoreCaps', sheet: S.scorecard, range: 'C5:C16', comment: expect.any(String) },
      { name: 'SelfScores', sheet: S.scorecard, range: 'E5:E16', comment: expect.any(String) },
      { name: 'DimensionTotals', sheet: S.summary, range: 'F4:F7', comment: expect.any(String) },
      { name: 'TotalScore', sheet: S.summary, range: 'F8', comment: expect.any(String) },
      { name: 'Findings', sheet: S.summary, range: 'A12:F24', comment: expect.any(String) },
      { name: 'ImprovementTracking', sheet: S.tracking, range: 'A4:G8', comment: expect.any(String) },
    ]);
    // calculation was suspended while the sheets were written
    expect(fake.syncLog[1].calculationSuspended).toBe(true);
    expect(fake.active()?.sheet).toBe(S.plan);
  });

  it('renders what the layout says: formats, widths, merges, validation, conditional formats, print, freeze, tab', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    const layout = layoutOf(TAITUNG).find((l) => l.key === 'scorecard')!;
    const sc = fake.sheet(S.scorecard);

    const scoresStyle = layout.formats.filter((f) => f.range === 'E5:E16').pop()!.style;
    const e5 = fake.cell(S.scorecard, 'E5');
    expect(e5.format).toMatchObject({ fill: scoresStyle.fill, bold: true, size: scoresStyle.fontSize, hAlign: 'Center', vAlign: 'Center' });
    expect(e5.format.borders?.top).toEqual({ style: 'Continuous', weight: 'Thin', color: '#8A8886' });
    expect(e5.numberFormat).toBe(scoresStyle.numberFormat ?? 'General');
    expect(sc.columnWidth('A')).toBe(charsToPoints(layout.columnWidths[0]));
    expect(sc.columnWidth('D')).toBe(charsToPoints(layout.columnWidths[3]));
    expect(sc.rowHeight(1)).toBe(layout.rowHeights[1]);
    expect(sc.merges).toEqual(expect.arrayContaining(layout.merges));
    expect(sc.validations).toHaveLength(12);
    expect(sc.validations[0]).toEqual({
      range: 'E5',
      rule: { decimal: { formula1: 0, formula2: 100, operator: 'Between' } },
      ignoreBlanks: true,
      prompt: { showPrompt: true, title: '自評', message: expect.stringContaining('0 到 100') },
      errorAlert: { showAlert: true, style: 'Stop', title: '分數超出範圍', message: expect.any(String) },
    });
    expect(sc.conditionalFormats).toEqual([
      expect.objectContaining({ range: 'E5:E16', type: 'Custom', formula: `=${layout.conditionalFormats[0].formula}`, fill: '#FDE7E9', fontColor: '#A4262C' }),
      expect.objectContaining({ range: 'G5:G16', type: 'Custom' }),
    ]);
    expect(sc.pageLayout).toMatchObject({
      orientation: 'Portrait',
      paperSize: 'A4',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printTitleRows: '$4:$4',
      centerFooter: '第 &P 頁，共 &N 頁',
    });
    expect(sc.freezeRows).toBe(4);
    expect(sc.tabColor).toBe('#2B579A');
    const plan = fake.sheet(S.plan);
    expect(plan.validations.map((v) => Object.keys(v.rule as object)[0])).toEqual(['list', 'list', 'custom']);
    expect(plan.validations[1]).toMatchObject({ errorAlert: { style: 'Information' } });
    expect(plan.validations[2].rule).toEqual({ custom: { formula: expect.stringMatching(/^=OR\(E\d+="持續辦理",ISNUMBER\(E\d+\)\)$/) } });
    expect(fake.sheet(S.summary).pageLayout.orientation).toBe('Landscape');
    // the tracking sheet's bookkeeping columns are hidden
    expect(fake.sheet(S.tracking).columnHidden('F')).toBe(true);
    expect(fake.sheet(S.tracking).columnHidden('G')).toBe(true);
    expect(fake.sheet(S.tracking).columnHidden('E')).toBe(false);
  });

  it('records the sheets it made by id in the workbook settings', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(BLANK);
    const record = parseRecord(fake.settings()['scorecard.sheets']);
    expect(record.sheets.scorecard).toEqual({ id: fake.sheet(S.scorecard).id, name: S.scorecard });
    expect(record.inserted).toHaveLength(1);
  });

  it('inserting twice makes "(2)" sheets, keeps the first names, and points the new formulas at the new sheets', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(BLANK);
    const first = fake.names();
    const report = await host.insertTemplates(TAITUNG);

    expect(report.syncs).toBe(3);
    expect(report.sheets).toEqual({ plan: '執行計畫 (2)', scorecard: '考核評分表 (2)', summary: '彙整表 (2)', tracking: '改善追蹤 (2)' });
    expect(report.renamed).toEqual(['plan', 'scorecard', 'summary', 'tracking']);
    expect(report.namesKept).toEqual(['PlanActions', 'ScoreCaps', 'SelfScores', 'DimensionTotals', 'TotalScore', 'Findings', 'ImprovementTracking']);
    expect(report.summary.zh).toContain('SelfScores');
    expect(report.summary.en).toContain('kept');
    expect(fake.names()).toEqual(first);
    expect(fake.cell('彙整表 (2)', 'F4').formula).toBe("=SUM('考核評分表 (2)'!F5:F7)");
    expect(fake.cell('彙整表 (2)', 'F6').formula).toBe("=SUM('考核評分表 (2)'!F11:F13)");
    expect(fake.cell('考核評分表 (2)', 'E5').value).toBe(95);
    // the record still names the sheets the names point at, and remembers both insertions
    const record = parseRecord(fake.settings()['scorecard.sheets']);
    expect(record.sheets.scorecard?.name).toBe(S.scorecard);
    expect(record.inserted.map((i) => i.sheets.scorecard?.name)).toEqual([S.scorecard, '考核評分表 (2)']);
  });

  it('takes a free name without regard to case', async () => {
    expect(freeSheetName(['PLAN', 'plan (2)'], 'Plan')).toBe('Plan (3)');
    const { fake, host } = setup();
    fake.addSheet('考核評分表');
    const report = await host.insertTemplates(BLANK);
    expect(report.sheets.scorecard).toBe('考核評分表 (2)');
    expect(report.renamed).toEqual(['scorecard']);
    expect(fake.cell(S.summary, 'F4').formula).toBe("=SUM('考核評分表 (2)'!F5:F7)");
  });

  it('takes the same three syncs with a 500-row plan, in one array per sheet', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ ...TAIPEI_PLAN_114.rows[i % TAIPEI_PLAN_114.rows.length] }));
    const { fake, host } = setup({ planExample: { ...TAIPEI_PLAN_114, rows } });
    const report = await host.insertTemplates(TAITUNG);
    expect(report.syncs).toBe(3);
    const planWrites = fake.writes.filter((w) => w.sheet === S.plan && w.kind === 'formulas');
    expect(planWrites).toHaveLength(1);
    expect(planWrites[0].rows).toBeGreaterThan(500);
    const actions = fake.names().find((n) => n.name === 'PlanActions')!;
    const r = parseRange(actions.range);
    expect(r.bottom - r.top).toBe(500);
    expect(fake.payloadBytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('skips data validation without ExcelApi 1.8 but still paints bad scores with conditional formats', async () => {
    const { fake, host } = setup({ api: '1.7' });
    expect(host.capabilities()).toEqual({ dataValidation: false, invalidCells: false });
    const report = await host.insertTemplates(TAITUNG);
    expect(report.syncs).toBe(3);
    expect(fake.sheet(S.scorecard).validations).toEqual([]);
    expect(fake.sheet(S.plan).validations).toEqual([]);
    expect(fake.sheet(S.scorecard).conditionalFormats).toHaveLength(2);
    expect(fake.sheet(S.scorecard).pageLayout.paperSize).toBe('Letter'); // pageLayout needs 1.9: untouched
    expect(fake.sheet(S.scorecard).freezeRows).toBe(4);
    expect(report.summary.zh).toContain('ExcelApi 1.8');
    expect(report.summary.en).toContain('ExcelApi 1.9');
  });

  it('with ExcelApi 1.8 validates but leaves print setup alone', async () => {
    const { fake, host } = setup({ api: '1.8' });
    expect(host.capabilities()).toEqual({ dataValidation: true, invalidCells: false });
    await host.insertTemplates(BLANK);
    expect(fake.sheet(S.scorecard).validations).toHaveLength(12);
    expect(fake.sheet(S.scorecard).pageLayout.printTitleRows).toBeUndefined();
  });

  it('rejects with a bilingual UserError when Excel fails, and on invalid options', async () => {
    const { fake, host } = setup();
    fake.failNextSync('GeneralException', 'boom');
    const e = await host.insertTemplates(BLANK).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).detail.en).toMatch(/general error/);
    const bad = await host.insertTemplates({ ...BLANK, office: '' }).catch((x: unknown) => x);
    expect(bad).toBeInstanceOf(UserError);
    expect((bad as UserError).detail.zh).toContain('office');
  });
});

describe('check', () => {
  it('reads SelfScores in one sync and checks them', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    fake.resetCounters();
    const r = await host.check();
    expect(r.syncs).toBe(1);
    expect(fake.syncs).toBe(1);
    expect(r.ok && r.value).toMatchObject({ valid: true, entered: 12, total: 939 });
    expect(r.ok && r.value.dimensions.map((d) => d.total)).toEqual([285, 381, 136, 137]);
  });

  it('finds every kind of problem a typed value can have, with its address', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(BLANK);
    const sc = S.scorecard;
    await fake.edit(sc, 'E5', '101'); // cap 100
    await fake.edit(sc, 'E6', '-5');
    await fake.edit(sc, 'E7', 'abc');
    await fake.edit(sc, 'E8', "'95"); // an apostrophe keeps it text
    await fake.edit(sc, 'E9', '９５');
    await fake.edit(sc, 'E10', '#N/A');
    await fake.edit(sc, 'E11', 'TRUE');
    fake.setCell(sc, 'E12', { value: 45658, numberFormat: 'yyyy/m/d' });
    fake.setCell(sc, 'E13', { formula: '=E5*2', value: 202 }); // cap 50
    await fake.edit(sc, 'E14', '45');
    fake.resetCounters();

    const r = await host.check();
    expect(r.syncs).toBe(1);
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
      ['E12', 'date'],
      ['E13', 'formulaOutOfRange'],
    ]);
    expect(r.value.problems.every((p) => p.sheet === sc)).toBe(true);
    expect(r.value.problems[0].message.zh).toContain('考核評分表!E5');
    expect(r.value.entered).toBe(1);
    expect(r.value.total).toBe(45);
    expect(r.value.criteria.slice(10).map((c) => c.status)).toEqual(['blank', 'blank']);
  });

  it('follows the name when the sheet is renamed or rows are inserted above', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    fake.renameSheet(S.scorecard, '自評');
    await fake.insertRows('自評', 3, 2);
    await fake.edit('自評', 'E7', '120');
    const r = await host.check();
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.problems).toEqual([expect.objectContaining({ sheet: '自評', address: 'E7', kind: 'aboveCap' })]);
  });

  it('says clearly, in both languages, when SelfScores is missing', async () => {
    const { fake, host } = setup();
    const r = await host.check();
    expect(r).toMatchObject({ ok: false, syncs: 1 });
    if (r.ok) return;
    expect(r.error.zh).toContain('SelfScores');
    expect(r.error.zh).toContain('名稱管理員');
    expect(r.error.en).toContain('Name Manager');
    expect(fake.syncs).toBe(1);
  });

  it('turns "cell being edited" into a message, not a crash', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    fake.failNextSync('InvalidOperationInCellEditMode');
    const r = await host.check();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.en).toMatch(/Press Enter or Esc/);
  });
});

describe('watchScores', () => {
  async function watching(fake: ReturnType<typeof createFakeExcel>, host: ReturnType<typeof createExcelHost>) {
    const results: unknown[] = [];
    let wake: (() => void) | undefined;
    const next = () => new Promise<void>((r) => (wake = r));
    const stop = await host.watchScores((r) => {
      results.push(r);
      wake?.();
    });
    fake.resetCounters();
    return { results, next, stop };
  }

  it('a change outside SelfScores costs no sync at all', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    const w = await watching(fake, host);
    expect(fake.handlerCount(S.scorecard)).toBe(1);
    await fake.edit(S.scorecard, 'D5', '新的評分重點');
    await fake.edit(S.scorecard, 'F5:G16', Array.from({ length: 12 }, () => ['', '']));
    await fake.fireChange(S.scorecard, 'A1:D4');
    await sleep(30);
    expect(fake.syncs).toBe(0);
    expect(w.results).toEqual([]);
    await w.stop();
  });

  it('a multi-cell paste that overlaps SelfScores costs one sync and gives a result', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    const w = await watching(fake, host);
    const got = w.next();
    await fake.edit(S.scorecard, 'D4:E6', [
      ['評分重點', '自評'],
      ['x', '150'],
      ['y', '90'],
    ]);
    await got;
    expect(fake.syncs).toBe(1);
    expect(w.results).toHaveLength(1);
    const r = w.results[0] as Awaited<ReturnType<typeof host.check>>;
    expect(r.ok && r.value.problems.map((p) => [p.address, p.kind])).toEqual([['E5', 'aboveCap']]);
    await w.stop();
  });

  it('debounces a burst into one read', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    const w = await watching(fake, host);
    const got = w.next();
    await fake.edit(S.scorecard, 'E5', '1');
    await fake.edit(S.scorecard, 'E6', '2');
    await fake.edit(S.scorecard, 'E7', '3');
    await got;
    await sleep(20);
    expect(fake.syncs).toBe(1);
    expect(w.results).toHaveLength(1);
    await w.stop();
  });

  it('re-reads when rows are inserted above SelfScores, and follows it to its new place', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    const w = await watching(fake, host);
    let got = w.next();
    await fake.insertRows(S.scorecard, 2, 1);
    await got;
    const r = w.results[0] as Awaited<ReturnType<typeof host.check>>;
    expect(r.ok && r.value.criteria[0].address).toBe('E6');
    // the old first row is outside now; the new last row is inside
    fake.resetCounters();
    await fake.edit(S.scorecard, 'E5', '999');
    await sleep(20);
    expect(fake.syncs).toBe(0);
    got = w.next();
    await fake.edit(S.scorecard, 'E17', '999');
    await got;
    expect(fake.syncs).toBe(1);
    await w.stop();
  });

  it('stops: the handler is removed and later changes cost nothing', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    const w = await watching(fake, host);
    await w.stop();
    expect(fake.handlerCount()).toBe(0);
    fake.resetCounters();
    await fake.edit(S.scorecard, 'E5', '1');
    await sleep(20);
    expect(fake.syncs).toBe(0);
    expect(w.results).toEqual([]);
  });

  it('finds the sheet through the settings record when the name is gone, and reports the name missing', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    fake.deleteName('SelfScores');
    const w = await watching(fake, host);
    expect(fake.handlerCount(S.scorecard)).toBe(1);
    const got = w.next();
    await fake.edit(S.scorecard, 'E5', '1');
    await got;
    expect(w.results[0]).toMatchObject({ ok: false, error: { en: expect.stringContaining('SelfScores') } });
    await w.stop();
  });

  it('without name or record it reports, never throws', async () => {
    const { host } = setup();
    const results: unknown[] = [];
    const stop = await host.watchScores((r) => results.push(r));
    expect(results).toEqual([{ ok: false, error: expect.objectContaining({ zh: expect.stringContaining('SelfScores') }) }]);
    await expect(stop()).resolves.toBeUndefined();
  });
});

describe('buildTracking', () => {
  const T = S.tracking;
  const column = (fake: ReturnType<typeof createFakeExcel>, col: string, from: number, to: number) =>
    fake.values(T, `${col}${from}:${col}${to}`).map((r) => r[0]);

  it('builds the tracking sheet from the findings that carry a suggestion: items 1, 4, 7 and 11', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    fake.deleteSheet(T);
    fake.deleteName('ImprovementTracking');
    fake.resetCounters();

    const r = await host.buildTracking();
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value).toMatchObject({ sheet: T, created: true, rows: 4, syncs: 3 });
    expect(r.syncs).toBe(3);
    expect(fake.syncs).toBe(3);
    expect(column(fake, 'A', 5, 8).map((s) => String(s).split('.')[0])).toEqual(['1', '4', '7', '11']);
    expect(fake.cell(T, 'B5').value).toBe('區處所轄地廣人稀，編制較小，人力不足。');
    expect(fake.cell(T, 'C5').value).toBe('補充人力後由資深同仁帶領強化訓練。');
    expect(fake.cell(T, 'A1').value).toBe('台東區營業處 114 年度 1 月至 6 月提升服務效能執行計畫');
    expect(fake.names().find((n) => n.name === 'ImprovementTracking')).toMatchObject({ sheet: T, range: 'A4:G8' });
    expect(fake.values(T, 'A10:E10')).toEqual([[...SIGN_OFF]]);
    expect(parseRecord(fake.settings()['scorecard.sheets']).sheets.tracking).toEqual({ id: fake.sheet(T).id, name: T });
  });

  it('rebuilds in place: typed text kept, the new row inserted in order, the sign-off line moved down intact', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    fake.resetCounters();
    const first = await host.buildTracking();
    expect(first).toMatchObject({ ok: true, syncs: 2, value: { created: false, rows: 4 } });
    expect(first.ok && first.value.summary.en).toMatch(/up to date/);

    // staff write progress for item 4 and a note beside item 7; a remark under the sign-off line
    await fake.edit(T, 'C6', '已於 5 月完成訓練');
    await fake.edit(T, 'H7', '王小明負責');
    await fake.edit(T, 'A12', '附註：本表每季更新');
    // the findings gain a suggestion for item 2
    const findings = parseRange(fake.names().find((n) => n.name === 'Findings')!.range);
    // (set as text: typed into Excel, a leading "-" would start a formula)
    fake.setCell(S.summary, `D${findings.top + 2}`, { value: '- 簡化線上申辦流程' });
    fake.resetCounters();

    const r = await host.buildTracking();
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value).toMatchObject({ created: false, rows: 5, syncs: 2 });
    expect(fake.syncs).toBe(2);
    expect(r.value.summary.zh).toContain('新增 1 列');
    expect(column(fake, 'A', 5, 9).map((s) => String(s).split('.')[0])).toEqual(['1', '2', '4', '7', '11']);
    // the new row, written as text although it starts with "-"
    expect(fake.cell(T, 'B6')).toMatchObject({ value: '- 簡化線上申辦流程', type: 'String' });
    expect(fake.cell(T, 'B6').formula).toBeUndefined();
    // typed cells moved with their rows
    expect(fake.cell(T, 'C7').value).toBe('已於 5 月完成訓練');
    expect(fake.cell(T, 'H8').value).toBe('王小明負責');
    expect(fake.cell(T, 'H7').value).toBe('');
    // everything below moved down one row
    expect(fake.values(T, 'A11:E11')).toEqual([[...SIGN_OFF]]);
    expect(fake.values(T, 'A10:E10')).toEqual([['', '', '', '', '']]);
    expect(fake.cell(T, 'A13').value).toBe('附註：本表每季更新');
    expect(fake.names().find((n) => n.name === 'ImprovementTracking')).toMatchObject({ range: 'A4:G9' });
    expect(fake.sheet(T).columnHidden('F')).toBe(true);
    expect(fake.cell(T, 'A9').format.borders?.bottom?.style).toBe('Continuous');
  });

  it('writes a suggestion that starts with "=" as text', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    const findings = parseRange(fake.names().find((n) => n.name === 'Findings')!.range);
    fake.setCell(S.summary, `D${findings.top + 3}`, { value: '=先檢討流程' });
    const r = await host.buildTracking();
    expect(r.ok).toBe(true);
    const row = column(fake, 'A', 5, 9).findIndex((s) => String(s).startsWith('3.'));
    expect(fake.cell(T, `B${5 + row}`)).toMatchObject({ value: '=先檢討流程', type: 'String' });
    expect(fake.cell(T, `B${5 + row}`).formula).toBeUndefined();
  });

  it('a protected tracking sheet becomes a message, and nothing is half-written', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(TAITUNG);
    const findings = parseRange(fake.names().find((n) => n.name === 'Findings')!.range);
    await fake.edit(S.summary, `D${findings.top + 2}`, '簡化線上申辦流程');
    fake.protect(T);
    fake.resetCounters();
    const r = await host.buildTracking();
    expect(r).toEqual({ ok: false, error: PROTECTED, syncs: 2 });
    expect(fake.values(T, 'A10:E10')).toEqual([[...SIGN_OFF]]);
    expect(fake.names().find((n) => n.name === 'ImprovementTracking')?.range).toBe('A4:G8');
  });

  it('says what is missing when there are no findings', async () => {
    const { host } = setup();
    const r = await host.buildTracking();
    expect(r).toMatchObject({ ok: false, syncs: 1, error: { en: expect.stringContaining('Findings') } });
  });
});

describe('select', () => {
  it('activates the sheet and selects the cell in one sync', async () => {
    const { fake, host } = setup();
    await host.insertTemplates(BLANK);
    fake.resetCounters();
    const r = await host.select(S.scorecard, 'E9');
    expect(r).toEqual({ ok: true, value: undefined, syncs: 1 });
    expect(fake.active()).toEqual({ sheet: S.scorecard, address: 'E9' });
  });

  it('a missing sheet or a bad address is a clear message', async () => {
    const { host } = setup();
    const r = await host.select('不存在', 'E9');
    expect(r).toMatchObject({ ok: false, syncs: 1, error: { zh: expect.stringContaining('不存在') } });
    expect(await host.select('Sheet1', 'not a cell')).toMatchObject({ ok: false, syncs: 0 });
  });
});

describe('the fake behaves like Excel where it matters', () => {
  it('loaded properties are readable only after load() and sync()', async () => {
    const fake = createFakeExcel();
    await fake.run(async (context) => {
      const r = context.workbook.worksheets.getItem('Sheet1').getRange('A1');
      let code = '';
      try {
        void r.values;
      } catch (e) {
        code = (e as { code: string }).code;
      }
      expect(code).toBe('PropertyNotLoaded');
      r.load('values');
      expect(() => r.values).toThrow(/load method/);
      await context.sync();
      expect(r.values).toEqual([['']]);
    });
  });

  it('null in a 2-D array leaves a cell, "" clears it, sizes must match', async () => {
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

  it('unsupported APIs fail with ApiNotFound; installed globals look like Office', async () => {
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

  it('the default host uses the Excel and Office globals', async () => {
    const fake = installFakeExcelGlobals(globalThis);
    try {
      const host = createExcelHost();
      expect(host.capabilities()).toEqual({ dataValidation: true, invalidCells: true });
      await host.insertTemplates(BLANK);
      expect((await host.check()).ok).toBe(true);
      expect(fake.syncs).toBe(4);
    } finally {
      delete (globalThis as Record<string, unknown>).Excel;
      delete (globalThis as Record<string, unknown>).Office;
      delete (globalThis as Record<string, unknown>).OfficeExtension;
    }
  });
});

describe('pure helpers', () => {
  it('quotes text that Excel would read as something else', () => {
    expect(toFormulaCell({ formula: 'SUM(A1:A2)' })).toBe('=SUM(A1:A2)');
    expect(toFormulaCell('=not a formula')).toBe("'=not a formula");
    expect(toFormulaCell('- 加強訓練')).toBe("'- 加強訓練");
    expect(toFormulaCell("'quoted")).toBe("''quoted");
    expect(toFormulaCell('2025/6/30')).toBe("'2025/6/30");
    expect(toFormulaCell('0012')).toBe("'0012");
    expect(toFormulaCell('持續辦理')).toBe('持續辦理');
    expect(toFormulaCell('1. 創新性-提供在地化及客製化關懷服務')).toBe('1. 創新性-提供在地化及客製化關懷服務');
    expect(toFormulaCell(null)).toBeNull();
    expect(toFormulaCell(null, '')).toBe('');
    expect(toFormulaCell(95)).toBe(95);
    expect(needsQuote('TRUE')).toBe(true);
    expect(needsQuote('#N/A')).toBe(true);
  });

  it('maps what Office.js reads to RawCell', () => {
    expect(rawCellFrom('E5', '', 'Empty', '', 'General')).toEqual({ address: 'E5', type: 'empty', value: null });
    expect(rawCellFrom('E5', 95, 'Double', 95, 'General')).toEqual({ address: 'E5', type: 'number', value: 95 });
    expect(rawCellFrom('E5', 45658, 'Double', 45658, 'yyyy/m/d')).toEqual({ address: 'E5', type: 'date', value: 45658 });
    expect(rawCellFrom('E5', 45658, 'Double', 45658, '[$-zh-TW]e/m/d')).toMatchObject({ type: 'date' });
    expect(rawCellFrom('E5', 202, 'Double', '=E4*2', '0.##')).toEqual({ address: 'E5', type: 'number', value: 202, formula: 'E4*2' });
    expect(rawCellFrom('E5', '#DIV/0!', 'Error', '=1/0', 'General')).toMatchObject({ type: 'error', value: '#DIV/0!' });
    expect(rawCellFrom('E5', true, 'Boolean', true, 'General')).toMatchObject({ type: 'boolean', value: true });
    expect(rawCellFrom('E5', '95', 'String', '95', '@')).toMatchObject({ type: 'string', value: '95' });
    expect(isDateFormat('0.00E+00')).toBe(false);
    expect(isDateFormat('[Red]0.##')).toBe(false);
    expect(isDateFormat('"days "0')).toBe(false);
    expect(isDateFormat('h:mm')).toBe(true);
  });

  it('reads event addresses and decides cheaply whether a change touches SelfScores', () => {
    const scores = parseRange('E5:E16');
    expect(parseAreas("'考核評分表 (2)'!E5:F6")).toEqual([{ top: 5, bottom: 6, left: 5, right: 6 }]);
    expect(parseAreas('3:4')).toEqual([{ top: 3, bottom: 4, left: 1, right: 16384 }]);
    expect(parseAreas('C:D,E1')).toHaveLength(2);
    expect(changeTouches({ address: 'D4:E5', changeType: 'RangeEdited' }, scores)).toBe(true);
    expect(changeTouches({ address: 'F5:G16', changeType: 'RangeEdited' }, scores)).toBe(false);
    expect(changeTouches({ address: 'E17' }, scores)).toBe(false);
    expect(changeTouches({ address: 'E:E' }, scores)).toBe(true);
    expect(changeTouches({ address: '3:3', changeType: 'RowInserted' }, scores)).toBe(true);
    expect(changeTouches({ address: '20:20', changeType: 'RowDeleted' }, scores)).toBe(false);
    expect(changeTouches({ address: 'B:B', changeType: 'ColumnInserted' }, scores)).toBe(true);
    expect(changeTouches({ address: '??' }, scores)).toBe(true);
  });

  it('explains Excel errors in both languages', () => {
    expect(explain({ code: 'AccessDenied', message: 'x' })).toBe(PROTECTED);
    expect(explain({ code: 'InvalidOperation', message: 'The sheet is protected' })).toBe(PROTECTED);
    expect(explain({ code: 'ItemNotFound', message: 'x' }).en).toMatch(/missing/);
    expect(explain({ code: 'RequestPayloadSizeLimitExceeded' }).en).toMatch(/5 MB/);
    expect(explain(new ReferenceError('Excel is not defined')).en).toMatch(/inside Excel/);
    expect(explain('weird').zh).toContain('weird');
  });

  it('converts character widths to points like Excel does for a file', () => {
    expect(charsToPoints(14)).toBe(73.5);
    expect(charsToPoints(8.43)).toBe(44.25);
  });
});

// keep the flattened rubric in view: the tests above assume the 12 criteria of 114
test('rubric shape assumed by these tests', () => {
  expect(flat.map((c) => c.cap)).toEqual([100, 100, 100, 140, 130, 130, 50, 50, 50, 50, 50, 50]);
});
