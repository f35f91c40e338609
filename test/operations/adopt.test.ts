import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { XlsxBook, loadBook, newBook, runOnBook, saveBook } from '../../src/adapters/xlsx';
import { adopt } from '../../src/operations/adopt';
import { check } from '../../src/operations/check';
import { inspect } from '../../src/operations/inspect';
import { track } from '../../src/operations/track';
import { NAMES } from '../../src/contract';
import { copyBook, dumpBook, onBothHosts, seedFake } from '../support/twoHosts';
import { createOfficeHost } from '../../src/adapters/office/host';
import { ooxmlViolations, requireOoxmlValidator } from '../support/ooxml';
import { LIBREOFFICE_TEST_TIMEOUT_MS, recalcAndRead, requireLibreOffice } from '../support/libreoffice';

/**
 * `adopt` on scorecards as staff have them: the seed's Word tables pasted into a sheet by hand. The seed's text
 * (tab-separated, one line a row) is pasted as Excel pastes it: each line a row, each tab a cell, numbers as numbers.
 */

const SEED = fs.readFileSync(path.join(__dirname, '../../../shared/seeds/scorecard-taitung-114-h1.txt'), 'utf8').split('\n');
const rubric = RUBRIC_114;

interface Paste {
  /** the sheet's name */
  sheet?: string;
  /** first column (1 = A) */
  col?: number;
  /** replace these texts (a wrong cap, an emptied subtotal) */
  edit?: (line: string) => string;
}

function pasted(p: Paste = {}): XlsxBook {
  const book = newBook();
  const ws = book.wb.addWorksheet(p.sheet ?? '工作表1');
  SEED.forEach((raw, i) => {
    const line = p.edit ? p.edit(raw) : raw;
    line.split('\t').forEach((t, j) => {
      if (!t.trim()) return;
      const v = /^\d+(\.\d+)?$/.test(t.trim()) ? Number(t.trim()) : t;
      ws.getCell(i + 1, j + (p.col ?? 1)).value = v;
    });
  });
  return book;
}

/** The summary's typed subtotals and total taken out, so adopt may put its formulas there. */
const emptySummary = (line: string) =>
  /^(創新性|效益及影響|可持續性|擴散應用) \(\d+ 分\)\t一、提供在地化及客製化關懷服務 二、/.test(line)
    ? line.replace(/\t\d+$/, '\t')
    : line.replace('\t\t總分： 939 分', '\t總分：\t');

async function roundTrip(book: XlsxBook): Promise<XlsxBook> {
  return loadBook(await saveBook(book), 'adopted.xlsx');
}

/** Every cell that held something before, and what it holds after: nothing may differ. */
function changedOriginals(before: ReturnType<typeof dumpBook>, after: ReturnType<typeof dumpBook>): string[] {
  const out: string[] = [];
  for (const [sheet, cells] of Object.entries(before.sheets))
    for (const [a, v] of Object.entries(cells)) if (after.sheets[sheet]?.[a] !== v) out.push(`${sheet}!${a}`);
  for (const [sheet, merges] of Object.entries(before.merges))
    for (const m of merges) if (!after.merges[sheet]?.includes(m)) out.push(`${sheet} merge ${m}`);
  return out;
}

