/**
 * `scorecard review` and `scorecard check` on many workbooks, as a manager runs them: a folder of offices'
 * workbooks (with a subfolder, a hand-made scorecard, a foreign workbook, a broken file and an Excel lock file
 * mixed in), read through the built command; the JSON compared with what was put in; the review workbook
 * validated and recalculated by LibreOffice.
 */
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { flatten } from '../../src/domain/rubric';
import { newBook, runOnBook, saveBook } from '../../src/adapters/xlsx';
import { insertTemplates } from '../../src/operations';
import { BLANK_INPUT } from '../support/books';
import { evaluated, recalcAndRead } from '../support/libreoffice';
import { ooxmlViolations } from '../support/ooxml';
import { assertBuilt, needs, scorecard, tempDir } from './support';

const flat = flatten(RUBRIC_114);
const CAPS = flat.map((c) => c.cap);
/** The summary's findings rows (彙整表 row 13 is the first criterion) and the scorecard's score cells (E5:E16). */
const FINDING_ROW = 13;
const SCORE_ROW = 5;

interface Made {
  office: string;
  year: number;
  period: 'H1' | 'H2';
  scores: (number | string | null)[];
  suggestions?: Record<number, string>;
}

async function officeBook(file: string, m: Made): Promise<void> {
  const book = newBook();
  const r = runOnBook(book, insertTemplates, { ...BLANK_INPUT, office: m.office, rocYear: m.year, period: m.period });
  if (!r.ok) throw new Error(r.error.en);
  const sc = book.wb.getWorksheet('考核評分表')!;
  m.scores.forEach((v, i) => (sc.getCell(SCORE_ROW + i, 5).value = v));
  const sum = book.wb.getWorksheet('彙整表')!;
  for (const [i, s] of Object.entries(m.suggestions ?? {})) sum.getCell(FINDING_ROW + Number(i), 4).value = s;
  fs.writeFileSync(file, await saveBook(book));
}

