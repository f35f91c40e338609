/**
 * Every operation through both adapters, from the same workbook: the .xlsx adapter (ExcelJS, as the
 * command runs it) and the Office.js adapter (on the fake Excel, as the pane and the ribbon run it).
 * The results and the cells they leave must be the same.
 */
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { EXAMPLES } from '../../src/examples';
import { XlsxBook, newBook } from '../../src/adapters/xlsx';
import { check, insertTemplates, track } from '../../src/operations';
import { onBothHosts } from '../support/twoHosts';
import { exampleBook } from '../support/books';

const rubric = RUBRIC_114;
const OPTS = { office: '台東區營業處', rocYear: 114, period: 'H1' as const };

const sheet = (book: XlsxBook, name: string) => book.wb.getWorksheet(name)!;

/** Results without what only one host reports (round trips). */
const plain = <T>(r: T) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'syncs' ? undefined : v)));

async function same<I, R>(book: XlsxBook, op: Parameters<typeof onBothHosts<I, R>>[1], input: I) {
  const both = await onBothHosts(book, op, input);
  expect(plain(both.excel.result)).toEqual(
    plain(both.file.result.ok ? { ok: true, value: both.file.result.value } : both.file.result)
  );
  expect(both.excel.state).toEqual(both.file.state);
  return both;
}

describe('the same operation gives the same result and the same cells on both hosts', () => {
  it('insertTemplates, blank and example, into a workbook that has a sheet already', async () => {
    const book = newBook();
    book.wb.addWorksheet('Sheet1');
    await same(book, insertTemplates, { ...OPTS, example: false, rubric });
    const both = await same(book, insertTemplates, { ...OPTS, example: true, rubric, examples: EXAMPLES });
    // What is there (one trip; no ranges to read), then every sheet in one batch.
    expect(both.excel.syncs).toBe(2);
  });

  it('insertTemplates a second time: "(2)" sheets, the first set keeps its names', async () => {
    const both = await same(exampleBook(), insertTemplates, { ...OPTS, example: false, rubric });
    expect(both.file.result.ok && both.file.result.value.namesKept).toContain('SelfScores');
    expect(Object.keys(both.file.state.sheets)).toContain('考核評分表 (2)');
  });

  it('check: the Taitung scores, and every kind of bad value', async () => {
    const both = await same(exampleBook(), check, { rubric });
    expect(both.file.result.ok && both.file.result.value.total).toBe(939);
    const book = exampleBook();
    const ws = sheet(book, '考核評分表');
    ws.getCell('E5').value = 101;
    ws.getCell('E6').value = '95';
    ws.getCell('E7').value = { formula: '60*2', result: 120 } as never;
    ws.getCell('E8').value = true;
    ws.getCell('E9').value = null;
    const bad = await same(book, check, { rubric });
    expect(bad.file.result.ok && bad.file.result.value.problems.map((p) => [p.address, p.kind])).toEqual([
      ['E5', 'aboveCap'],
      ['E6', 'numberAsText'],
      ['E7', 'formulaOutOfRange'],
      ['E8', 'boolean'],
    ]);
    expect(bad.excel.syncs).toBe(2);
  });

  it('track on the example: up to date, nothing written', async () => {
    await same(exampleBook(), track, { rubric });
  });

  it('track after staff typed in the table and beside it, and the findings changed', async () => {
    const book = exampleBook();
    const t = sheet(book, '改善追蹤');
    t.getCell('C5').value = '7 月已補足人力。';
    t.getCell('D6').value = 45838;
    t.getCell('D6').numFmt = 'yyyy/m/d';
    t.getCell('H5').value = { formula: 'LEN(B5)' } as never;
    t.getCell('H6').value = 12;
    const s = sheet(book, '彙整表');
    // Findings: the header at row 12, then items 1 to 12 in rubric order.
    s.getCell('D14').value = '跨機關查驗再擴充。';
    s.getCell('D19').value = '無';
    const both = await same(book, track, { rubric });
    const cells = both.file.state.sheets['改善追蹤'];
    expect(cells.C5).toBe('7 月已補足人力。');
    expect(cells.D7).toBe(45838);
    expect(cells.H5).toBe('=LEN(B5)');
    expect(cells.A6).toMatch(/^2\./);
    expect(cells.E8).toBe('彙整表已無此建議（保留）');
    expect(both.file.state.names.ImprovementTracking).toBe('改善追蹤!A4:G9');
    expect(both.excel.syncs).toBe(3);
  });

  it('track finds a table whose name was deleted by its header, and makes a new sheet when there is none', async () => {
    const book = exampleBook();
    book.names = book.names.filter((n) => n.name !== 'ImprovementTracking');
    const found = await same(book, track, { rubric });
    expect(found.file.result.ok && found.file.result.value.created).toBe(false);
    const none = exampleBook();
    none.names = none.names.filter((n) => n.name !== 'ImprovementTracking');
    none.wb.removeWorksheet(sheet(none, '改善追蹤').id);
    const made = await same(none, track, { rubric });
    expect(made.file.result.ok && made.file.result.value).toMatchObject({ created: true, sheet: '改善追蹤', rows: 4 });
  });

  it('missing names give the same bilingual message on both hosts', async () => {
    const book = exampleBook();
    book.names = book.names.filter((n) => n.name !== 'SelfScores' && n.name !== 'Findings');
    const c = await same(book, check, { rubric });
    expect(c.file.result.ok).toBe(false);
    const t = await same(book, track, { rubric });
    expect(!t.file.result.ok && t.file.result.error.zh).toContain('Findings');
  });
});
