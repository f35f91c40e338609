/**
 * Reading scores the way the sheet counts them. Each workbook is made from the command's template by
 * another program (openpyxl, or package XML edited by hand), recalculated by LibreOffice, and `check --json`
 * must give LibreOffice's DimensionTotals and TotalScore, and say for every cell what the 檢核 column says.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TAITUNG_SCORECARD_114_H1 } from '../../src/examples/taitungScorecard';
import { LIBREOFFICE_TEST_TIMEOUT_MS, recalc } from '../support/libreoffice';
import {
  S,
  assertBuilt,
  editPackage,
  needs,
  outputs,
  py,
  read,
  readAll,
  scorecard,
  sheetPart,
  statusText,
  tempDir,
  typeScores,
} from './support';

const d = needs('reading scores (LibreOffice, openpyxl)', ['libreoffice', 'openpyxl', 'ooxml']) ? describe : describe.skip;

interface CheckJson {
  valid: boolean;
  total: number;
  entered: number;
  dimensions: { total: number }[];
  criteria: { cell: string; cap: number; status: string; score: number | null }[];
  problems: { cell: string; kind: string; value: unknown; message: { zh: string; en: string } }[];
  [k: string]: unknown;
}

const taitung = TAITUNG_SCORECARD_114_H1.selfScores;

d('reading scores as the sheet counts them', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const written = outputs();
  /** LibreOffice's recalculated copy of each workbook, by name. */
  const lo: Record<string, string> = {};

  const checked = new Map<string, Promise<{ code: number | null; json: CheckJson; text: string; stderr: string }>>();
  /** `check --json` and `check` on a file (each run once per file). */
  async function check(f: string): Promise<{ code: number | null; json: CheckJson; text: string }> {
    if (!checked.has(f)) {
      checked.set(
        f,
        Promise.all([scorecard(['check', f, '--json']), scorecard(['check', f])]).then(([r, t]) => ({
          code: r.code,
          json: JSON.parse(r.stdout) as CheckJson,
          text: t.stdout,
          stderr: r.stderr + t.stderr,
        }))
      );
    }
    const r = await checked.get(f)!;
    expect(r.stderr).toBe('');
    return r;
  }

  /** LibreOffice's totals (F4:F8 of the summary) and 檢核 column (G5:G16), from its own file, read by openpyxl. */
  async function sheetSays(name: string) {
    const book = await read(lo[name]);
    const summary = book.sheets[S.summary].values;
    const card = book.sheets[S.scorecard].values;
    return {
      dimensions: ['F4', 'F5', 'F6', 'F7'].map((a) => summary[a]),
      total: summary.F8,
      status: Array.from({ length: 12 }, (_, i) => card[`G${5 + i}`]),
    };
  }

  /** check's view of the same, for comparing with sheetSays. */
  const checkSays = (j: CheckJson) => ({
    dimensions: j.dimensions.map((x) => x.total),
    total: j.total,
    status: j.criteria.map((c) =>
      statusText(
        c,
        j.problems.find((p) => p.cell === c.cell)
      )
    ),
  });

  beforeAll(async () => {
    assertBuilt();
    dir = tempDir('reading');
    expect((await scorecard(['template', '--out', file('blank.xlsx')])).code).toBe(0);
    written.add('template', file('blank.xlsx'));
    await typeScores(file('blank.xlsx'), file('scored.xlsx'), taitung);
    await py(
      String.raw`
from openpyxl.workbook.defined_name import DefinedName
src, out = sys.argv[1], sys.argv[2]
# A score cell merged with the one under it (openpyxl keeps no value under a merge).
wb = openpyxl.load_workbook(src); wb['考核評分表'].merge_cells('E5:E6'); wb.save(out + '/merged.xlsx')
# Excel's Move or Copy > Create a copy: the copy gets sheet-scoped copies of the sheet's names (listed first
# here); a hyperlinked score; scores shown as a date and with a custom format.
wb = openpyxl.load_workbook(src)
ws = wb['考核評分表']
copy = wb.copy_worksheet(ws); copy.title = '考核評分表 (2)'
for r in range(5, 17): copy.cell(r, 5).value = 0
wb.defined_names.definedName.insert(0, DefinedName('SelfScores', localSheetId=wb.sheetnames.index(copy.title), attr_text="'考核評分表 (2)'!$E$5:$E$16"))
ws['E8'].hyperlink = 'https://example.org/evidence/4'
ws['E9'].hyperlink = '#彙整表!A1'
ws['E11'].number_format = 'yyyy/m/d'
ws['E12'].number_format = '0 "pts"'
wb.save(out + '/mixed.xlsx')
# Formulas typed as scores, saved with no cached result (openpyxl computes nothing).
wb = openpyxl.load_workbook(src)
wb['考核評分表']['E5'] = '=C5*2'
wb['考核評分表']['E6'] = '=C6-6'
wb['考核評分表']['E7'] = '=IF(C7>0,"","x")'
wb['彙整表']['D14'] = '新建議二'
wb.save(out + '/formula.xlsx')
`,
      file('scored.xlsx'),
      dir
    );
    // A value under a merge: E10 still holds its 125 in the file, hidden by a merge E9:E10 added by hand.
    const part = await sheetPart(file('scored.xlsx'), S.scorecard);
    await editPackage(file('scored.xlsx'), file('hidden.xlsx'), {
      [part]: (xml) =>
        xml.replace(
          /<mergeCells count="(\d+)">/,
          (_m, n: string) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="E9:E10"/>`
        ),
    });
    expect((await scorecard(['track', file('mixed.xlsx'), '--out', file('mixed-tracked.xlsx')])).code).toBe(0);
    written.add('track --out (mixed)', file('mixed-tracked.xlsx'));
    const names = ['merged', 'hidden', 'mixed', 'formula', 'mixed-tracked'];
    const outs = await Promise.all(names.map((n) => recalc(file(`${n}.xlsx`))));
    names.forEach((n, i) => (lo[n] = outs[i]));
    // LibreOffice's calculated copy, rewritten by track (a finding got a suggestion, so it is written).
    expect((await scorecard(['track', lo.formula, '--out', file('formula-lo-tracked.xlsx')])).code).toBe(0);
    written.add('track --out (formulas calculated by LibreOffice)', file('formula-lo-tracked.xlsx'));
  }, LIBREOFFICE_TEST_TIMEOUT_MS);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a merged score cell (E5:E6) counts once, as the sheet counts it; the cell under the merge is a problem, not a second 95', async () => {
    const { code, json } = await check(file('merged.xlsx'));
    expect(code).toBe(1);
    expect(json.dimensions[0].total).toBe(95 + 96);
    expect(json.problems.map((p) => [p.cell, p.kind])).toEqual([['E6', 'merged']]);
    const sheet = await sheetSays('merged');
    expect(checkSays(json).dimensions).toEqual(sheet.dimensions);
    expect(json.total).toBe(sheet.total);
    // Cell by cell where the sheet can say it (E6 is hidden: its 檢核 cell sees a blank).
    expect(checkSays(json).status.filter((_s, i) => i !== 1)).toEqual(sheet.status.filter((_s, i) => i !== 1));
  });

  it('a value under a merge (E10 of E9:E10, still in the file XML) is not counted: a problem at E10, the total not final', async () => {
    const { code, json, text } = await check(file('hidden.xlsx'));
    expect(code).toBe(1);
    expect(json.problems.map((p) => [p.cell, p.kind, p.value])).toEqual([['E10', 'merged', null]]);
    expect(json.criteria[5]).toMatchObject({ cell: 'E10', status: 'problem', score: null });
    expect(json.dimensions.map((x) => x.total)).toEqual([285, 381 - 125, 136, 137]);
    expect(text).toContain('總分未定');
    // LibreOffice keeps the hidden 125 and its formulas count it: exactly the difference check reports as a problem.
    const sheet = await sheetSays('hidden');
    expect(sheet.dimensions).toEqual([285, 381, 136, 137]);
  });

  it('a sheet-scoped SelfScores (what "Create a copy" makes) is not chosen over the workbook-scoped one', async () => {
    const book = await read(file('mixed.xlsx'));
    expect(Object.entries(book.localNames)).toEqual([[expect.stringMatching(/\/SelfScores$/), "'考核評分表 (2)'!$E$5:$E$16"]]);
    const { code, json } = await check(file('mixed.xlsx'));
    expect(code).toBe(0);
    expect(json).toMatchObject({ valid: true, total: 939, entered: 12 });
    expect(json.criteria.map((c) => c.cell)).toEqual(Array.from({ length: 12 }, (_, i) => `E${5 + i}`));
    const sheet = await sheetSays('mixed');
    expect(checkSays(json)).toEqual(sheet);
  });

  it('a hyperlinked score is the number it holds, never "[object Object]"', async () => {
    const { json, text } = await check(file('mixed.xlsx'));
    expect(json.criteria[3]).toMatchObject({ cell: 'E8', status: 'scored', score: 132 });
    expect(json.criteria[4]).toMatchObject({ cell: 'E9', status: 'scored', score: 124 });
    expect(JSON.stringify(json) + text).not.toContain('[object Object]');
  });

  it('a number shown as a date or with a custom format ("0 \\"pts\\"") counts as the sheet counts it', async () => {
    const book = await read(file('mixed.xlsx'));
    expect(book.sheets[S.scorecard].cells.E11).toEqual({ $date: '1900-02-14T00:00:00' }); // 45 shown as a date
    expect(book.sheets[S.scorecard].formats.E12).toBe('0 "pts"');
    const { json } = await check(file('mixed.xlsx'));
    expect(json.criteria.slice(6, 8)).toEqual([
      expect.objectContaining({ cell: 'E11', status: 'scored', score: 45 }),
      expect.objectContaining({ cell: 'E12', status: 'scored', score: 47 }),
    ]);
    expect((await sheetSays('mixed')).status.slice(6, 8)).toEqual(['✓', '✓']);
  });

  it('formulas with no cached value (openpyxl) are "not calculated", never blank, so an over-cap formula cannot pass', async () => {
    const { code, json } = await check(file('formula.xlsx'));
    expect(code).toBe(1);
    expect(json.valid).toBe(false);
    expect(json.problems.map((p) => [p.cell, p.kind, p.value])).toEqual([
      ['E5', 'uncalculated', 'C5*2'],
      ['E6', 'uncalculated', 'C6-6'],
      ['E7', 'uncalculated', 'IF(C7>0,"","x")'],
    ]);
    expect(json.criteria.slice(0, 3).map((c) => c.status)).toEqual(['problem', 'problem', 'problem']);
    expect(json.problems[0].message.en).toContain('has not been calculated');
    // Once LibreOffice has calculated them: 200 is over the cap of 100, 94 counts, and empty text is text
    // (not "not calculated", not blank); check agrees with the sheet.
    const after = await check(lo.formula);
    expect(after.json.problems.map((p) => [p.cell, p.kind, p.value])).toEqual([
      ['E5', 'formulaOutOfRange', 200],
      ['E7', 'text', ''],
    ]);
    expect(after.json.criteria[1]).toMatchObject({ status: 'scored', score: 94 });
    const sheet = await sheetSays('formula');
    expect(checkSays(after.json)).toEqual(sheet);
    expect(sheet.dimensions).toEqual([94, 381, 136, 137]);
    // track keeps the calculated empty text as it was: still text, not "not calculated".
    const tracked = await check(file('formula-lo-tracked.xlsx'));
    expect(tracked.json.problems.map((p) => [p.cell, p.kind])).toEqual([
      ['E5', 'formulaOutOfRange'],
      ['E7', 'text'],
    ]);
  });

  it('track keeps the scorecard as it was: the linked score a number with its link, the formats, the totals', async () => {
    const books = await readAll([file('mixed.xlsx'), file('mixed-tracked.xlsx'), lo['mixed-tracked']]);
    const [before, after, libre] = Object.values(books).map((b) => b.sheets[S.scorecard]);
    expect(after.cells.E8).toBe(132);
    expect(after.links.E8).toEqual({ target: 'https://example.org/evidence/4', location: null });
    expect(after.links.E9).toEqual(before.links.E9);
    expect(after.cells.E11).toEqual({ $date: '1900-02-14T00:00:00' });
    expect(after.formats.E12).toBe('0 "pts"');
    for (let r = 5; r <= 16; r++) expect(after.cells[`E${r}`]).toEqual(before.cells[`E${r}`]);
    // What LibreOffice reads: the same number, the same link, the same total.
    expect(libre.values.E8).toBe(132);
    expect(libre.links.E8?.target).toBe('https://example.org/evidence/4');
    expect((await sheetSays('mixed-tracked')).total).toBe(939);
    expect((await check(file('mixed-tracked.xlsx'))).json.total).toBe(939);
  });

  written.itAllValid();
});
