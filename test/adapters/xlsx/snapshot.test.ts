/**
 * Reading an .xlsx as Excel shows it and as the sheet's formulas count it: the checker must agree with
 * the sheet cell by cell, whatever another program left in the file.
 */
import ExcelJS from 'exceljs';
import { RUBRIC_114 } from '../../../src/domain/defaultRubric';
import { XlsxBook, loadBook, runOnBook, saveBook } from '../../../src/adapters/xlsx';
import { readCell, readSnapshot } from '../../../src/adapters/xlsx/snapshot';
import { check } from '../../../src/operations';
import { exampleBook } from '../../support/books';

const rubric = RUBRIC_114;

const scores = (book: XlsxBook) => book.wb.getWorksheet('考核評分表')!;
/** Through the bytes, as the command sees a saved file. */
const reloaded = async (book: XlsxBook) => loadBook(await saveBook(book), 'test.xlsx');
const checked = (book: XlsxBook) => {
  const r = runOnBook(book, check, { rubric });
  if (!r.ok) throw new Error(r.error.en);
  return r.value;
};

describe('reading score cells', () => {
  it('a merged score cell counts once; the cell under the merge is shown blank and is a problem, not a second score', async () => {
    const book = exampleBook();
    scores(book).mergeCells('E5:E6');
    const r = checked(await reloaded(book));
    expect(r.dimensions[0].total).toBe(95 + 96); // E5 once, E6 not at all, E7
    expect(r.problems.map((p) => [p.address, p.kind])).toEqual([['E6', 'merged']]);
  });

  it('a formula with no cached result is "not calculated", never blank, so an over-cap formula cannot pass', async () => {
    const book = exampleBook();
    scores(book).getCell('E5').value = { formula: 'C5*2' } as ExcelJS.CellFormulaValue;
    const r = checked(await reloaded(book));
    expect(r.valid).toBe(false);
    expect(r.problems[0]).toMatchObject({ address: 'E5', kind: 'uncalculated' });
    expect(r.problems[0].message.en).toContain('C5*2');
  });

  it('a hyperlinked score is the number it holds', async () => {
    const book = exampleBook();
    scores(book).getCell('E5').value = { text: 95, hyperlink: 'https://example.org/evidence' } as unknown as ExcelJS.CellValue;
    const r = checked(await reloaded(book));
    expect(r.criteria[0]).toMatchObject({ status: 'scored', score: 95 });
    expect(JSON.stringify(r)).not.toContain('[object Object]');
  });

  it('a number with a date or custom format counts, as the sheet counts it', async () => {
    const book = exampleBook();
    scores(book).getCell('E5').numFmt = 'yyyy/m/d';
    scores(book).getCell('E6').numFmt = '0 "pts"';
    const r = checked(await reloaded(book));
    expect(r).toMatchObject({ valid: true, total: 939 });
  });

  it("LibreOffice's TRUE() is a logical, as a person typed it", () => {
    const wb = new ExcelJS.Workbook();
    const c = wb.addWorksheet('S').getCell('A1');
    c.value = { formula: 'TRUE()', result: true } as ExcelJS.CellFormulaValue;
    expect(readCell(c, false)).toEqual({ kind: 'boolean', value: true });
  });

  it('a formula whose result is 0 reads 0, not blank', async () => {
    const book = exampleBook();
    scores(book).getCell('E5').value = { formula: '0*1', result: 0 } as ExcelJS.CellFormulaValue;
    const r = checked(await reloaded(book));
    expect(r.criteria[0]).toMatchObject({ status: 'scored', score: 0 });
  });
});

describe('defined names', () => {
  it('a sheet-scoped SelfScores (Excel\'s "Create a copy" makes one) is not the contract\'s: the workbook-scoped one is read', async () => {
    const book = exampleBook();
    const copy = book.wb.addWorksheet('考核評分表 (2)');
    for (let r = 5; r <= 16; r++) copy.getCell(`E${r}`).value = 0;
    const index = book.wb.worksheets.indexOf(copy);
    book.names.unshift({ name: 'SelfScores', localSheetId: index, formula: "'考核評分表 (2)'!$E$5:$E$16" });
    const r = checked(await reloaded(book));
    expect(r.total).toBe(939);
    expect(r.scores.sheet).toBe('考核評分表');
  });

  it('names that are not one range (nor areas of equal width on one sheet) of this workbook are said to be so, not read', async () => {
    const book = exampleBook();
    const snap = (formula: string) => {
      book.names = book.names.map((n) => (n.name === 'SelfScores' ? { ...n, formula } : n));
      return readSnapshot(book, { ranges: ['SelfScores'] });
    };
    // Areas of unequal widths, or on two sheets; several areas of equal width are read (areasAndScopes.test.ts).
    const areas = ["'考核評分表'!$E$5,'考核評分表'!$E$7:$F$7", "'考核評分表'!$E$5,'彙整表'!$E$7"];
    for (const f of ['#REF!$E$5:$E$16', '5', ...areas, "'沒有這張'!$E$5:$E$16"]) {
      const s = snap(f);
      expect(s.ranges.SelfScores).toBeUndefined();
      expect(s.names.find((n) => n.name === 'SelfScores')).toMatchObject({ refersTo: `=${f}` });
      const r = runOnBook(book, check, { rubric });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.en).toContain('SelfScores');
    }
  });
});

describe('rows above a range', () => {
  it('are read in the same columns (those asked for beside it too), up to row 1, as the cells show', async () => {
    const book = await reloaded(exampleBook());
    const s = readSnapshot(book, {
      ranges: ['PlanActions', 'SelfScores'],
      above: { PlanActions: 200, SelfScores: 2 },
      wider: { SelfScores: 1 },
    });
    const plan = s.above?.PlanActions;
    // clipped at row 1: the title, the date, a blank row, then the sections down to 伍's paragraph
    expect(plan?.rect).toEqual({ top: 1, left: 1, bottom: 13, right: 5 });
    expect(plan?.cells[0][0]).toMatchObject({ kind: 'string', value: '台電公司台北市區營業處114年度提升服務效能執行計畫' });
    // the line is merged across: the cells beside it are hidden
    expect(plan?.cells[0].slice(1).every((c) => c.hidden)).toBe(true);
    expect(plan?.cells[2][0]).toEqual({ kind: 'empty', value: null });
    expect(plan?.cells[11][0].value).toBe('伍、執行策略及具體作法');
    expect(s.ranges.PlanActions?.cells[0][0].value).toBe('服務內涵');
    // E5:E16 and one column beside it: two rows above, the same two columns
    expect(s.above?.SelfScores?.rect).toEqual({ top: 3, left: 5, bottom: 4, right: 6 });
    expect(s.above?.SelfScores?.cells[1][0].value).toBe('自評');
    expect(s.below).toEqual({});
  });

  it('none for a range that starts at row 1, for several areas, or when not asked for', async () => {
    const book = await reloaded(exampleBook());
    book.names.push({ name: 'Top', formula: "'執行計畫'!$A$1:$E$2" });
    book.names.push({ name: 'Two', formula: "'考核評分表'!$E$5:$E$6,'考核評分表'!$E$9:$E$10" });
    const s = readSnapshot(book, { ranges: ['Top', 'Two', 'PlanActions'], above: { Top: 5, Two: 5 } });
    expect(s.ranges.Top?.rect).toEqual({ top: 1, left: 1, bottom: 2, right: 5 });
    expect(s.ranges.Two?.areas).toHaveLength(2);
    expect(s.above).toEqual({});
  });
});
