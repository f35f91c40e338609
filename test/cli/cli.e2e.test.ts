/**
 * The whole job on files, as a user runs it: the `scorecard` command writes a workbook, another program
 * types the scores, LibreOffice recalculates, and the totals, `check --json` and `track` must agree.
 */
import ExcelJS from 'exceljs';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import { RUBRIC_114_INPUT } from '../src/domain/defaultRubric';
import { TAITUNG_SCORECARD_114_H1 } from '../src/examples/taitungScorecard';
import { formulaErrors, readEvaluated, recalc, recalcAndRead, requireLibreOffice } from './support/libreoffice';

const exec = promisify(execFile);
const BIN = path.resolve(__dirname, '..', 'bin', 'scorecard.js');

async function scorecard(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scorecard-e2e-'));
  // The command runs from the compiled lib/, as `npx scorecard` does.
  await fs.access(path.resolve(__dirname, '..', 'lib', 'cli', 'main.js'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);

/** What another program does: open the workbook, find SelfScores by its name, write numbers, save. */
async function typeScores(src: string, dest: string, scores: (ExcelJS.CellValue)[]) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(src);
  const ref = wb.definedNames.getRanges('SelfScores').ranges[0];
  const [sheet, range] = ref.split('!');
  const ws = wb.getWorksheet(sheet.replace(/^'|'$/g, ''))!;
  const first = Number(/\$?[A-Z]+\$?(\d+)/.exec(range)![1]);
  const col = /\$?([A-Z]+)/.exec(range)![1];
  scores.forEach((s, i) => {
    const cell = ws.getCell(`${col}${first + i}`);
    cell.value = s;
    // As Excel formats a typed date; a copy, because a loaded workbook shares style objects.
    if (s instanceof Date) cell.style = { ...cell.style, numFmt: 'yyyy/m/d' };
  });
  await wb.xlsx.writeFile(dest);
  return { sheet: ws.name, col, first };
}

/** Excel updates every defined name when a sheet is renamed; ExcelJS does not, so the test does it. */
function renameLikeExcel(wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet, name: string) {
  const names = wb.definedNames.model.filter((n) => n.ranges.some((r) => r.startsWith(`'${ws.name}'!`) || r.startsWith(`${ws.name}!`)));
  const old = ws.name;
  ws.name = name;
  for (const n of names) {
    delete (wb.definedNames as unknown as { matrixMap: Record<string, unknown> }).matrixMap[n.name];
    for (const r of n.ranges) wb.definedNames.add(r.replace(new RegExp(`^'?${old}'?!`), `'${name}'!`), n.name);
  }
}

describe('scorecard command (no LibreOffice needed)', () => {
  it('prints help for every command', async () => {
    for (const cmd of ['template', 'check', 'track']) {
      const r = await scorecard(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`scorecard ${cmd}`);
    }
    expect((await scorecard('--help')).stdout).toContain('Exit codes');
  });

  it('exits 2 with a bilingual message for a file it cannot read', async () => {
    const r = await scorecard('check', file('missing.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('無法讀取');
    expect(r.stderr).toContain('Cannot read');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('exits 2 on a file that is not a workbook, and on a bad flag', async () => {
    await fs.writeFile(file('junk.xlsx'), 'not a zip');
    expect((await scorecard('check', file('junk.xlsx'))).code).toBe(2);
    const bad = await scorecard('template', '--out', file('x.xlsx'), '--period', 'Q3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--period');
  });

  it('refuses a rubric whose caps do not add up, naming the numbers', async () => {
    const rubric = JSON.parse(JSON.stringify(RUBRIC_114_INPUT));
    rubric.dimensions[0].criteria[0].cap = 90;
    await fs.writeFile(file('bad-rubric.json'), JSON.stringify(rubric));
    const r = await scorecard('template', '--out', file('r.xlsx'), '--rubric', file('bad-rubric.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('290');
    expect(r.stderr).toContain('300');
    await expect(fs.access(file('r.xlsx'))).rejects.toThrow();
  });

  it('does not overwrite an existing file without --force', async () => {
    await fs.writeFile(file('keep.xlsx'), 'precious');
    const r = await scorecard('template', '--out', file('keep.xlsx'));
    expect(r.code).toBe(2);
    expect(await fs.readFile(file('keep.xlsx'), 'utf8')).toBe('precious');
  });

  it('says which defined name is missing', async () => {
    expect((await scorecard('template', '--out', file('noname.xlsx'))).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('noname.xlsx'));
    delete (wb.definedNames as unknown as { matrixMap: Record<string, unknown> }).matrixMap.SelfScores;
    await wb.xlsx.writeFile(file('noname.xlsx'));
    const r = await scorecard('check', file('noname.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SelfScores');
  });

  it('still checks a workbook whose scorecard sheet was renamed and moved down', async () => {
    expect((await scorecard('template', '--out', file('moved.xlsx'))).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('moved.xlsx'));
    const ws = wb.getWorksheet('考核評分表')!;
    renameLikeExcel(wb, ws, '114上半年 自評');
    ws.spliceRows(1, 0, ['inserted above'], ['inserted above']);
    await wb.xlsx.writeFile(file('moved.xlsx'));
    await typeScores(file('moved.xlsx'), file('moved.xlsx'), [150]);
    const r = await scorecard('check', file('moved.xlsx'), '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.problems).toEqual([expect.objectContaining({ sheet: '114上半年 自評', cell: 'E7', kind: 'aboveCap', cap: 100, value: 150 })]);
  });
});

const withLO = requireLibreOffice('xlsx end-to-end') ? describe : describe.skip;

withLO('template → scores typed by another program → LibreOffice recalculation', () => {
  it('totals the Taitung self-scores to 285, 381, 136, 137 and 939, and check --json agrees', async () => {
    expect((await scorecard('template', '--out', file('t.xlsx'))).code).toBe(0);
    await typeScores(file('t.xlsx'), file('scored.xlsx'), TAITUNG_SCORECARD_114_H1.selfScores);
    const wb = await recalcAndRead(file('scored.xlsx'));
    expect(wb.named('DimensionTotals').flat()).toEqual([285, 381, 136, 137]);
    expect(wb.named('TotalScore').flat()).toEqual([939]);
    expect(formulaErrors(wb.workbook)).toEqual([]);

    const r = await scorecard('check', file('scored.xlsx'), '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.dimensions.map((d: { total: number }) => d.total)).toEqual([285, 381, 136, 137]);
    expect(json.total).toBe(939);
    expect(json.entered).toBe(12);
    expect(json.problems).toEqual([]);
  });

  it('the example workbook calculates without a single formula error on any sheet', async () => {
    expect((await scorecard('template', '--out', file('ex.xlsx'), '--example')).code).toBe(0);
    const wb = await recalcAndRead(file('ex.xlsx'));
    expect(formulaErrors(wb.workbook)).toEqual([]);
    expect(wb.named('TotalScore').flat()).toEqual([939]);
    expect(wb.named('ImprovementTracking').length).toBe(5); // header + items 1, 4, 7, 11
  });

  it('bad cells of every kind: each reported with its address, exit 1, and left out of the sheet totals', async () => {
    expect((await scorecard('template', '--out', file('b.xlsx'))).code).toBe(0);
    const date = new Date(Date.UTC(2025, 5, 30));
    const values: ExcelJS.CellValue[] = [
      101, // above its cap of 100
      -1, // below zero
      '很好', // text
      '88', // number typed as text
      '９５', // full-width digits
      { error: '#DIV/0!' } as ExcelJS.CellErrorValue, // an Excel error value
      true, // a boolean
      date, // a date
      { formula: '20*3' } as ExcelJS.CellFormulaValue, // a formula whose result (60) is above the cap of 50
      40, // valid
      null, // blank: not yet scored
      45, // valid
    ];
    await typeScores(file('b.xlsx'), file('bad.xlsx'), values);
    // LibreOffice computes the formula's result, as Excel would on open.
    const out = await recalc(file('bad.xlsx'));
    await fs.copyFile(out, file('bad-recalculated.xlsx'));
    const totals = (await readEvaluated(file('bad-recalculated.xlsx'))).named('DimensionTotals').flat();
    // Only the valid 40 and 45 count. (LibreOffice has no boolean cells: it reads TRUE as 1, which Excel
    // and the checker do not count, so the third dimension is left out of the comparison.)
    expect([totals[0], totals[1], totals[3]]).toEqual([0, 0, 85]);
    const r = await scorecard('check', file('bad-recalculated.xlsx'), '--json');
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
      E12: 'date',
      E13: 'formulaOutOfRange',
    });
    expect(json.dimensions.map((d: { total: number }) => d.total)).toEqual([0, 0, 0, 85]);
    for (const p of json.problems) {
      expect(p.message.zh).toContain(p.cell);
      expect(p.message.en).toContain(p.cell);
      expect(p.sheet).toBe('考核評分表');
    }
    expect(json.entered).toBe(2);
  });
});

describe('track on a file', () => {
  it('gives exactly items 1, 4, 7, 11 for the seed, then keeps typed progress and adds a new suggestion in order', async () => {
    expect((await scorecard('template', '--out', file('tr.xlsx'), '--example')).code).toBe(0);
    // The example already holds the tracking sheet; rebuilding it changes nothing.
    const first = await scorecard('track', file('tr.xlsx'));
    expect(first.code).toBe(0);
    const read = async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file('tr.xlsx'));
      const ref = wb.definedNames.getRanges('ImprovementTracking').ranges[0];
      const ws = wb.getWorksheet(ref.split('!')[0].replace(/^'|'$/g, ''))!;
      const [a, b] = ref.split('!')[1].replace(/\$/g, '').split(':');
      const top = Number(/\d+/.exec(a)![0]);
      const bottom = Number(/\d+/.exec(b)![0]);
      const rows: string[][] = [];
      for (let r = top; r <= bottom; r++) rows.push([1, 2, 3, 4, 5].map((c) => String(ws.getCell(r, c).value ?? '')));
      return { wb, ws, top, bottom, rows };
    };
    let t = await read();
    expect(t.rows.slice(1).map((r) => r[0].split('.')[0])).toEqual(['1', '4', '7', '11']);

    // Staff type progress into the tracking sheet and add a suggestion to finding 2.
    t.ws.getCell(t.top + 1, 3).value = '已於 7 月補足人力並完成訓練。';
    t.ws.getCell(t.top + 2, 4).value = '7/15 追蹤';
    const signOff = t.ws.getCell(t.bottom + 2, 1).value;
    const findings = t.wb.definedNames.getRanges('Findings').ranges[0];
    const fws = t.wb.getWorksheet(findings.split('!')[0].replace(/^'|'$/g, ''))!;
    const fTop = Number(/\d+/.exec(findings.split('!')[1])![0]);
    fws.getCell(fTop + 2, 4).value = '跨機關查驗項目再擴充。';
    await t.wb.xlsx.writeFile(file('tr.xlsx'));

    const second = await scorecard('track', file('tr.xlsx'));
    expect(second.code).toBe(0);
    t = await read();
    expect(t.rows.slice(1).map((r) => r[0].split('.')[0])).toEqual(['1', '2', '4', '7', '11']);
    expect(t.rows[1][2]).toBe('已於 7 月補足人力並完成訓練。');
    expect(t.rows[3][3]).toBe('7/15 追蹤');
    expect(t.rows[2][1]).toBe('跨機關查驗項目再擴充。');
    expect(t.ws.getCell(t.bottom + 2, 1).value).toBe(signOff); // the sign-off line moved down, intact
  });

  it('finds a tracking table whose name was deleted by its header, and makes a new sheet when there is none', async () => {
    expect((await scorecard('template', '--out', file('nt.xlsx'), '--example')).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('nt.xlsx'));
    delete (wb.definedNames as unknown as { matrixMap: Record<string, unknown> }).matrixMap.ImprovementTracking;
    wb.getWorksheet('改善追蹤')!.getCell('C5').value = '已補足人力';
    await wb.xlsx.writeFile(file('nt.xlsx'));
    expect((await scorecard('track', file('nt.xlsx'))).code).toBe(0);
    const again = new ExcelJS.Workbook();
    await again.xlsx.readFile(file('nt.xlsx'));
    expect(again.worksheets.map((w) => w.name)).toEqual(['執行計畫', '考核評分表', '彙整表', '改善追蹤']);
    expect(again.definedNames.getRanges('ImprovementTracking').ranges).toEqual(["'改善追蹤'!$A$4:$G$8"]);
    expect(again.getWorksheet('改善追蹤')!.getCell('C5').value).toBe('已補足人力');

    again.removeWorksheet(again.getWorksheet('改善追蹤')!.id);
    delete (again.definedNames as unknown as { matrixMap: Record<string, unknown> }).matrixMap.ImprovementTracking;
    await again.xlsx.writeFile(file('nt.xlsx'));
    const r = await scorecard('track', file('nt.xlsx'), '--out', file('nt2.xlsx'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created');
    const made = new ExcelJS.Workbook();
    await made.xlsx.readFile(file('nt2.xlsx'));
    const ws = made.getWorksheet('改善追蹤')!;
    expect(String(ws.getCell('A1').value)).toContain('台東區營業處 114 年度 1 月至 6 月');
    expect([5, 6, 7, 8].map((r) => String(ws.getCell(r, 1).value).split('.')[0])).toEqual(['1', '4', '7', '11']);
  });
});