/** A scorecard pasted from the Word form by hand: a title, one table per dimension, no defined names. */
async function handMade(file: string, office: string, scores: number[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('工作表1');
  ws.addRow([`${office} 114 年度 1 月至 6 月提升服務效能執行計畫考核項目及評分表`]);
  ws.addRow([]);
  let i = 0;
  for (const d of RUBRIC_114.dimensions) {
    ws.addRow(['執行構面', '評核項目', '評分重點', '自評']);
    d.criteria.forEach((c, j) => {
      const area = RUBRIC_114.serviceAreas.find((a) => a.id === c.area)!;
      ws.addRow([j === 0 ? `${d.zh} (${d.cap} 分)` : null, `${area.numeral}${area.zh} (${c.cap} 分)`, c.guidance, scores[i++]]);
    });
    ws.addRow([]);
  }
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

const full = (minus: number[] = []) => CAPS.map((c, i) => c - (minus[i] ?? 0));

describe('scorecard review and check on a folder of workbooks', () => {
  let dir: string;
  const folder = () => path.join(dir, 'in');
  beforeAll(async () => {
    assertBuilt();
    dir = tempDir('review-');
    fs.mkdirSync(path.join(folder(), 'east'), { recursive: true });
    const f = (name: string) => path.join(folder(), name);
    await officeBook(f('taitung-114-H1.xlsx'), {
      office: '台東區營業處',
      year: 114,
      period: 'H1',
      scores: full([5, 6, 4, 8, 6, 5, 5, 3, 6, 4, 5, 4]),
      suggestions: { 0: '補充人力', 3: '增加溝通管道' },
    });
    await officeBook(f('taitung-114-H2.xlsx'), {
      office: '台東區營業處',
      year: 114,
      period: 'H2',
      scores: full([5, 6, 4, 8, 6, 5, 5, 3, 6, 4, 5, 4]),
    });
    // Two offices handing in the same scores; one with a text score and a blank one.
    await officeBook(path.join(folder(), 'east', 'hualien-114-H1.xlsx'), {
      office: '花蓮區營業處',
      year: 114,
      period: 'H1',
      scores: full([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]),
    });
    await officeBook(f('yilan-114-H1.xlsx'), {
      office: '宜蘭區營業處',
      year: 114,
      period: 'H1',
      scores: full([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]),
    });
    await officeBook(f('pingtung-114-H1.xlsx'), {
      office: '屏東區營業處',
      year: 114,
      period: 'H1',
      scores: [...full().slice(0, 10), 'abc', null],
    });
    await handMade(f('tainan-by-hand.xlsx'), '台南區營業處', full([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]));
    const foreign = new ExcelJS.Workbook();
    foreign.addWorksheet('Budget').addRow(['item', 'amount']);
    fs.writeFileSync(f('budget.xlsx'), Buffer.from(await foreign.xlsx.writeBuffer()));
    fs.writeFileSync(f('broken.xlsx'), fs.readFileSync(f('yilan-114-H1.xlsx')).subarray(0, 900));
    fs.writeFileSync(f('~$yilan-114-H1.xlsx'), Buffer.from('lock'));
    fs.writeFileSync(f('notes.txt'), 'not a workbook');
    // An Excel 97–2003 workbook (its OLE signature): listed with what to do, not left out without a word.
    fs.writeFileSync(
      f('old.xls'),
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)])
    );
    fs.symlinkSync(path.join(folder(), 'east'), path.join(dir, 'east-link'));
  }, 120_000);

  it('review --json: every readable workbook with its office, year, period, totals and rank; the others listed', async () => {
    const r = await scorecard(['review', folder(), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).sort()).toEqual(['criteria', 'flags', 'openImprovements', 'unreadable', 'workbooks']);
    const by = (name: string) => j.workbooks.find((w: { file: string }) => w.file.endsWith(name));
    expect(j.workbooks).toHaveLength(6);
    expect(by('taitung-114-H1.xlsx')).toMatchObject({
      office: '台東區營業處',
      year: 114,
      period: 'H1',
      total: 1000 - 61,
      entered: 12,
      of: 12,
      problems: 0,
      openImprovements: 2,
    });
    expect(by('taitung-114-H1.xlsx').dimensions.map((d: { total: number }) => d.total)).toEqual([285, 381, 136, 137]);
    expect(by('tainan-by-hand.xlsx')).toMatchObject({ office: '台南區營業處', year: 114, period: 'H1', total: 988 });
    expect(by('pingtung-114-H1.xlsx')).toMatchObject({ entered: 10, problems: 1 });
    // Ranks among the 114 H1 workbooks: 台南 988, 屏東 (only ten scores) …, 台東 939, 花蓮 = 宜蘭 880 share a rank.
    const h1 = j.workbooks.filter((w: { period: string }) => w.period === 'H1');
    const rank = (name: string) => by(name).rank;
    expect(rank('tainan-by-hand.xlsx')).toBe(1);
    expect(rank('hualien-114-H1.xlsx')).toBe(rank('yilan-114-H1.xlsx'));
    expect(rank('taitung-114-H1.xlsx')).toBeLessThan(rank('yilan-114-H1.xlsx'));
    expect(Math.max(...h1.map((w: { rank: number }) => w.rank))).toBeLessThanOrEqual(h1.length);
    expect(by('taitung-114-H2.xlsx').rank).toBe(1);

    const unreadable = j.unreadable.map((u: { file: string }) => path.basename(u.file)).sort();
    expect(unreadable).toEqual(['broken.xlsx', 'budget.xlsx', 'old.xls']);
    expect(j.unreadable.find((u: { file: string }) => u.file.endsWith('old.xls')).message.en).toMatch(/xlsx/i);
    for (const u of j.unreadable) {
      expect(u.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(u.message.en).toMatch(/[a-z]/);
    }
    const kinds = j.flags.map((f: { kind: string }) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(['identicalScores', 'unchangedFromPrevious', 'incomplete', 'invalid']));
    const same = j.flags
      .filter((f: { kind: string }) => f.kind === 'identicalScores')
      .map((f: { files: string[] }) => f.files.map((x) => path.basename(x)).sort());
    expect(same).toContainEqual(['hualien-114-H1.xlsx', 'yilan-114-H1.xlsx']);
    const open = j.openImprovements.map((o: { criterionId: string; suggestion: string }) => [o.criterionId, o.suggestion]);
    expect(open).toEqual([
      [flat[0].id, '補充人力'],
      [flat[3].id, '增加溝通管道'],
    ]);
    const first = j.criteria.find((c: { id: string }) => c.id === flat[0].id);
    expect(first).toMatchObject({ min: 90, max: 100 });
  }, 60_000);

  it('review --out writes a valid workbook whose ranks LibreOffice recalculates to the JSON ranks', async () => {
    if (!needs('review workbook', ['libreoffice', 'ooxml'])) return;
    const out = path.join(dir, 'review.xlsx');
    const r = await scorecard(['review', folder(), '--out', out, '--json']);
    expect(r.code).toBe(1);
    expect(await ooxmlViolations(out)).toEqual([]);
    const j = JSON.parse(r.stdout);
    const wb = (await recalcAndRead(out)).workbook;
    const ws = wb.getWorksheet('總表')!;
    const header = Array.from(ws.getRow(headerRow(ws)).values as unknown[], (v) => String(v ?? ''));
    const col = (name: string) => header.findIndex((h) => h.includes(name));
    const seen: Record<string, number> = {};
    ws.eachRow((row, n) => {
      if (n <= headerRow(ws)) return;
      const file = String(row.getCell(col('檔案')).value ?? '');
      if (file) seen[path.basename(file)] = Number(evaluated(row.getCell(col('名次'))));
    });
    for (const w of j.workbooks) expect(seen[path.basename(w.file)]).toBe(w.rank);
    // Written again only with --force.
    const again = await scorecard(['review', folder(), '--out', out]);
    expect(again.code).toBe(2);
  }, 240_000);

  it('exit 2 when nothing can be read, 0 when every workbook is complete and valid', async () => {
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad);
    fs.copyFileSync(path.join(folder(), 'broken.xlsx'), path.join(bad, 'broken.xlsx'));
    expect((await scorecard(['review', bad, '--json'])).code).toBe(2);
    const good = await scorecard(['review', path.join(folder(), 'taitung-114-H1.xlsx'), path.join(folder(), 'east')]);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('台東區營業處');
    expect(good.stdout).toContain('花蓮區營業處');
  }, 60_000);

  it('many files are read on worker threads with the same result, in the same order, as one file at a time', async () => {
    const many = path.join(dir, 'many');
    fs.mkdirSync(many);
    const sources = ['taitung-114-H1.xlsx', 'pingtung-114-H1.xlsx', 'tainan-by-hand.xlsx', 'broken.xlsx'];
    for (let i = 0; i < 40; i++) {
      const src = sources[i % sources.length];
      fs.copyFileSync(path.join(folder(), src), path.join(many, `${String(i).padStart(2, '0')}-${src}`));
    }
    const pooled = JSON.parse((await scorecard(['review', many, '--json'])).stdout);
    expect(pooled.workbooks).toHaveLength(30);
    expect(pooled.unreadable).toHaveLength(10);
    for (const src of sources.slice(0, 3)) {
      const alone = JSON.parse((await scorecard(['review', path.join(folder(), src), '--json'])).stdout).workbooks[0];
      const copies = pooled.workbooks.filter((w: { file: string }) => w.file.endsWith(src));
      expect(copies).toHaveLength(10);
      for (const c of copies) expect({ ...c, file: '', rank: 0 }).toEqual({ ...alone, file: '', rank: 0 });
    }
  }, 120_000);

  it('a workbook named twice (another spelling, a link to its folder) is reviewed once', async () => {
    const once = JSON.parse((await scorecard(['review', folder(), '--json'])).stdout);
    const twice = JSON.parse(
      (await scorecard(['review', folder(), `${folder()}/./taitung-114-H1.xlsx`, path.join(dir, 'east-link'), '--json'])).stdout
    );
    expect(twice.workbooks).toHaveLength(once.workbooks.length);
    // A folder reached only through a link is searched.
    const linked = JSON.parse((await scorecard(['review', path.join(dir, 'east-link'), '--json'])).stdout);
    expect(linked.workbooks.map((w: { office: string }) => w.office)).toEqual(['花蓮區營業處']);
  }, 60_000);

  it('--out never replaces a workbook under review, even with --force; it must be an .xlsx', async () => {
    const input = path.join(folder(), 'yilan-114-H1.xlsx');
    const before = fs.readFileSync(input);
    const r = await scorecard(['review', folder(), '--out', input, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('under review');
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    const csv = await scorecard(['review', folder(), '--out', path.join(dir, 'r.csv')]);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('--out takes an .xlsx file name');
    expect(fs.existsSync(path.join(dir, 'r.csv'))).toBe(false);
  }, 60_000);

  it('a path that does not exist is refused at once, naming it', async () => {
    const r = await scorecard(['review', path.join(dir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('check on a folder: one object per workbook in `workbooks`, naming office, year and period', async () => {
    const r = await scorecard(['check', folder(), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.workbooks.length).toBe(5);
    const taitung = j.workbooks.find((w: { file: string }) => w.file.endsWith('taitung-114-H1.xlsx'));
    expect(taitung).toMatchObject({ office: '台東區營業處', year: 114, period: 'H1', total: 939, valid: true });
    expect(j.unreadable.map((u: { file: string }) => path.basename(u.file)).sort()).toEqual([
      'broken.xlsx',
      'budget.xlsx',
      'old.xls',
      'tainan-by-hand.xlsx',
    ]);
    // One workbook keeps the one-object shape.
    const one = JSON.parse((await scorecard(['check', path.join(folder(), 'taitung-114-H1.xlsx'), '--json'])).stdout);
    expect(one).toMatchObject({ office: '台東區營業處', total: 939 });
  }, 60_000);
});

/** The 總表's header row: the first row whose cells include 名次. */
function headerRow(ws: ExcelJS.Worksheet): number {
  for (let r = 1; r <= 10; r++) if ((ws.getRow(r).values as unknown[]).some((v) => String(v ?? '').includes('名次'))) return r;
  throw new Error('no header row with 名次 in 總表');
}
