/**
 * inspect: what a review takes from one workbook — through the contract's names, or recognised in a
 * scorecard made by hand — read-only, the same on both hosts.
 */
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { flatten } from '../../src/domain/rubric';
import { carriesText } from '../../src/domain/tracking';
import { EXAMPLES } from '../../src/examples';
import { type XlsxBook, newBook, runOnBook } from '../../src/adapters/xlsx';
import { DONE, DONE_HEADER, inspect } from '../../src/operations/inspect';
import { insertTemplates, track } from '../../src/operations';
import { BLANK_INPUT, exampleBook, sheetOf } from '../support/books';
import { onBothHosts } from '../support/twoHosts';

const rubric = RUBRIC_114;
const flat = flatten(rubric);
const file = 'x.xlsx';

function facts(book: XlsxBook) {
  const r = runOnBook(book, inspect, { rubric, file });
  if (!r.ok) throw new Error(r.error.en);
  expect(r.wrote).toBe(false);
  return r.value;
}

/** A scorecard pasted by hand: a title, the header before each dimension, caps in the labels, no names. */
function handMadeScorecard(book: XlsxBook): void {
  const ws = book.wb.addWorksheet('工作表1');
  ws.addRow(['花蓮 區營業處 114 年度 7 月至 12 月提升服務效能執行計畫考核項目及評分表']);
  let i = 0;
  for (const d of rubric.dimensions) {
    ws.addRow(['執行構面', '評核項目', '評分重點', '自評']);
    d.criteria.forEach((c, j) => {
      const area = rubric.serviceAreas.find((a) => a.id === c.area)!;
      ws.addRow([j === 0 ? `${d.zh}（${d.cap}分）` : null, `${area.numeral}${area.zh}（${c.cap}分）`, 'x', c.cap - (i++ % 3)]);
    });
  }
}

const withSuggestion = EXAMPLES.scorecard.findings.flatMap((f, i) => (carriesText(f.suggestion) ? [flat[i].id] : []));