describe('adopt: the seed pasted into one sheet', () => {
  test('attaches SelfScores over the staff cells (one area per pasted table), and check reads 939', async () => {
    const book = pasted();
    const before = dumpBook(book);
    const r = runOnBook(book, adopt, { rubric });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.already).toBe(false);
    const after = await roundTrip(book);
    expect(changedOriginals(before, dumpBook(after))).toEqual([]);
    const name = after.names.find((n) => n.name === NAMES.selfScores && n.localSheetId === undefined);
    expect(name?.formula).toBe(
      "'工作表1'!$D$10:$D$12,'工作表1'!$D$15:$D$17,'工作表1'!$D$20:$D$21,'工作表1'!$D$24,'工作表1'!$D$27:$D$29"
    );
    const c = runOnBook(after, check, { rubric });
    expect(c.ok && c.value.total).toBe(939);
    expect(c.ok && c.value.dimensions.map((d) => d.total)).toEqual([285, 381, 136, 137]);
    expect(c.ok && c.value.meta).toEqual({ office: '台東區營業處', rocYear: 114, period: 'H1' });
    expect(c.ok && c.value.criteria.map((x) => x.address)).toEqual([
      'D10',
      'D11',
      'D12',
      'D15',
      'D16',
      'D17',
      'D20',
      'D21',
      'D24',
      'D27',
      'D28',
      'D29',
    ]);
  });

  test('is idempotent: a second run writes nothing and says the workbook is set up', async () => {
    const book = pasted();
    runOnBook(book, adopt, { rubric });
    const bytes = await saveBook(book);
    const again = runOnBook(await loadBook(bytes, 'a.xlsx'), adopt, { rubric });
    expect(again.ok && again.wrote).toBe(false);
    expect(again.ok && again.value.already).toBe(true);
    expect(again.ok && again.value.summary.en).toMatch(/set up already/);
  });

  test('typed subtotals are kept and the totals go on 自評總分核算; the pasted tracking table is attached, not duplicated', async () => {
    const book = pasted();
    const r = runOnBook(book, adopt, { rubric });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.notes.map((n) => n.en).join(' ')).toMatch(/C38.*left as they are/);
    const after = await roundTrip(book);
    const ref = (n: string) => after.names.find((x) => x.name === n && x.localSheetId === undefined)?.formula;
    expect(ref(NAMES.totalScore)).toBe("'自評總分核算'!$D$2");
    expect(ref(NAMES.tracking)).toBe("'工作表1'!$A$85:$G$101");
    expect(ref(NAMES.findings)).toBe("'工作表1'!$A$48:$F$60");
    // track then changes nothing: the four rows with suggestions are keyed, the 無 rows are the form's own.
    const t = runOnBook(after, track, { rubric });
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.value.report.added).toEqual([]);
    expect(t.value.rows).toBe(16);
    // review reads the open improvements through the names
    const facts = runOnBook(after, inspect, { rubric, file: 'x.xlsx' });
    expect(facts.ok && facts.value.source).toBe('names');
    expect(facts.ok && facts.value.improvements.length).toBe(4);
  });

  test('empty summary cells take the total formulas (DimensionTotals, TotalScore on the summary); no tracking table: track builds one', async () => {
    const book = pasted({ edit: (l) => (l.startsWith('考核項目\t建議改善事項') ? '' : emptySummary(l)) });
    const r = runOnBook(book, adopt, { rubric });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const after = await roundTrip(book);
    const ref = (n: string) => after.names.find((x) => x.name === n && x.localSheetId === undefined)?.formula;
    expect(ref(NAMES.dimensionTotals)).toBe("'工作表1'!$C$38:$C$41");
    expect(ref(NAMES.totalScore)).toBe("'工作表1'!$C$42");
    const ws = after.wb.getWorksheet('工作表1')!;
    expect(ws.getCell('C38').formula).toMatch(/自評總分核算/);
    expect(after.wb.worksheets.map((w) => w.name)).toEqual(['工作表1', '自評總分核算', '改善追蹤']);
    expect(r.value.added.map((a) => a.where)).toContain('改善追蹤');
  });

  test('the table starting in column C, on a sheet named with spaces and quotes', async () => {
    const book = pasted({ col: 3, sheet: "O'Neil 評分 表" });
    const r = runOnBook(book, adopt, { rubric });
    expect(r.ok).toBe(true);
    const c = runOnBook(await roundTrip(book), check, { rubric });
    expect(c.ok && c.value.total).toBe(939);
    expect(c.ok && c.value.scores.range).toBe('F10:F12,F15:F17,F20:F21,F24,F27:F29');
  });
});

