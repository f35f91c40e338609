/**
 * The whole job on files, as a user runs it: the `scorecard` command writes a workbook, another program
 * (openpyxl) types the scores, LibreOffice recalculates, and the totals, `check --json` and `track` must agree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RUBRIC_114_INPUT } from '../../src/domain/defaultRubric';
import { TAITUNG_SCORECARD_114_H1 } from '../../src/examples/taitungScorecard';
import { LIBREOFFICE_TEST_TIMEOUT_MS, formulaErrors, readEvaluated, recalc } from '../support/libreoffice';
import { S, Typed, assertBuilt, needs, outputs, plainRef, py, read, scorecard, statusText, tempDir, typeScores } from './support';

let dir: string;
const file = (name: string) => path.join(dir, name);
const written = outputs();

beforeAll(() => {
  assertBuilt();
  dir = tempDir('e2e');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('scorecard command: help, usage and unreadable input', () => {
  it('prints help for every command', async () => {
    for (const cmd of ['template', 'check', 'track']) {
      const r = await scorecard([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`scorecard ${cmd}`);
    }
    expect((await scorecard(['--help'])).stdout).toContain('Exit codes');
  });

  it('exits 2 with a bilingual message for a file that is not there, and no stack trace', async () => {
    const r = await scorecard(['check', file('missing.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('找不到檔案');
    expect(r.stderr).toContain('not found');
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('exits 2 on a bad flag value, naming the flag', async () => {
    const bad = await scorecard(['template', '--out', file('x.xlsx'), '--period', 'Q3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--period');
    expect(fs.existsSync(file('x.xlsx'))).toBe(false);
  });

  it('refuses a rubric whose caps do not add up, naming the numbers', async () => {
    const rubric = JSON.parse(JSON.stringify(RUBRIC_114_INPUT));
    rubric.dimensions[0].criteria[0].cap = 90;
    fs.writeFileSync(file('bad-rubric.json'), JSON.stringify(rubric));
    const r = await scorecard(['template', '--out', file('r.xlsx'), '--rubric', file('bad-rubric.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('290');
    expect(r.stderr).toContain('300');
    expect(fs.existsSync(file('r.xlsx'))).toBe(false);
  });

  it('does not overwrite an existing file without --force', async () => {
    fs.writeFileSync(file('keep.xlsx'), 'precious');
    const r = await scorecard(['template', '--out', file('keep.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
    expect(fs.readFileSync(file('keep.xlsx'), 'utf8')).toBe('precious');
  });
});

const withPy = needs('scorecard end to end (openpyxl)', ['openpyxl', 'ooxml']) ? describe : describe.skip;

withPy('files edited by openpyxl', () => {
  it('says which defined name is missing', async () => {
    expect((await scorecard(['template', '--out', file('noname.xlsx')])).code).toBe(0);
    written.add('template', file('noname.xlsx'));
    await py(
      `wb = openpyxl.load_workbook(sys.argv[1])\nwb.defined_names.delete('SelfScores')\nwb.save(sys.argv[1])`,
      file('noname.xlsx')
    );
    const r = await scorecard(['check', file('noname.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SelfScores');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('still checks a workbook whose scorecard sheet was renamed and moved down (names updated as Excel does)', async () => {
    expect((await scorecard(['template', '--out', file('moved.xlsx')])).code).toBe(0);
    await py(
      String.raw`
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['考核評分表']
ws.title = '114上半年 自評'
ws.insert_rows(1, 2)
# Excel renames the sheet in every name and moves the names with the rows; openpyxl does neither.
for n in wb.defined_names.definedName:
    if '考核評分表' in n.attr_text:
        import re
        n.attr_text = re.sub(r"\$(\d+)", lambda m: '$' + str(int(m.group(1)) + 2), n.attr_text.replace("'考核評分表'", "'114上半年 自評'"))
ws['E7'] = 150
wb.save(sys.argv[1])
`,
      file('moved.xlsx')
    );
    const r = await scorecard(['check', file('moved.xlsx'), '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.problems).toEqual([
      expect.objectContaining({ sheet: '114上半年 自評', cell: 'E7', kind: 'aboveCap', cap: 100, value: 150 }),
    ]);
  });
});

const withLO = needs('scorecard end to end (LibreOffice)', ['libreoffice', 'openpyxl', 'ooxml']) ? describe : describe.skip;

withLO('template → scores typed by openpyxl → LibreOffice recalculation', () => {
  const taitung = TAITUNG_SCORECARD_114_H1.selfScores;
  const bad: Typed[] = [
    101, // above its cap of 100
    -1, // below zero
    '很好', // text
    '88', // a number typed as text
    '９５', // full-width digits
    { error: '#DIV/0!' }, // an error value
    true, // a logical
    { date: '2025-06-30' }, // a date: the serial number 45838, above the cap of 50
    { formula: '=20*3' }, // a formula whose result (60) is above the cap of 50
    40, // valid
    null, // blank: not yet scored
    45, // valid
  ];
  let scoredLO: string;
  let badLO: string;
  let example: string;

  beforeAll(async () => {
    expect((await scorecard(['template', '--out', file('t.xlsx')])).code).toBe(0);
    expect((await scorecard(['template', '--out', file('ex.xlsx'), '--example'])).code).toBe(0);
    written.add('template', file('t.xlsx'));
    written.add('template --example', file('ex.xlsx'));
    await typeScores(file('t.xlsx'), file('scored.xlsx'), taitung);
    await typeScores(file('t.xlsx'), file('bad.xlsx'), bad);
    [scoredLO, badLO, example] = await Promise.all([file('scored.xlsx'), file('bad.xlsx'), file('ex.xlsx')].map(recalc));
  }, LIBREOFFICE_TEST_TIMEOUT_MS);

  it('totals the Taitung self-scores to 285, 381, 136, 137 and 939, and check --json agrees', async () => {
    const wb = await readEvaluated(scoredLO);
    expect(wb.named('DimensionTotals').flat()).toEqual([285, 381, 136, 137]);
    expect(wb.named('TotalScore').flat()).toEqual([939]);
    expect(formulaErrors(wb.workbook)).toEqual([]);
    // The same numbers from the file openpyxl wrote (no cached results) and from LibreOffice's.
    for (const f of [file('scored.xlsx'), scoredLO]) {
      const r = await scorecard(['check', f, '--json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.dimensions.map((d: { total: number }) => d.total)).toEqual([285, 381, 136, 137]);
      expect(json.total).toBe(939);
      expect(json.entered).toBe(12);
      expect(json.problems).toEqual([]);
    }
  });

  it('the example workbook calculates without a single formula error on any sheet', async () => {
    const wb = await readEvaluated(example);
    expect(formulaErrors(wb.workbook)).toEqual([]);
    expect(wb.named('TotalScore').flat()).toEqual([939]);
    expect(wb.named('ImprovementTracking').length).toBe(5); // header + items 1, 4, 7, 11
  });

  it('bad values of every kind: each reported at its address, exit 1, left out of the totals as the sheet leaves them out', async () => {
    // Before any spreadsheet program opened it, the formula has no result: "not calculated", not blank.
    const before = JSON.parse((await scorecard(['check', file('bad.xlsx'), '--json'])).stdout);
    expect(before.problems.find((p: { cell: string }) => p.cell === 'E13')).toMatchObject({ kind: 'uncalculated' });

    const r = await scorecard(['check', badLO, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    const byCell = Object.fromEntries(json.problems.map((p: { cell: string; kind: string }) => [p.cell, p.kind]));
    expect(byCell).toEqual({
      E5: 'aboveCap',
      E6: 'belowZero',
      E7: 'text',
      E8: 'numberAsText',
      E9: 'fullWidthDigits',
      E10: 'errorValue',
      E11: 'boolean',
      E12: 'aboveCap',
      E13: 'formulaOutOfRange',
    });
    for (const p of json.problems) {
      expect(p.message.zh).toContain(p.cell);
      expect(p.message.en).toContain(p.cell);
      expect(p.sheet).toBe(S.scorecard);
    }
    expect(json.entered).toBe(2);
    // LibreOffice's totals are check's, dimension by dimension, and its 檢核 column says what check says, cell by cell.
    const lo = await read(badLO);
    const totals = lo.sheets[S.summary].values;
    expect(['F4', 'F5', 'F6', 'F7', 'F8'].map((a) => totals[a])).toEqual([
      ...json.dimensions.map((d: { total: number }) => d.total),
      json.total,
    ]);
    const g = lo.sheets[S.scorecard].values;
    const expected = json.criteria.map((c: { status: string; cap: number; cell: string }) =>
      statusText(
        c,
        json.problems.find((p: { cell: string }) => p.cell === c.cell)
      )
    );
    expect(json.criteria.map((c: { cell: string }) => g[c.cell.replace('E', 'G')])).toEqual(expected);
  });
});

withPy('track on a file', () => {
  it('gives exactly items 1, 4, 7, 11 for the seed, then keeps progress typed in openpyxl and adds a new suggestion in order', async () => {
    expect((await scorecard(['template', '--out', file('tr.xlsx'), '--example'])).code).toBe(0);
    // The example already holds the tracking sheet; rebuilding it changes nothing.
    const first = await scorecard(['track', file('tr.xlsx')]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('nothing changed');
    written.add('track (example)', file('tr.xlsx'));
    const table = async () => {
      const book = await read(file('tr.xlsx'));
      const ref = plainRef(book.names.ImprovementTracking);
      const [sheet, area] = ref.split('!');
      const [top, bottom] = area.split(':').map((a) => Number(/\d+/.exec(a)![0]));
      const cells = book.sheets[sheet].cells;
      const rows: string[][] = [];
      for (let r = top; r <= bottom; r++) rows.push(['A', 'B', 'C', 'D', 'E'].map((c) => String(cells[`${c}${r}`] ?? '')));
      return { cells, top, bottom, rows };
    };
    let t = await table();
    expect(t.rows.slice(1).map((r) => r[0].split('.')[0])).toEqual(['1', '4', '7', '11']);
    // The sign-off line, as the tracking seed form has it: one cell across the printed columns A–D.
    const signOff = ['A', 'B', 'C', 'D', 'E'].map((c) => t.cells[`${c}${t.bottom + 2}`]);
    expect(String(signOff[0]).split(/\s+/)).toEqual(['經辦', '課長', '經理', '副處長', '處長']);
    expect(signOff.slice(1)).toEqual([undefined, undefined, undefined, undefined]);

    // Staff type progress into the tracking sheet, and a suggestion into finding 2, with openpyxl.
    await py(
      String.raw`
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['改善追蹤']
ws.cell(int(sys.argv[2]) + 1, 3).value = '已於 7 月補足人力並完成訓練。'
ws.cell(int(sys.argv[2]) + 2, 4).value = '7/15 追蹤'
wb['彙整表']['D14'] = '跨機關查驗項目再擴充。'
wb.save(sys.argv[1])
`,
      file('tr.xlsx'),
      String(t.top)
    );
    const second = await scorecard(['track', file('tr.xlsx')]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('added 1 (items 2)');
    written.add('track (example, finding 2 added)', file('tr.xlsx'));
    t = await table();
    expect(t.rows.slice(1).map((r) => r[0].split('.')[0])).toEqual(['1', '2', '4', '7', '11']);
    expect(t.rows[1][2]).toBe('已於 7 月補足人力並完成訓練。');
    expect(t.rows[3][3]).toBe('7/15 追蹤');
    expect(t.rows[2][1]).toBe('跨機關查驗項目再擴充。');
    // The sign-off line moved down, intact.
    expect(['A', 'B', 'C', 'D', 'E'].map((c) => t.cells[`${c}${t.bottom + 2}`])).toEqual(signOff);
  });

  it('finds a tracking table whose name was deleted by its header, and makes a new sheet when there is none', async () => {
    expect((await scorecard(['template', '--out', file('nt.xlsx'), '--example'])).code).toBe(0);
    await py(
      `wb = openpyxl.load_workbook(sys.argv[1])\nwb.defined_names.delete('ImprovementTracking')\nwb['改善追蹤']['C5'] = '已補足人力'\nwb.save(sys.argv[1])`,
      file('nt.xlsx')
    );
    const r1 = await scorecard(['track', file('nt.xlsx')]);
    expect(r1.code).toBe(0);
    expect(r1.stdout).toContain('ImprovementTracking was defined again (改善追蹤!A4:G8)');
    written.add('track (name deleted)', file('nt.xlsx'));
    const again = await read(file('nt.xlsx'));
    expect(again.order).toEqual([S.plan, S.scorecard, S.summary, S.tracking]);
    expect(plainRef(again.names.ImprovementTracking)).toBe('改善追蹤!A4:G8');
    expect(again.sheets[S.tracking].cells.C5).toBe('已補足人力');

    await py(
      `wb = openpyxl.load_workbook(sys.argv[1])\ndel wb['改善追蹤']\nwb.defined_names.delete('ImprovementTracking')\nwb.save(sys.argv[1])`,
      file('nt.xlsx')
    );
    const r = await scorecard(['track', file('nt.xlsx'), '--out', file('nt2.xlsx')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created');
    written.add('track --out (new sheet)', file('nt2.xlsx'));
    const made = await read(file('nt2.xlsx'));
    const ws = made.sheets[S.tracking];
    expect(String(ws.cells.A1)).toContain("'考核評分表'!$B$3");
    expect([5, 6, 7, 8].map((row) => String(ws.cells[`A${row}`]).split('.')[0])).toEqual(['1', '4', '7', '11']);
    expect(plainRef(made.names.ImprovementTracking)).toBe('改善追蹤!A4:G8');
  });

  written.itAllValid();
});
