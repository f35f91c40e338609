/**
 * The review bench's generator: each workbook holds what the generator says it holds, as the product
 * itself reads it (loadBook and the check operation), and is a valid package (ooxml-validate). The first
 * five workbooks carry one feature each (suggestions, a repeated score set, a text score, a score above
 * its cap, a blank), so five cover them all.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FINDINGS_HEADER, NAMES } from '../../src/contract';
import { parseRange, sheetOf as sheetOfRef } from '../../src/domain/a1';
import { loadBook, runOnBook } from '../../src/adapters/xlsx';
import { check } from '../../src/operations';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { GeneratedWorkbook, generateWorkbooks } from '../../bench/generate';
import { ooxmlViolations, requireOoxmlValidator } from '../support/ooxml';

const N = 5;
const SEED = 7;

/** Read a generated workbook as the product does, and compare it with what the generator says it wrote. */
async function expectAsGenerated(dir: string, b: GeneratedWorkbook) {
  const book = await loadBook(fs.readFileSync(path.join(dir, b.file)), b.file);
  const r = runOnBook(book, check, { rubric: RUBRIC_114 });
  if (!r.ok) throw new Error(`${b.file}: ${r.error.en}`);
  const c = r.value;
  expect({ file: b.file, ...c.meta }).toEqual({ file: b.file, office: b.office, rocYear: b.year, period: b.period });
  expect(c.total).toBe(b.total);
  expect(c.entered).toBe(b.entered);
  expect(c.problems.map((p) => ({ index: c.criteria.findIndex((x) => x.criterionId === p.criterionId), kind: p.kind }))).toEqual(
    b.problems
  );
  c.criteria.forEach((x, k) => {
    const s = b.scores[k];
    if (x.status === 'scored') expect(x.score).toBe(s);
    else if (x.status === 'blank') expect(s).toBeNull();
    else expect(x.problem.value).toBe(s);
  });
  // the findings' 建議改善事項, read straight from the cells
  const findings = book.names.find((n) => n.name === NAMES.findings && n.localSheetId === undefined);
  if (!findings) throw new Error(`${b.file}: no Findings name`);
  const rect = parseRange(findings.formula);
  const ws = book.wb.getWorksheet(sheetOfRef(findings.formula)!)!;
  const col = rect.left + FINDINGS_HEADER.indexOf('建議改善事項');
  const written = b.suggestions.map((_, k) => ws.getCell(rect.top + 1 + k, col).value ?? null);
  expect(written).toEqual(b.suggestions);
}

describe('generateWorkbooks', () => {
  let dir: string;
  let books: GeneratedWorkbook[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-generate-'));
    books = await generateWorkbooks(dir, N, SEED);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes n files named office-year-half, nothing else', () => {
    expect(books.map((b) => b.file)).toEqual([
      '基隆區營業處-114-H1.xlsx',
      '台北市區營業處-114-H1.xlsx',
      '台北南區營業處-114-H1.xlsx',
      '台北北區營業處-114-H1.xlsx',
      '台北西區營業處-114-H1.xlsx',
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(books.map((b) => b.file).sort());
  });

  it('gives each workbook the office, year, half and scores it reports, as check reads them', async () => {
    for (const b of books) await expectAsGenerated(dir, b);
  });

  it('covers every feature in the first five: suggestions, a repeated score set, text, above cap, blank', () => {
    expect(books[0].suggestions.some((s) => s !== null && s !== '無')).toBe(true);
    expect(books[1].sameScoresAs).toBe(books[0].file);
    expect(books[1].scores).toEqual(books[0].scores);
    expect(books[2].problems.map((p) => p.kind)).toEqual(['text']);
    expect(books[3].problems.map((p) => p.kind)).toEqual(['aboveCap']);
    expect(books[4].scores).toContain(null);
    expect(books.map((b) => b.total)).not.toEqual(books.map(() => books[0].total));
  });

  it('is deterministic, and workbook i does not depend on n; later workbooks take the other half and earlier years', async () => {
    const more = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-generate-'));
    try {
      const longer = await generateWorkbooks(more, 45, SEED);
      expect(longer.slice(0, N)).toEqual(books);
      for (const b of books) expect(fs.readFileSync(path.join(more, b.file))).toEqual(fs.readFileSync(path.join(dir, b.file)));
      expect([longer[22], longer[44]].map((b) => b.file)).toEqual(['基隆區營業處-114-H2.xlsx', '基隆區營業處-113-H1.xlsx']);
      for (const b of [longer[22], longer[44]]) await expectAsGenerated(more, b);
      fs.rmSync(more, { recursive: true, force: true });
      fs.mkdirSync(more);
      const other = await generateWorkbooks(more, 2, SEED + 1);
      expect(other.map((b) => b.scores)).not.toEqual(books.slice(0, 2).map((b) => b.scores));
    } finally {
      fs.rmSync(more, { recursive: true, force: true });
    }
  });

  (requireOoxmlValidator('generated review workbooks') ? it : it.skip)('writes valid packages (ooxml-validate)', async () => {
    const files = Object.fromEntries(books.map((b) => [b.file, fs.readFileSync(path.join(dir, b.file))]));
    expect(await ooxmlViolations(files)).toEqual([]);
  });
});
