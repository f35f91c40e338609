/**
 * Building tracking on workbooks staff have edited, through the operation and the .xlsx adapter.
 * (test/operations/parity.test.ts shows the Office.js adapter does the same.)
 */
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { XlsxBook, runOnBook, saveBook } from '../../src/adapters/xlsx';
import { track } from '../../src/operations';
import { STATUS } from '../../src/domain/tracking';
import { dumpBook } from '../support/twoHosts';
import { exampleBook } from '../support/books';

const rubric = RUBRIC_114;

const ws = (book: XlsxBook, name: string) => book.wb.getWorksheet(name)!;
const trackingName = (book: XlsxBook) => book.names.find((n) => n.name === 'ImprovementTracking')!;
const run = (book: XlsxBook) => {
  const r = runOnBook(book, track, { rubric });
  if (!r.ok) throw new Error(r.error.en);
  return r.value;
};
/** Findings: header at row 12 of 彙整表, item n at row 12 + n. */
const finding = (book: XlsxBook, item: number, col: 'D' | 'E' | 'F', v: string) =>
  (ws(book, '彙整表').getCell(`${col}${12 + item}`).value = v);

describe('track', () => {
  it('a name an edit narrowed still covers the whole table: no row is added twice', () => {
    const book = exampleBook();
    trackingName(book).formula = "'改善追蹤'!$A$4:$G$6"; // header + items 1 and 4 only
    const r = run(book);
    expect(r.report.added).toEqual([]);
    expect(r.rows).toBe(4);
    expect(trackingName(book).formula).toBe("'改善追蹤'!$A$4:$G$8");
  });

  it('a row staff copied (two rows with one key) is kept, and the item is not added a third time', () => {
    const book = exampleBook();
    const t = ws(book, '改善追蹤');
    t.spliceRows(9, 0, ['4. 效益及影響（續）', '另一項', '', '', '', 'impact.local', '另一項']);
    trackingName(book).formula = "'改善追蹤'!$A$4:$G$9";
    const r = run(book);
    expect(r.report.added).toEqual([]);
    expect(t.getCell('B9').value).toBe('另一項');
  });

  it('columns staff moved are found by their headers: the tool writes 狀態 where 狀態 is now', () => {
    const book = exampleBook();
    const t = ws(book, '改善追蹤');
    // Swap 備註 (D) and 狀態 (E), headers and contents.
    for (let r = 4; r <= 8; r++) {
      const d = t.getCell(`D${r}`).value;
      t.getCell(`D${r}`).value = t.getCell(`E${r}`).value;
      t.getCell(`E${r}`).value = d;
    }
    finding(book, 7, 'D', '無');
    run(book);
    expect(t.getCell('D7').value).toBe(STATUS.orphan);
    expect(t.getCell('E7').value).toBeNull();
  });

  it('refuses text longer than a cell can hold, naming the cell, and writes nothing', async () => {
    const book = exampleBook();
    finding(book, 2, 'D', '長'.repeat(32768));
    const before = dumpBook(book);
    const r = runOnBook(book, track, { rubric });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.zh).toContain('32767');
    expect(r.error.en).toMatch(/改善追蹤'?!B6/);
    expect(dumpBook(book)).toEqual(before);
  });

  it('a new tracking sheet made later takes its title from OfficeName, RocYear and Period', async () => {
    const book = exampleBook();
    book.names = book.names.filter((n) => n.name !== 'ImprovementTracking');
    book.wb.removeWorksheet(ws(book, '改善追蹤').id);
    ws(book, '考核評分表').getCell('B3').value = '花蓮區營業處';
    const r = run(book);
    expect(r).toMatchObject({ created: true, sheet: '改善追蹤', rows: 4 });
    const title = ws(book, '改善追蹤').getCell('A1').value as { formula: string; result: string };
    expect(title.formula).toContain("'考核評分表'!$B$3");
    expect(title.result).toBe('花蓮區營業處 114 年度 1 月至 6 月提升服務效能執行計畫');
    await expect(saveBook(book)).resolves.toBeInstanceOf(Buffer);
  });

  it('one run, one consistent report: additions, withdrawals and kept rows are each said once', () => {
    const book = exampleBook();
    finding(book, 2, 'D', '新建議');
    finding(book, 11, 'D', '無');
    const r = run(book);
    expect(r.report).toMatchObject({
      added: ['innovation.simplify'],
      orphaned: ['diffusion.simplify'],
      replaced: [],
      conflicts: [],
    });
    expect(r.summary.zh).toMatch(/新增 1 列（項目 2）.*保留 1 列已無建議的項目（11）/);
    expect(r.summary.en).toMatch(/added 1 \(items 2\).*kept 1 whose finding no longer has a suggestion \(11\)/);
    expect(r.entries.map((e) => e.item.split('.')[0])).toEqual(['1', '2', '4', '7', '11']);
  });
});
