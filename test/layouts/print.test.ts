/**
 * The printout is the seed's form: the example workbook, recalculated and printed by LibreOffice, read back
 * page by page with poppler's pdftotext. Every page of a table starts with its header row; only the seed's
 * columns print; each table ends with its own sign-off line; a scorecard page names the dimension of every
 * row on it; the totals say whether they are final; the summary shows the progress typed in the tracking
 * sheet. Gated on LibreOffice and pdftotext like the test/cli suites (a loud skip, a failure under CI=true).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { saveBook } from '../../src/adapters/xlsx';
import { SHEET_NAMES } from '../../src/contract';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { flatten } from '../../src/domain/rubric';
import { EXAMPLES } from '../../src/examples';
import { XlsxBook } from '../../src/adapters/xlsx';
import { toPdf, tempDir } from '../cli/support';
import { exampleBook, sheetOf } from '../support/books';
import { LIBREOFFICE_TEST_TIMEOUT_MS, readEvaluated, recalc, requireLibreOffice } from '../support/libreoffice';
import { ooxmlViolations, requireOoxmlValidator } from '../support/ooxml';

function requirePdftotext(suite: string): boolean {
  const found = (process.env.PATH ?? '').split(path.delimiter).some((d) => fs.existsSync(path.join(d, 'pdftotext')));
  if (found) return true;
  if (process.env.CI === 'true') throw new Error(`${suite} needs pdftotext (apt-get install poppler-utils)`);
  console.warn(`SKIPPED: ${suite} needs pdftotext (apt-get install poppler-utils)`);
  return false;
}

const SUITE = 'the printout (LibreOffice, pdftotext)';
const gated = [requireLibreOffice(SUITE), requirePdftotext(SUITE)].every(Boolean);
const d = gated ? describe : describe.skip;
const withValidator = gated && requireOoxmlValidator(SUITE) ? it : it.skip;

/** The text of every page, in reading order (layout: kept in columns, as printed). */
function pdfText(pdf: string, layout: boolean): Promise<string[]> {
  const args = [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', pdf, '-'];
  return new Promise((resolve, reject) =>
    execFile('pdftotext', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (e, out, err) =>
      e ? reject(new Error(`pdftotext failed: ${e.message}\n${err}`)) : resolve(out.split('\f').slice(0, -1))
    )
  );
}

const FOOTER = /^\s*第 \d+ 頁，共 \d+ 頁\s*$/;
/** A page's printed lines, blank lines and the page footer left out. */
const linesOf = (page: string) => page.split('\n').filter((l) => l.trim() !== '' && !FOOTER.test(l));
/** Whitespace taken out: wrapped cell text compares whole. */
const squash = (s: string) => s.replace(/\s+/g, '');
const words = (line: string) => line.trim().split(/\s+/);

interface Sheet {
  key: keyof typeof SHEET_NAMES;
  /** pages as printed (-layout) and in reading order, cell text kept together */
  layout: string[];
  raw: string[];
}

/** The pages of each sheet, in tab order: a sheet starts on the page whose first lines are its title. */
function bySheet(layout: string[], raw: string[]): Record<Sheet['key'], Sheet> {
  const titles: [Sheet['key'], RegExp][] = [
    ['plan', /^台電公司.*執行計畫$/],
    ['scorecard', /考核項目及評分表$/],
    ['summary', /自行考核結果彙整表$/],
    ['tracking', /^建議改善事項辦理情形表$/],
  ];
  const out = {} as Record<Sheet['key'], Sheet>;
  let at = -1;
  layout.forEach((page, i) => {
    const top = linesOf(page)
      .slice(0, 2)
      .map((l) => l.trim());
    if (at + 1 < titles.length && top.some((l) => titles[at + 1][1].test(l))) at++;
    if (at < 0) throw new Error(`page ${i + 1} comes before the plan's title: ${top.join(' / ')}`);
    const key = titles[at][0];
    out[key] ??= { key, layout: [], raw: [] };
    out[key].layout.push(page);
    out[key].raw.push(raw[i]);
  });
  return out;
}

const HEADERS = {
  plan: ['服務內涵', '服務策略', '具體作法', '承辦部門', '完成期限'],
  scorecard: ['執行構面', '評核項目', '評分重點', '自評'],
  findings: ['考核項目', '優點', '缺點', '建議改善事項', '改善事項辦理情形', '備註'],
  tracking: ['考核項目', '建議改善事項', '改善辦理情形', '備註'],
};
const AREA_LABEL = /[一二三]、(?:提供在地化及客製化關懷服務|法規及流程簡化|公私協力)/g;

/** Scores typed as staff might leave them: one blank, one above its cap, one text. */
function notFinal(book: XlsxBook): XlsxBook {
  const ws = sheetOf(book, SHEET_NAMES.scorecard);
  ws.getCell('E5').value = null;
  ws.getCell('E6').value = 101;
  ws.getCell('E7').value = 'abc';
  return book;
}

d('the printout is the seed form', () => {
  let dir: string;
  let pages: Record<Sheet['key'], Sheet>;
  let pagesNotFinal: Record<Sheet['key'], Sheet>;
  const files: Record<string, string> = {};
  const values: Record<string, Awaited<ReturnType<typeof readEvaluated>>> = {};

  beforeAll(async () => {
    dir = tempDir('print');
    const write = async (name: string, book: XlsxBook) => {
      files[name] = path.join(dir, `${name}.xlsx`);
      fs.writeFileSync(files[name], await saveBook(book));
    };
    await write('example', exampleBook());
    await write('notFinal', notFinal(exampleBook()));
    const onlyBad = exampleBook();
    sheetOf(onlyBad, SHEET_NAMES.scorecard).getCell('E11').value = 51; // 可持續性-提供在地化及客製化關懷服務, cap 50
    await write('onlyBad', onlyBad);
    const onlyBlank = exampleBook();
    for (const a of ['E5', 'E9', 'E16']) sheetOf(onlyBlank, SHEET_NAMES.scorecard).getCell(a).value = null;
    await write('onlyBlank', onlyBlank);
    // Progress typed in the tracking sheet: item 1 cleared, item 4 given a second row further down (the last
    // row for a criterion is the one shown), item 7 a number.
    const typed = exampleBook();
    const t = sheetOf(typed, SHEET_NAMES.tracking);
    t.getCell('C5').value = null;
    t.getCell('C6').value = '第一次回報';
    t.getCell('F8').value = 'impact.local';
    t.getCell('C8').value = '7 月已完成線上問卷';
    t.getCell('C7').value = 0;
    await write('typed', typed);

    // LibreOffice computes every formula itself (not the results the file was written with), then prints.
    const recalculated: Record<string, string> = {};
    await Promise.all(
      Object.entries(files).map(async ([name, file]) => {
        const done = await recalc(file);
        recalculated[name] = path.join(dir, `${name}-lo.xlsx`);
        fs.copyFileSync(done, recalculated[name]);
        fs.rmSync(path.dirname(path.dirname(done)), { recursive: true, force: true });
        values[name] = await readEvaluated(recalculated[name]);
      })
    );
    const [pdf, pdfNotFinal] = await toPdf([recalculated.example, recalculated.notFinal], dir);
    const read = async (p: string) => bySheet(await pdfText(p, true), await pdfText(p, false));
    pages = await read(pdf);
    pagesNotFinal = await read(pdfNotFinal);
  }, LIBREOFFICE_TEST_TIMEOUT_MS);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints each sheet on its own pages (page counts of the example)', () => {
    const counts = Object.fromEntries(Object.values(pages).map((s) => [s.key, s.layout.length]));
    expect(Object.keys(counts)).toEqual(['plan', 'scorecard', 'summary', 'tracking']);
    // Long enough that the plan, the scorecard and the findings run on; short enough to be one form each.
    expect(counts.plan).toBeGreaterThanOrEqual(2);
    expect(counts.scorecard).toBeGreaterThanOrEqual(2);
    expect(counts.summary).toBeGreaterThanOrEqual(2);
    for (const n of Object.values(counts)) expect(n).toBeLessThanOrEqual(4);
  });

  it('every page of a table starts with its header row', () => {
    const startsWith = (page: string, header: string[]) => expect(words(linesOf(page)[0])).toEqual(header);
    // The plan's table starts on its first page, under the sections; every later page starts with its header.
    expect(squash(pages.plan.layout[0])).toContain(squash(HEADERS.plan.join('')));
    pages.plan.layout.slice(1).forEach((p) => startsWith(p, HEADERS.plan));
    expect(pages.scorecard.layout[0]).toMatch(new RegExp(HEADERS.scorecard.join('\\s+')));
    pages.scorecard.layout.slice(1).forEach((p) => startsWith(p, HEADERS.scorecard));
    // The summary: its findings header repeats on every page after the one where the findings start.
    const findingsStart = pages.summary.layout.findIndex((p) => p.includes('二、考核項目優點'));
    expect(findingsStart).toBeGreaterThanOrEqual(0);
    expect(pages.summary.layout[findingsStart]).toMatch(new RegExp(HEADERS.findings.join('\\s+')));
    expect(pages.summary.layout.length).toBeGreaterThan(findingsStart + 1);
    pages.summary.layout.slice(findingsStart + 1).forEach((p) => startsWith(p, HEADERS.findings));
    // …and not above the title on the first page.
    expect(linesOf(pages.summary.layout[0])[0]).toMatch(/自行考核結果彙整表/);
    expect(pages.tracking.layout[0]).toMatch(new RegExp(HEADERS.tracking.join('\\s+') + '\\s*$', 'm'));
    pages.tracking.layout.slice(1).forEach((p) => startsWith(p, HEADERS.tracking));
  });

  it("prints only the seed's columns: no 配分, 計入, 檢核, 狀態, 項目代碼, 建立依據, nor the hidden ids", () => {
    const all = Object.values(pages).flatMap((s) => [...s.layout, ...s.raw]);
    for (const word of ['配分', '計入', '檢核', '項目代碼', '建立依據', '狀態', '已評 ']) {
      expect(all.filter((p) => p.includes(word)).map(() => word)).toEqual([]);
    }
    for (const c of flatten(RUBRIC_114)) expect(all.some((p) => p.includes(c.id))).toBe(false);
  });

  it('each table ends with its own sign-off line: the summary without 課長, the tracking table with it', () => {
    const lastLine = (s: Sheet) => words(linesOf(s.layout[s.layout.length - 1]).pop()!);
    expect(lastLine(pages.summary)).toEqual(['經辦', '經理', '副處長', '處長']);
    expect(pages.summary.layout.some((p) => p.includes('課長'))).toBe(false);
    expect(lastLine(pages.tracking)).toEqual(['經辦', '課長', '經理', '副處長', '處長']);
  });

  it("titles: the plan is the Taipei office's, the scorecard, summary and tracking table the Taitung office's", () => {
    expect(linesOf(pages.plan.layout[0])[0].trim()).toBe('台電公司台北市區營業處114年度提升服務效能執行計畫');
    for (const s of [pages.scorecard, pages.summary, pages.tracking])
      expect(linesOf(s.layout[0])[0].trim()).toMatch(/^台東區營業處 114 年度 1 月至 6 月提升服務效能執行計畫/);
    // The scorecard's line under the title: whose form it is and the year, each with its label; no label alone.
    expect(words(linesOf(pages.scorecard.layout[0])[2])).toEqual(['受考單位', '台東區營業處', '114', '年度']);
  });

  it('a scorecard page that continues a dimension names it: every row on a page shows its dimension', () => {
    const flat = flatten(RUBRIC_114);
    let next = 0;
    const onPages = pages.scorecard.raw.map((page) => {
      const rows = (squash(page).match(AREA_LABEL) ?? []).length;
      const here = flat.slice(next, next + rows);
      next += rows;
      return here;
    });
    expect(next).toBe(flat.length);
    expect(onPages.length).toBeGreaterThanOrEqual(2);
    // A page break inside a dimension is what this guards: the example's scorecard has one.
    expect(onPages.slice(1).some((p, i) => p[0].dimension.id === onPages[i][onPages[i].length - 1].dimension.id)).toBe(true);
    onPages.forEach((criteria, i) => {
      const page = squash(pages.scorecard.raw[i]);
      const named = (page.match(/創新性|效益及影響|可持續性|擴散應用/g) ?? []).length;
      for (const c of criteria) expect(page).toContain(c.dimension.zh);
      // once per row: the row's own cell, not only a neighbour's
      expect(named).toBeGreaterThanOrEqual(criteria.length);
    });
  });

  it('the totals say whether they are final, beside the scorecard total and under the summary total', () => {
    const first = (s: Sheet) => linesOf(s.layout[0]).slice(0, 6).join('\n');
    expect(first(pages.scorecard)).toMatch(/總分已確定\s+總分（滿分 1000 分）：\s+939/);
    expect(pages.summary.layout[0]).toMatch(/總分（滿分 1000 分）：\s+939\s*\n\s*總分已確定/);
    expect(first(pagesNotFinal.scorecard)).toMatch(/尚有 2 項需修正、1 項未評分，總分未定\s+總分（滿分 1000 分）：\s+654/);
    expect(pagesNotFinal.summary.layout[0]).toMatch(/總分（滿分 1000 分）：\s+654\s*\n\s*尚有 2 項需修正、1 項未評分，總分未定/);
  });

  it('the notes as LibreOffice computes them: need fixing, not scored, both, final', () => {
    const note = (name: string) => [
      values[name].value(SHEET_NAMES.scorecard, 'D2'),
      values[name].value(SHEET_NAMES.summary, 'A9'),
    ];
    const label = '　　總分（滿分 1000 分）：';
    const expected: Record<string, string> = {
      example: '總分已確定',
      onlyBad: '尚有 1 項需修正，總分未定',
      onlyBlank: '尚有 3 項未評分，總分未定',
      notFinal: '尚有 2 項需修正、1 項未評分，總分未定',
    };
    for (const [name, text] of Object.entries(expected)) expect([name, ...note(name)]).toEqual([name, text + label, text]);
  });

  it("the summary shows the progress typed in the tracking sheet: the last row's, blank when none or blank", () => {
    const progress = (name: string) =>
      Array.from({ length: 12 }, (_, i) => values[name].value(SHEET_NAMES.summary, `E${13 + i}`) ?? '');
    const seed = EXAMPLES.scorecard.findings.map((f) => (f.suggestion === '無' ? '' : f.progress));
    expect(progress('example')).toEqual(seed);
    const typed = [...seed.map(() => '')];
    typed[3] = '7 月已完成線上問卷'; // impact.local: its last row's
    typed[6] = '0'; // a number typed is shown as typed, as text
    expect(progress('typed')).toEqual(typed);
    // …and prints: the seed's texts on the summary's pages.
    const summary = squash(pages.summary.raw.join(''));
    for (const text of seed.filter(Boolean)) expect(summary).toContain(squash(text));
  });

  withValidator('the example passes ooxml-validate (0 violations)', async () => {
    const kept = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, fs.readFileSync(f)]));
    expect(await ooxmlViolations(kept)).toEqual([]);
  });
});
