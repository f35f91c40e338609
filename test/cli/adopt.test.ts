import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HANDMADE_STYLES, cellDump, compareDumps } from '../support/handmade';
import { requireOpenpyxl } from '../support/openpyxl';
import { requireOoxmlValidator, ooxmlViolations } from '../support/ooxml';
import { LIBREOFFICE_TEST_TIMEOUT_MS, recalcAndRead, requireLibreOffice } from '../support/libreoffice';
import { scorecard } from './support';

/**
 * `scorecard adopt` as a new user runs it, on workbooks staff made by hand in several styles (written by ExcelJS,
 * openpyxl and LibreOffice): every original cell read by openpyxl before and after, check/track on the result,
 * the totals recalculated by LibreOffice, and a workbook with a wrong cap refused without a write.
 */

const SUITE = 'scorecard adopt on hand-made workbooks';
const tools = requireOpenpyxl(SUITE) && requireOoxmlValidator(SUITE);
const lo = tools && requireLibreOffice(SUITE);
const maybe = lo ? describe : describe.skip;

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-cli-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const accepted = HANDMADE_STYLES.filter((s) => !s.expect.wrongCap);
const refused = HANDMADE_STYLES.filter((s) => s.expect.wrongCap);

maybe(SUITE, () => {
  test.each(accepted.map((s) => [s.name, s] as const))(
    '%s: adopted without changing an original cell; check, track and LibreOffice agree',
    async (_name, style) => {
      const input = await style.write(dir);
      const out = path.join(dir, `${style.name}.adopted.xlsx`);
      const before = await cellDump(input);
      const inputBytes = fs.readFileSync(input);

      const r = await scorecard(['adopt', input, '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/SelfScores/);
      // --out leaves the input as it was
      expect(fs.readFileSync(input).equals(inputBytes)).toBe(true);

      expect(compareDumps(before, await cellDump(out))).toEqual([]);
      expect(await ooxmlViolations(out)).toEqual([]);

      const c = await scorecard(['check', out, '--json']);
      const json = JSON.parse(c.stdout) as {
        criteria: { cell: string; status: string; score: number | null }[];
        total: number;
        office: string;
        year: number;
        period: string;
      };
      expect(json.criteria.map((x) => x.cell)).toEqual(style.expect.scoreCells.map((a) => a.split('!')[1]));
      expect([json.office, json.year, json.period]).toEqual(['台東區營業處', 114, 'H1']);
      const valid = style.expect.scores.map((v) => (typeof v === 'number' ? v : 0));
      expect(json.total).toBe(json.criteria.reduce((t, x, i) => t + (x.status === 'scored' ? valid[i] : 0), 0));

      // Recalculated by a spreadsheet program, the sheet's own total is the checker's.
      const wb = await recalcAndRead(out);
      expect(wb.named('TotalScore').flat()).toEqual([json.total]);

      // A second run is a no-op; track then runs (and makes no duplicate of a pasted table's rows).
      const again = await scorecard(['adopt', out, '--out', path.join(dir, `${style.name}.again.xlsx`)]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/set up already/);
      const t = await scorecard(['track', out, '--out', path.join(dir, `${style.name}.tracked.xlsx`)]);
      expect(t.stderr).toBe('');
      expect(t.code).toBe(0);
      // A pasted tracking table was given its bookkeeping, or adopt built the sheet from the findings: either way
      // track finds nothing to add, so no row is made twice.
      if (/an existing improvement tracking table/.test(r.stdout)) expect(r.stdout).toMatch(/the name ImprovementTracking/);
      else expect(r.stdout).toMatch(/the improvement tracking sheet \(4 rows\)/);
      expect(t.stdout).toMatch(/up to date/);
    },
    LIBREOFFICE_TEST_TIMEOUT_MS
  );

  test.each(refused.map((s) => [s.name, s] as const))(
    '%s: a cap in a label that disagrees is refused with the cell, exit 2, nothing written',
    async (_name, style) => {
      const input = await style.write(dir);
      const inputBytes = fs.readFileSync(input);
      const out = path.join(dir, `${style.name}.adopted.xlsx`);
      const r = await scorecard(['adopt', input, '--out', out]);
      expect(r.code).toBe(2);
      const w = style.expect.wrongCap!;
      expect(r.stderr).toContain(w.cell);
      expect(r.stderr).toMatch(new RegExp(`${w.labelCap} 分.*${w.rubricCap} 分`));
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(fs.existsSync(out)).toBe(false);
      // in place too: the file is not touched
      const inPlace = await scorecard(['adopt', input]);
      expect(inPlace.code).toBe(2);
      expect(fs.readFileSync(input).equals(inputBytes)).toBe(true);
    },
    LIBREOFFICE_TEST_TIMEOUT_MS
  );
});

test('adopt --help says what it adds and when it refuses', async () => {
  const r = await scorecard(['adopt', '--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/changing no cell that holds something/);
  expect(r.stdout).toMatch(/Exit codes: 0/);
});