describe('adopt refuses, naming the cell', () => {
  test('a cap in a label that disagrees with the rubric: exit-2 error, nothing written', async () => {
    const book = pasted({ edit: (l) => l.replace('二、法規及流程簡化 (100 分)', '二、法規及流程簡化 (120 分)') });
    const before = dumpBook(book);
    const r = runOnBook(book, adopt, { rubric });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.zh).toMatch(/工作表1!B11.*120 分.*100 分/);
    expect(r.error.en).toMatch(/工作表1!B11.*120 points.*cap .* is 100/);
    expect(r.error.en).toMatch(/not changed/);
    expect(dumpBook(book)).toEqual(before);
    expect(book.wb.worksheets.map((w) => w.name)).toEqual(['工作表1']);
  });

  test('no scorecard at all: says what it looked for and where', () => {
    const book = newBook();
    book.wb.addWorksheet('預算').getCell('A1').value = '經費';
    const r = runOnBook(book, adopt, { rubric });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.zh).toMatch(/執行構面.*評核項目.*評分重點.*自評/);
    expect(r.error.en).toMatch(/預算!A1/);
  });
});

describe('adopt: both hosts', () => {
  test('Excel (Office.js) and the file end in the same state, in three syncs', async () => {
    const both = await onBothHosts(pasted(), adopt, { rubric });
    expect(both.file.result.ok).toBe(true);
    expect(both.excel.result.ok).toBe(true);
    expect(both.excel.state.sheets).toEqual(both.file.state.sheets);
    // the same references, however each host quotes the sheet in the areas after the first
    const plain = (names: Record<string, string>) =>
      Object.fromEntries(Object.entries(names).map(([k, v]) => [k, v.replace(/'?[^',!]+'?!/g, '')]));
    expect(plain(both.excel.state.names)).toEqual(plain(both.file.state.names));
    expect(both.excel.state.names.SelfScores).toMatch(/^工作表1!D10:D12,/);
    expect(both.excel.syncs).toBeLessThanOrEqual(3);
  });
});

const validator = requireOoxmlValidator('adopt output');
(validator ? test : test.skip)('the adopted workbook passes the OOXML schemas', async () => {
  const book = pasted();
  runOnBook(book, adopt, { rubric });
  expect(await ooxmlViolations(await saveBook(book))).toEqual([]);
});

const lo = requireLibreOffice('adopt recalculation');
(lo ? test : test.skip)(
  'LibreOffice recalculates the totals the checker gives, on the new sheet and in the summary, and SUM(SelfScores)',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-'));
    try {
      const book = pasted({ edit: (l) => emptySummary(l).replace('\t132', '\t150') });
      const r = runOnBook(book, adopt, { rubric });
      expect(r.ok).toBe(true);
      const file = path.join(dir, 'a.xlsx');
      fs.writeFileSync(file, await saveBook(book));
      const c = runOnBook(await loadBook(fs.readFileSync(file), 'a'), check, { rubric });
      expect(c.ok && c.value.total).toBe(939 - 132);
      const wb = await recalcAndRead(file);
      expect(wb.value('自評總分核算', 'D2')).toBe(939 - 132);
      expect(wb.value('工作表1', 'C42')).toBe(939 - 132);
      // the form's 總分（滿分 1000 分） line (A5) above the scorecard shows it too
      expect(wb.value('工作表1', 'B5')).toBe(939 - 132);
      expect(wb.named(NAMES.dimensionTotals).flat()).toEqual([285, 381 - 132, 136, 137]);
      expect(wb.value('自評總分核算', 'A2')).toBe('尚有 1 項需修正，總分未定');
      expect(wb.named(NAMES.selfScores).flat()).toEqual([95, 94, 96, 150, 124, 125, 45, 47, 44, 46, 45, 46]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  LIBREOFFICE_TEST_TIMEOUT_MS
);

describe('adopt in Excel: what the scan of every sheet costs', () => {
  test('blank sheets and the blank parts of a sheet are not sent: ten extra sheets add almost nothing', async () => {
    const one = pasted();
    const many = pasted();
    for (let i = 1; i <= 10; i++) many.wb.addWorksheet(`空白${i}`);
    const payload = async (book: XlsxBook) => {
      const fake = await seedFake(await copyBook(book));
      const host = createOfficeHost({ rubric, run: fake.run, isSetSupported: fake.isSetSupported });
      const r = await host.run(adopt, { rubric });
      expect(r.ok).toBe(true);
      expect(r.syncs).toBe(3);
      return fake.payloadBytes;
    };
    const base = await payload(one);
    const more = await payload(many);
    // each blank sheet costs its name and a null answer, not 400 × 26 empty cells (about 300 KB each)
    expect(more - base).toBeLessThan(10 * 5_000);
  });
});