describe('inspect', () => {
  it('the example: whose form, the Taitung totals, and its open improvements', () => {
    const f = facts(exampleBook());
    expect(f).toMatchObject({ file, office: '台東區營業處', year: 114, period: 'H1', total: 939, entered: 12, of: 12 });
    expect(f.dimensions.map((d) => d.total)).toEqual([285, 381, 136, 137]);
    expect(f.scores).toEqual([95, 94, 96, 132, 124, 125, 45, 47, 44, 46, 45, 46]);
    expect(f.source).toBe('names');
    expect(f.improvements.map((i) => i.criterionId)).toEqual(withSuggestion);
    expect(f.improvements.every((i) => i.since === '114 H1')).toBe(true);
  });

  it('a tracking row marked 已完成 under 辦理狀態 is done; the others stay open', () => {
    const book = exampleBook();
    const built = runOnBook(book, track, { rubric });
    expect(built.ok).toBe(true);
    const ws = sheetOf(book, '改善追蹤');
    // Staff mark the first row done in the template's 辦理狀態 column, right of the table (H).
    let header = 0;
    ws.eachRow((row, n) => {
      if (!header && row.getCell(1).value === '考核項目') header = n;
    });
    const col = (ws.getRow(header).values as unknown[]).indexOf(DONE_HEADER);
    expect(col).toBe(8);
    ws.getCell(header + 1, col).value = DONE;
    ws.getCell(header + 2, col).value = '辦理中';
    expect(facts(book).improvements.map((i) => i.criterionId)).toEqual(withSuggestion.slice(1));
    // A table made before the template had the column: staff added one further right, and it counts as well.
    ws.getCell(header + 1, col).value = null;
    ws.getCell(header, col + 2).value = DONE_HEADER;
    ws.getCell(header + 3, col + 2).value = DONE;
    expect(facts(book).improvements.map((i) => i.criterionId)).toEqual(withSuggestion.filter((_id, i) => i !== 2));
  });

  it('bad cells count as problems and are left out of the totals, as the sheet counts them', () => {
    const book = exampleBook();
    const ws = sheetOf(book, '考核評分表');
    ws.getCell('E5').value = '95';
    ws.getCell('E6').value = 101;
    ws.getCell('E7').value = null;
    const f = facts(book);
    expect(f).toMatchObject({ problems: 2, entered: 9, total: 939 - 95 - 94 - 96 });
    expect(f.scores.slice(0, 3)).toEqual([null, null, null]);
  });

  it('a scorecard pasted by hand (no names) is recognised, with whose form it is from its title', async () => {
    const book = newBook();
    handMadeScorecard(book);
    const f = facts(book);
    expect(f).toMatchObject({ office: '花蓮區營業處', year: 114, period: 'H2', source: 'recognized', entered: 12, problems: 0 });
    expect(f.total).toBe(1000 - flat.reduce((n, _c, k) => n + (k % 3), 0));
  });

  it('rows staff typed under the table without 項目代碼 count; the sign-off line does not', () => {
    const book = newBook();
    const made = runOnBook(book, insertTemplates, BLANK_INPUT);
    expect(made.ok).toBe(true);
    const ws = sheetOf(book, '改善追蹤');
    ws.getRow(5).values = ['2. 創新性-法規及流程簡化', '縮短申辦流程', '研議中'];
    const f = facts(book);
    expect(f.improvements).toEqual([
      {
        criterionId: flat[1].id,
        item: '2. 創新性-法規及流程簡化',
        suggestion: '縮短申辦流程',
        progress: '研議中',
        since: '114 H1',
      },
    ]);
  });

  it('a hand-made tracking table split over pages (blank rows, the header again) is read whole', () => {
    const book = newBook();
    handMadeScorecard(book);
    const ws = book.wb.addWorksheet('追蹤');
    const header = ['考核項目', '建議改善事項', '改善辦理情形', '備註'];
    const label = (i: number) => `${i + 1}. ${flat[i].dimension.zh} - ${flat[i].area.zh}`;
    const suggestions: Record<number, string> = { 0: '補充人力', 3: '增加溝通管道', 6: '多元訓練', 10: '檢討流程' };
    const row = (i: number) => [label(i), suggestions[i] ?? '無', suggestions[i] ? '辦理中' : '無', null];
    ws.addRow(['台東 區營業處 114 年度 1 月至 6 月提升服務效能執行計畫']);
    ws.addRow(header);
    for (let i = 0; i < 6; i++) ws.addRow(row(i));
    ws.addRow([]);
    ws.addRow([]);
    ws.addRow(header);
    for (let i = 6; i < 12; i++) ws.addRow(row(i));
    ws.addRow([]);
    ws.addRow(['經辦', '課長', '經理', '副處長', '處長']);
    const f = facts(book);
    expect(f.improvements.map((i) => [i.criterionId, i.suggestion])).toEqual(
      [0, 3, 6, 10].map((i) => [flat[i].id, suggestions[i]])
    );
  });

  it('a workbook with neither the names nor a recognisable table: a message saying what was looked for', () => {
    const book = newBook();
    book.wb.addWorksheet('Budget').addRow(['item', 'amount']);
    const r = runOnBook(book, inspect, { rubric, file: 'budget.xlsx' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.zh).toContain('budget.xlsx');
    expect(r.error.zh).toContain('SelfScores');
    expect(r.error.en).toContain('Budget');
  });

  it('gives the same facts through the Office adapter, in two round trips', async () => {
    const both = await onBothHosts(exampleBook(), inspect, { rubric, file });
    const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
    expect(both.file.result.ok && plain(both.file.result.value)).toEqual(both.excel.result.ok && plain(both.excel.result.value));
    expect(both.excel.syncs).toBeLessThanOrEqual(2);
    expect(both.excel.state).toEqual(both.file.state);
  });
});
