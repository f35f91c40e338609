/**
 * Test fixtures: scorecard workbooks made the way district-office staff make them today, the Word form's tables
 * (../shared/seeds/scorecard-taitung-114-h1.txt) pasted into Excel by hand, for `scorecard adopt` and the
 * recogniser. Each style is written by ExcelJS used directly (not the project's adapters, which would repair what
 * staff files never get repaired), by openpyxl, or saved again by LibreOffice, as staff files come from all three.
 *
 * `cellDump` reads every cell with openpyxl, a reader independent of the project's, and `compareDumps` lists
 * the original cells that changed: what `adopt` (which must change no cell that holds something) is tested by.
 *
 * Needs Debian's python3 with openpyxl (./openpyxl.ts) for the openpyxl style and the dumps, and LibreOffice
 * (./libreoffice.ts) for the re-saved style: gate suites on requireOpenpyxl / requireLibreOffice.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { OPENPYXL_PYTHON } from './openpyxl';
import { recalc } from './libreoffice';

/* ------------------------------------------------------------------------------------------------------------
 * What a style promises
 * ---------------------------------------------------------------------------------------------------------- */

export interface HandmadeExpect {
  /** the workbook's sheets, in tab order */
  sheets: string[];
  /** every self-score cell, "考核評分表!D8", in rubric order */
  scoreCells: string[];
  /**
   * what each score cell holds, as a spreadsheet shows it: a number, text ("95" typed as text, "４７" in full-width
   * digits), null when blank; a formula's cached result
   */
  scores: (number | string | null)[];
  /** the findings table's 考核項目 header cell ("彙整表!A15"), when the workbook has one */
  findings?: string;
  /**
   * the summary's 考核成績 table: its 分數 cell per dimension (rubric order) and on the 總分 row, and whether staff
   * typed something there (a subtotal, "總分： 939 分", a formula) or left them empty
   */
  totals?: { dimensionCells: string[]; totalCell: string; typed: boolean };
  /** a criterion label whose cap disagrees with the rubric: adopt must refuse the workbook and name the cell */
  wrongCap?: { cell: string; labelCap: number; rubricCap: number };
}

export interface HandmadeStyle {
  name: string;
  description: string;
  /** which program wrote the file */
  writer: 'exceljs' | 'openpyxl' | 'libreoffice';
  /** Writes `${name}.xlsx` into dir (which must exist) and resolves to its path. */
  write(dir: string): Promise<string>;
  expect: HandmadeExpect;
}

/* ------------------------------------------------------------------------------------------------------------
 * The seed, read as staff read it
 * ---------------------------------------------------------------------------------------------------------- */

/** One criterion row of the seed's scorecard. */
interface SeedCriterion {
  /** 創新性 · 效益及影響 · 可持續性 · 擴散應用 */
  dimension: string;
  dimensionCap: number;
  /** 一、提供在地化及客製化關懷服務 */
  area: string;
  cap: number;
  /** the label cell as the seed has it: "一、提供在地化及客製化關懷服務 (100 分)", "<b>三、公私協力</b> (50 分)" */
  label: string;
  /** the guidance cell as the seed has it, HTML leftovers included */
  guidance: string;
  score: number;
}

const CAP_LABEL = /^(.*?)\s*\((\d+) 分\)$/;
const stripTags = (s: string) => s.replace(/<[^>]*>/g, '');

function seedCriteria(): SeedCriterion[] {
  const out: SeedCriterion[] = [];
  let dim = { name: '', cap: 0 };
  for (const row of SEED_SCORECARD_ROWS) {
    if (row.length === 0 || row[0] === '執行構面') continue;
    if (row[0]) {
      const m = CAP_LABEL.exec(row[0])!;
      dim = { name: m[1], cap: Number(m[2]) };
    }
    const l = CAP_LABEL.exec(stripTags(row[1]))!;
    out.push({
      dimension: dim.name,
      dimensionCap: dim.cap,
      area: l[1],
      cap: Number(l[2]),
      label: row[1],
      guidance: row[2],
      score: Number(row[3]),
    });
  }
  return out;
}

/** The dimensions in seed order, each with its criteria. */
function seedDimensions(): { name: string; cap: number; criteria: SeedCriterion[] }[] {
  const dims: { name: string; cap: number; criteria: SeedCriterion[] }[] = [];
  for (const c of seedCriteria()) {
    const last = dims[dims.length - 1];
    if (last?.name === c.dimension) last.criteria.push(c);
    else dims.push({ name: c.dimension, cap: c.dimensionCap, criteria: [c] });
  }
  return dims;
}

/**
 * The paragraphs Word shows for a guidance cell of the seed: each <p> and <li> one paragraph, an <ol>'s items
 * numbered as Word numbers them; a cell without tags is one paragraph.
 */
export function paragraphsOf(html: string): string[] {
  const out: string[] = [];
  let text = '';
  let ol: number | null = null;
  const flush = () => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t) out.push(t);
    text = '';
  };
  for (const m of html.matchAll(/<(\/?)([a-z]+)[^>]*>|[^<]+/g)) {
    const [token, close, tag] = m;
    if (tag === undefined) text += token;
    else if (tag === 'ol') ol = close ? null : 0;
    else if (tag === 'p' || tag === 'li') {
      flush();
      if (!close && tag === 'li' && ol !== null) text = `${++ol}. `;
    }
  }
  flush();
  return out;
}

/** A seed cell as Excel takes pasted text: digits become numbers, an empty field leaves the cell empty. */
function pasted(t: string): string | number | undefined {
  if (t === '') return undefined;
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/* ------------------------------------------------------------------------------------------------------------
 * A workbook as plain data, rendered by ExcelJS or by openpyxl (handmade.py)
 * ---------------------------------------------------------------------------------------------------------- */

interface CellSpec {
  value?: string | number;
  /** a formula without "=", with the result Excel would have cached */
  formula?: { f: string; result: number };
  /** text in runs, as Word's bold pastes */
  rich?: { text: string; bold?: boolean }[];
  /** a real date (ISO yyyy-mm-dd); openpyxl only */
  date?: string;
  numFmt?: string;
  font?: { name?: string; size?: number; bold?: boolean };
  /** solid fill, RRGGBB */
  fill?: string;
  wrap?: boolean;
  align?: 'left' | 'center' | 'right';
  link?: string;
}

interface SheetSpec {
  name: string;
  cells: Map<string, CellSpec>;
  merges: string[];
  widths: Record<string, number>;
  /** frozen rows and columns */
  freeze?: { rows: number; cols: number };
  /** ExcelJS only */
  autoFilter?: string;
  /** in-cell drop-down lists; ExcelJS only */
  lists?: { ref: string; items: string[] }[];
}

const col = (c: number): string =>
  c <= 26 ? String.fromCharCode(64 + c) : col(Math.floor((c - 1) / 26)) + col(((c - 1) % 26) + 1);
const at = (r: number, c: number) => `${col(c)}${r}`;

class Sheet implements SheetSpec {
  cells = new Map<string, CellSpec>();
  merges: string[] = [];
  widths: Record<string, number> = {};
  freeze?: { rows: number; cols: number };
  autoFilter?: string;
  lists?: { ref: string; items: string[] }[];
  constructor(public name: string) {}

  set(ref: string, value: string | number | CellSpec | undefined, style: CellSpec = {}): this {
    if (value === undefined) return this;
    const spec = typeof value === 'object' ? value : { value };
    this.cells.set(ref, { ...this.cells.get(ref), ...spec, ...style });
    return this;
  }

  /** Rows of seed text pasted with their top-left at (top, left); style(row, col, text) formats each cell. */
  paste(top: number, left: number, rows: string[][], style: (i: number, j: number, t: string) => CellSpec = () => ({})): this {
    rows.forEach((row, i) => row.forEach((t, j) => this.set(at(top + i, left + j), pasted(t), style(i, j, t))));
    return this;
  }

  merge(ref: string): this {
    this.merges.push(ref);
    return this;
  }

  /** Cells in a row from column `left` (undefined leaves one empty). */
  row(r: number, left: number, values: (string | number | undefined)[], style: CellSpec = {}): this {
    values.forEach((v, j) => this.set(at(r, left + j), v, style));
    return this;
  }
}

async function writeWithExcelJS(file: string, sheets: SheetSpec[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const views: Partial<ExcelJS.WorksheetView>[] = s.freeze
      ? [{ state: 'frozen', xSplit: s.freeze.cols, ySplit: s.freeze.rows }]
      : [];
    const ws = wb.addWorksheet(s.name, { views });
    for (const [ref, c] of s.cells) {
      const cell = ws.getCell(ref);
      if (c.formula) cell.value = { formula: c.formula.f, result: c.formula.result };
      else if (c.rich)
        cell.value = { richText: c.rich.map((r) => ({ text: r.text, ...(r.bold ? { font: { bold: true } } : {}) })) };
      else if (c.link && c.value !== undefined) cell.value = { text: String(c.value), hyperlink: c.link };
      else if (c.date) throw new Error('handmade: dates are written by openpyxl only');
      else if (c.value !== undefined) cell.value = c.value;
      if (c.numFmt) cell.numFmt = c.numFmt;
      if (c.font) cell.font = c.font;
      if (c.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${c.fill}` } };
      if (c.wrap || c.align)
        cell.alignment = { wrapText: !!c.wrap, vertical: 'top', ...(c.align ? { horizontal: c.align } : {}) };
    }
    for (const ref of s.merges) ws.mergeCells(ref);
    for (const [letter, width] of Object.entries(s.widths)) ws.getColumn(letter).width = width;
    if (s.autoFilter) ws.autoFilter = s.autoFilter;
    for (const l of s.lists ?? []) {
      const [from, to = from] = l.ref.split(':');
      const a = /^([A-Z]+)(\d+)$/.exec(from)!;
      const b = /^([A-Z]+)(\d+)$/.exec(to)!;
      for (let r = Number(a[2]); r <= Number(b[2]); r++) {
        ws.getCell(`${a[1]}${r}`).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${l.items.join(',')}"`],
        };
      }
    }
  }
  await wb.xlsx.writeFile(file);
  return file;
}

async function writeWithOpenpyxl(file: string, sheets: SheetSpec[]): Promise<string> {
  const spec = {
    sheets: sheets.map((s) => {
      if (s.autoFilter || s.lists) throw new Error('handmade: filters and lists are written by ExcelJS only');
      return {
        name: s.name,
        cells: [...s.cells].map(([ref, c]) => {
          if (c.formula || c.rich) throw new Error('handmade: formulas and rich text are written by ExcelJS only');
          return { ref, ...c, value: c.value ?? null };
        }),
        merges: s.merges,
        widths: s.widths,
        freeze: s.freeze ? at(s.freeze.rows + 1, s.freeze.cols + 1) : null,
      };
    }),
  };
  await python(['write', file], JSON.stringify(spec));
  return file;
}

/** The openpyxl side (handmade.py), with stdin; resolves to its stdout. */
function python(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      OPENPYXL_PYTHON,
      [path.join(__dirname, 'handmade.py'), ...args],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`handmade.py ${args[0]} failed: ${error.message}\n${stderr}`)) : resolve(stdout)
    );
    child.stdin?.end(input ?? '');
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * The sheets staff make
 * ---------------------------------------------------------------------------------------------------------- */

const OFFICE_LINK = 'https://www.taipower.com.tw/';
const HEADER_FILL = 'D9E1F2';
const KAI = '標楷體';
const AREAS_TEXT = '一、提供在地化及客製化關懷服務\n二、法規及流程簡化\n三、公私協力';

/** Sign-off names in one row, one a column (the seed puts each on a line of its own). */
const SIGN_SUMMARY = ['經辦', '經理', '副處長', '處長'];
const SIGN_TRACKING = ['經辦', '課長', '經理', '副處長', '處長'];

/** Style a's scorecard sheet: the seed's three title lines, then its five tables pasted from row 7 down. */
function seedScorecard(name: string, style: (i: number, j: number, t: string) => CellSpec = () => ({})): Sheet {
  const s = new Sheet(name);
  s.set('A1', SEED_SCORECARD_TITLES[0]).set('A3', SEED_SCORECARD_TITLES[1]).set('A5', SEED_SCORECARD_TITLES[2]);
  s.paste(7, 1, SEED_SCORECARD_ROWS, style);
  s.widths = { A: 16, B: 34, C: 90, D: 8 };
  return s;
}

/** The summary (titles, 考核成績, findings, sign-off) pasted from row `top` down; returns the next free row. */
function seedSummary(
  s: Sheet,
  top: number,
  { bold = { font: { bold: true } }, findings }: { bold?: CellSpec; findings?: (i: number) => CellSpec } = {}
): number {
  s.set(`A${top}`, SEED_SUMMARY_TITLES[0]).set(`A${top + 2}`, SEED_SUMMARY_TITLES[1], bold);
  s.paste(top + 4, 1, SEED_SUMMARY_ROWS);
  s.set(`A${top + 12}`, SEED_SUMMARY_TITLES[2], bold);
  s.paste(top + 14, 1, SEED_FINDINGS_ROWS, findings);
  s.row(top + 28, 1, SIGN_SUMMARY);
  return top + 29;
}

/** The tracking table as the seed has it: two title lines, the ※ line, two pages with the header repeated. */
function seedTracking(s: Sheet, top: number): void {
  s.set(`A${top}`, SEED_TRACKING_TITLES[0])
    .set(`A${top + 1}`, SEED_TRACKING_TITLES[1])
    .set(`A${top + 3}`, SEED_TRACKING_TITLES[2]);
  s.paste(top + 5, 1, SEED_TRACKING_ROWS);
  s.row(top + 5 + SEED_TRACKING_ROWS.length + 1, 1, SIGN_TRACKING);
}

/** a: the seed pasted as text (one table per Word table), summary, findings and tracking on a second sheet. */
function seedLike(): Sheet[] {
  const sc = seedScorecard('考核評分表');
  const sum = new Sheet('彙整表');
  const next = seedSummary(sum, 1);
  seedTracking(sum, next + 2);
  sum.widths = { A: 40, B: 36, C: 36, D: 36, E: 36, F: 10 };
  return [sc, sum];
}

/** b / e: one header row in C4, two title rows, merged dimension cells, 備註 before 自評, scores typed oddly. */
function columnC(wrongCap: boolean): Sheet[] {
  const sc = new Sheet('評分表');
  sc.set('C1', SEED_SCORECARD_TITLES[0], { font: { bold: true, size: 14 } }).merge('C1:G1');
  sc.set('C2', '考核日期：114 年 7 月 10 日');
  sc.row(4, 3, ['執行構面', '評核項目', '評分重點', '備註', '自評'], {
    font: { bold: true },
    fill: HEADER_FILL,
    align: 'center',
  });
  const remarks: Record<number, string> = { 0: '詳附件1', 3: '含問卷 32 份' };
  const odd: Record<number, string | number | CellSpec | undefined> = {
    0: { formula: { f: '90+5', result: 95 } },
    2: '95',
    7: undefined,
  };
  let r = 5;
  for (const d of seedDimensions()) {
    sc.set(`C${r}`, `${d.name}（${d.cap}分）`, { align: 'center' }).merge(`C${r}:C${r + d.criteria.length - 1}`);
    for (const c of d.criteria) {
      const i = r - 5;
      const cap = wrongCap && i === 1 ? 120 : c.cap;
      sc.set(`D${r}`, `${c.area}（${cap}分）`, { wrap: true });
      sc.set(`E${r}`, paragraphsOf(c.guidance).join('\n'), { wrap: true });
      sc.set(`F${r}`, remarks[i]);
      sc.set(`G${r}`, i in odd ? odd[i] : c.score);
      r++;
    }
  }
  sc.widths = { A: 3, B: 3, C: 14, D: 30, E: 70, F: 12, G: 8 };

  const sum = new Sheet('彙整');
  sum.set('A1', SEED_SUMMARY_TITLES[0], { font: { bold: true, size: 14 } });
  sum.set('A3', SEED_SUMMARY_TITLES[1], { font: { bold: true } });
  sum.set('A4', SEED_SUMMARY_ROWS[0][0], { font: { bold: true } }).merge('A4:B4');
  sum.set('C4', '分數', { font: { bold: true } });
  seedDimensions().forEach((d, k) =>
    sum.set(`A${5 + k}`, `${d.name} (${d.cap} 分)`).set(`B${5 + k}`, AREAS_TEXT, { wrap: true })
  );
  sum.set('A9', '總分：', { align: 'right' }).merge('A9:B9');
  sum.set('D9', '分');
  sum.set('A11', SEED_SUMMARY_TITLES[2], { font: { bold: true } });
  sum.paste(13, 1, SEED_FINDINGS_ROWS, (i) => (i === 0 ? { font: { bold: true }, fill: HEADER_FILL } : { wrap: true }));
  sum.row(26, 1, SIGN_SUMMARY);
  sum.widths = { A: 40, B: 36, C: 36, D: 36, E: 36, F: 10 };
  return [sc, sum];
}

/** c: like a, all on one sheet, formatted: fonts, fills, wrapped guidance, widths, a link, a real date. */
function oneSheet(): Sheet[] {
  const s = seedScorecard('工作表1', (i, j) => {
    if (SEED_SCORECARD_ROWS[i][0] === '執行構面') return { font: { name: KAI, bold: true }, fill: HEADER_FILL, align: 'center' };
    if (j === 0) return { font: { name: KAI, bold: true } };
    return j === 2 ? { wrap: true } : {};
  });
  s.set('A1', SEED_SCORECARD_TITLES[0], { font: { name: KAI, size: 16, bold: true }, fill: 'FFF2CC' });
  s.set('A5', '考核日期：').set('B5', { date: '2025-07-10', numFmt: 'yyyy/m/d', align: 'left' });
  s.set('C9', { link: OFFICE_LINK });
  seedSummary(s, 29, {
    bold: { font: { name: KAI, bold: true } },
    findings: (i) => (i === 0 ? { fill: HEADER_FILL } : { wrap: true }),
  });
  s.widths = { A: 18, B: 34, C: 90, D: 10, E: 40, F: 12 };
  return [s];
}

/** f: every row names its dimension, decimal scores, a note column, frozen panes, a filter, a totals row, three sheets. */
function decimals(): Sheet[] {
  const scores = [95.5, 94, 96, 132.5, 124, 125, 45, 47.5, 44, 46, 45, 46];
  const sc = new Sheet('工作表1');
  sc.set('A1', SEED_SCORECARD_TITLES[0].replace(/ /g, ''), { font: { bold: true, size: 14 } });
  sc.row(3, 1, ['執行構面', '評核項目', '評分重點', '自評', '說明'], { font: { bold: true }, fill: HEADER_FILL });
  const notes: Record<number, string> = { 1: '附件 1-3', 7: '佐證資料待補', 10: '與電費組確認中' };
  let r = 4;
  for (const d of seedDimensions()) {
    d.criteria.forEach((c, k) => {
      const i = r - 4;
      sc.set(`A${r}`, k === 0 ? `${d.name} (${d.cap} 分)` : d.name);
      sc.set(`B${r}`, `${c.area.replace(/^[一二三]、/, '')}(${c.cap}分)`);
      sc.set(`C${r}`, paragraphsOf(c.guidance).join('\n'), { wrap: true });
      sc.set(`D${r}`, scores[i], { numFmt: '0.0' });
      sc.set(`E${r}`, notes[i]);
      r++;
    });
  }
  sc.set('A16', '總分', { font: { bold: true } });
  sc.set('D16', { formula: { f: 'SUM(D4:D15)', result: 940.5 } }, { numFmt: '0.0', font: { bold: true } });
  sc.freeze = { rows: 3, cols: 2 };
  sc.autoFilter = 'A3:E15';
  sc.widths = { A: 14, B: 30, C: 80, D: 8, E: 18 };

  const sum = new Sheet('工作表2');
  sum.set('A1', SEED_SUMMARY_TITLES[0]).set('A3', SEED_SUMMARY_TITLES[1]);
  sum.row(4, 1, [SEED_SUMMARY_ROWS[0][0], undefined, '分數']);
  const subtotals = [285.5, 381.5, 136.5, 137];
  seedDimensions().forEach((d, k) => {
    const from = 4 + 3 * k;
    sum.set(`A${5 + k}`, `${d.name} (${d.cap} 分)`).set(`B${5 + k}`, AREAS_TEXT, { wrap: true });
    sum.set(`C${5 + k}`, { formula: { f: `SUM(工作表1!D${from}:D${from + 2})`, result: subtotals[k] } });
  });
  sum.set('B9', '總分', { align: 'right' }).set('C9', { formula: { f: 'SUM(C5:C8)', result: 940.5 } });
  sum.set('A11', SEED_SUMMARY_TITLES[2]);
  sum.paste(13, 1, SEED_FINDINGS_ROWS, () => ({ wrap: true }));
  sum.widths = { A: 40, B: 36, C: 36, D: 36, E: 36, F: 10 };

  const tr = new Sheet('工作表3');
  tr.set('A1', `${SEED_TRACKING_TITLES[0].trim()} ${SEED_TRACKING_TITLES[1]}`).set('A3', SEED_TRACKING_TITLES[2]);
  const rows = SEED_TRACKING_ROWS.filter((x, i) => x.length > 0 && (i === 0 || x[0] !== '考核項目'));
  tr.paste(
    5,
    1,
    rows.map((x) => x.slice(0, 4))
  );
  tr.set('E5', '辦理狀態');
  const status: Record<number, string> = { 0: '辦理中', 3: '已完成', 6: '辦理中', 10: '辦理中' };
  for (const [i, v] of Object.entries(status)) tr.set(`E${6 + Number(i)}`, v);
  tr.lists = [{ ref: 'E6:E17', items: ['辦理中', '已完成'] }];
  tr.widths = { A: 40, B: 40, C: 40, D: 10, E: 10 };
  return [sc, sum, tr];
}

/**
 * g: what Excel itself makes of a Word table pasted with Ctrl+V: each paragraph of a cell on a row of its own, the
 * cells beside it merged down over those rows, the dimension merged over its whole table, Word's bold kept as
 * rich text, and one score typed with the Chinese IME's full-width digits.
 */
function wordRows(): Sheet[] {
  const s = new Sheet('考核評分表');
  s.set('A1', SEED_SCORECARD_TITLES[0], { font: { bold: true, size: 14 } }).merge('A1:D1');
  s.set('A3', SEED_SCORECARD_TITLES[1]).set('A5', SEED_SCORECARD_TITLES[2]);
  const header = SEED_SCORECARD_ROWS[0];
  let r = 7;
  let table: { top: number; dim: string } | undefined;
  const closeTable = () => {
    if (table && r - 1 > table.top) s.merge(`A${table.top}:A${r - 1}`);
  };
  let i = 0;
  for (const row of SEED_SCORECARD_ROWS) {
    if (row.length === 0) {
      closeTable();
      table = undefined;
      r++;
      continue;
    }
    if (row[0] === '執行構面') {
      s.row(r++, 1, header, { font: { bold: true }, align: 'center' });
      continue;
    }
    table ??= { top: r, dim: row[0] };
    if (row[0]) s.set(`A${r}`, row[0], { align: 'center' });
    const paras = paragraphsOf(row[2]);
    const bold = /^<b>(.*?)<\/b>(.*)$/.exec(row[1]);
    s.set(`B${r}`, bold ? { rich: [{ text: bold[1], bold: true }, { text: bold[2] }] } : row[1], { wrap: true });
    paras.forEach((p, k) => s.set(`C${r + k}`, p, { wrap: true }));
    s.set(`D${r}`, i === 7 ? '４７' : Number(row[3]), { align: 'center' });
    if (paras.length > 1) for (const c of 'BD') s.merge(`${c}${r}:${c}${r + paras.length - 1}`);
    r += paras.length;
    i++;
  }
  closeTable();
  s.widths = { A: 16, B: 34, C: 90, D: 8 };
  const sum = new Sheet('彙整表');
  seedSummary(sum, 1);
  sum.widths = { A: 40, B: 36, C: 36, D: 36, E: 36, F: 10 };
  return [s, sum];
}

/* ------------------------------------------------------------------------------------------------------------
 * The styles
 * ---------------------------------------------------------------------------------------------------------- */

const SEED_SCORES = [95, 94, 96, 132, 124, 125, 45, 47, 44, 46, 45, 46];
const cells = (sheet: string, refs: string[]) => refs.map((a) => `${sheet}!${a}`);
const column = (sheet: string, c: string, rows: number[]) =>
  cells(
    sheet,
    rows.map((r) => `${c}${r}`)
  );
const SEED_ROWS = [8, 9, 10, 13, 14, 15, 18, 19, 22, 25, 26, 27];
const fileIn = (dir: string, name: string) => path.join(dir, `${name}.xlsx`);

const seedLikeExpect: HandmadeExpect = {
  sheets: ['考核評分表', '彙整表'],
  scoreCells: column('考核評分表', 'D', SEED_ROWS),
  scores: SEED_SCORES,
  findings: '彙整表!A15',
  totals: { dimensionCells: column('彙整表', 'C', [6, 7, 8, 9]), totalCell: '彙整表!C10', typed: true },
};

const columnCExpect = (wrongCap: boolean): HandmadeExpect => ({
  sheets: ['評分表', '彙整'],
  scoreCells: column('評分表', 'G', [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
  scores: [95, 94, '95', 132, 124, 125, 45, null, 44, 46, 45, 46],
  findings: '彙整!A13',
  totals: { dimensionCells: column('彙整', 'C', [5, 6, 7, 8]), totalCell: '彙整!C9', typed: false },
  ...(wrongCap ? { wrongCap: { cell: '評分表!D6', labelCap: 120, rubricCap: 100 } } : {}),
});

export const HANDMADE_STYLES: readonly HandmadeStyle[] = [
  {
    name: 'seed-like',
    description:
      'a. The seed pasted as text: titles, 總分 and 考核日期 lines, five tables each under its own header row with blank rows between, the dimension only on each table\'s first row (可持續性\'s third criterion alone under a blank one), guidance with the HTML leftovers, scores as numbers; on a second sheet the summary with hand-typed subtotals and "總分： 939 分", the 12 findings, and the tracking table split in two with its header repeated.',
    writer: 'exceljs',
    write: (dir) => writeWithExcelJS(fileIn(dir, 'seed-like'), seedLike()),
    expect: seedLikeExpect,
  },
  {
    name: 'column-c-merged',
    description:
      'b. One header row at C4 under two title rows, merged dimension cells (C5:C7 …), caps as 「（100分）」, a 備註 column between 評分重點 and 自評, one score a formula (=90+5), one text "95", one blank; the summary\'s subtotal and total cells empty, headers merged.',
    writer: 'exceljs',
    write: (dir) => writeWithExcelJS(fileIn(dir, 'column-c-merged'), columnC(false)),
    expect: columnCExpect(false),
  },
  {
    name: 'openpyxl-one-sheet',
    description:
      'c. Written by openpyxl: style a on one sheet (scorecard, then summary and findings below), fonts (標楷體) and fills, wrapped guidance, column widths, a hyperlink in a guidance cell, 考核日期 as a real date.',
    writer: 'openpyxl',
    write: (dir) => writeWithOpenpyxl(fileIn(dir, 'openpyxl-one-sheet'), oneSheet()),
    expect: {
      sheets: ['工作表1'],
      scoreCells: column('工作表1', 'D', SEED_ROWS),
      scores: SEED_SCORES,
      findings: '工作表1!A43',
      totals: { dimensionCells: column('工作表1', 'C', [34, 35, 36, 37]), totalCell: '工作表1!C38', typed: true },
    },
  },
  {
    name: 'libreoffice-resaved',
    description: 'd. Style a opened and saved again by LibreOffice Calc (soffice --convert-to xlsx).',
    writer: 'libreoffice',
    async write(dir) {
      const tmp = fs.mkdtempSync(path.join(dir, '.seed-like-'));
      try {
        const saved = await recalc(await writeWithExcelJS(fileIn(tmp, 'seed-like'), seedLike()));
        const out = fileIn(dir, 'libreoffice-resaved');
        fs.copyFileSync(saved, out);
        fs.rmSync(path.dirname(path.dirname(saved)), { recursive: true, force: true });
        return out;
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
    expect: seedLikeExpect,
  },
  {
    name: 'wrong-cap',
    description:
      'e. Style b with one criterion label saying （120分） where the rubric says 100: adopt must refuse it, naming the cell.',
    writer: 'exceljs',
    write: (dir) => writeWithExcelJS(fileIn(dir, 'wrong-cap'), columnC(true)),
    expect: columnCExpect(true),
  },
  {
    name: 'decimals-notes-frozen',
    description:
      'f. Default sheet names 工作表1–3; the dimension typed on every row, labels without numbering, scores like 95.5 formatted 0.0, a 說明 note column right of 自評, frozen panes, a filter, a 總分 row with =SUM under the table; subtotals as formulas over the scorecard; the tracking table on its own sheet with a 辦理狀態 drop-down staff added.',
    writer: 'exceljs',
    write: (dir) => writeWithExcelJS(fileIn(dir, 'decimals-notes-frozen'), decimals()),
    expect: {
      sheets: ['工作表1', '工作表2', '工作表3'],
      scoreCells: column('工作表1', 'D', [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
      scores: [95.5, 94, 96, 132.5, 124, 125, 45, 47.5, 44, 46, 45, 46],
      findings: '工作表2!A13',
      totals: { dimensionCells: column('工作表2', 'C', [5, 6, 7, 8]), totalCell: '工作表2!C9', typed: true },
    },
  },
  {
    name: 'word-paragraph-rows',
    description:
      "g. Excel's own paste of the Word tables: every guidance paragraph on a row of its own, label and score cells merged down over them, the dimension merged over its table, Word's bold as rich text, one score in full-width digits (４７).",
    writer: 'exceljs',
    write: (dir) => writeWithExcelJS(fileIn(dir, 'word-paragraph-rows'), wordRows()),
    expect: {
      sheets: ['考核評分表', '彙整表'],
      scoreCells: column('考核評分表', 'D', [8, 13, 17, 21, 25, 28, 33, 38, 48, 51, 55, 57]),
      scores: [95, 94, 96, 132, 124, 125, 45, '４７', 44, 46, 45, 46],
      findings: '彙整表!A15',
      totals: { dimensionCells: column('彙整表', 'C', [6, 7, 8, 9]), totalCell: '彙整表!C10', typed: true },
    },
  },
];

export function handmadeStyle(name: string): HandmadeStyle {
  const s = HANDMADE_STYLES.find((x) => x.name === name);
  if (!s) throw new Error(`no handmade style "${name}" (styles: ${HANDMADE_STYLES.map((x) => x.name).join(', ')})`);
  return s;
}

/* ------------------------------------------------------------------------------------------------------------
 * Every cell, as an independent reader sees it, and what changed
 * ---------------------------------------------------------------------------------------------------------- */

export interface DumpCell {
  /** the value a spreadsheet shows: a formula's cached result (null when none), dates as { $date: ISO } */
  value: string | number | boolean | null | { $date: string };
  /** the formula with its "=", when the cell holds one */
  formula: string | null;
  /** openpyxl's data type: n, s, b, d, e, f (formula), inlineStr */
  type: string;
  numberFormat: string;
  /** where a hyperlink leads: "https://…", "#Sheet!A1" inside the workbook */
  link: string | null;
  comment: string | null;
  /** font [name, size, bold, italic, colour], fill, alignment [horizontal, vertical, wrap], locked */
  style: unknown;
}

export interface CellDump {
  sheets: { name: string; cells: Record<string, DumpCell>; merged: string[] }[];
}

/** Every cell holding something (a value, formula, link or comment) of every sheet, and the merged ranges, read by openpyxl. */
export async function cellDump(file: string): Promise<CellDump> {
  return JSON.parse(await python(['dump', path.resolve(file)])) as CellDump;
}

export interface DumpChange {
  /** "考核評分表!D8", a merged range "評分表!C5:C7", or the sheet's name when it is gone */
  where: string;
  what: 'sheet' | 'cell' | 'merge' | keyof Omit<DumpCell, 'style'> | 'style';
  before: unknown;
  after: unknown;
}

const CONTENT: (keyof DumpCell)[] = ['value', 'formula', 'type', 'numberFormat', 'link', 'comment'];

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function rangeOf(ref: string): Range {
  const [a, b = a] = ref.split(':').map((x) => {
    const m = /^([A-Z]+)(\d+)$/.exec(x)!;
    const c = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return { r: Number(m[2]), c };
  });
  return { top: a.r, left: a.c, bottom: b.r, right: b.c };
}

/**
 * The original cells that changed between two dumps of a workbook: a cell that held something must hold the
 * same after (value, formula, type, number format, link, comment; and its style with { style: true }), every
 * merged range must stay, and no new merge may hide an original cell. New cells and new sheets are not changes.
 */
export function compareDumps(before: CellDump, after: CellDump, options: { style?: boolean } = {}): DumpChange[] {
  const changes: DumpChange[] = [];
  const fields = options.style ? [...CONTENT, 'style' as const] : CONTENT;
  for (const s of before.sheets) {
    const t = after.sheets.find((x) => x.name === s.name);
    if (!t) {
      changes.push({ where: s.name, what: 'sheet', before: s.name, after: null });
      continue;
    }
    for (const [ref, c] of Object.entries(s.cells)) {
      const d = t.cells[ref];
      if (!d) {
        changes.push({ where: `${s.name}!${ref}`, what: 'cell', before: c, after: null });
        continue;
      }
      for (const f of fields)
        if (JSON.stringify(c[f]) !== JSON.stringify(d[f]))
          changes.push({ where: `${s.name}!${ref}`, what: f, before: c[f], after: d[f] });
    }
    for (const m of s.merged)
      if (!t.merged.includes(m)) changes.push({ where: `${s.name}!${m}`, what: 'merge', before: m, after: null });
    for (const m of t.merged) {
      if (s.merged.includes(m)) continue;
      const g = rangeOf(m);
      const hidden = Object.keys(s.cells).filter((ref) => {
        const p = rangeOf(ref);
        const inside = p.top >= g.top && p.top <= g.bottom && p.left >= g.left && p.left <= g.right;
        return inside && !(p.top === g.top && p.left === g.left);
      });
      if (hidden.length) changes.push({ where: `${s.name}!${m}`, what: 'merge', before: null, after: m });
    }
  }
  return changes;
}

/* ------------------------------------------------------------------------------------------------------------
 * The seed's text, cell by cell (checked against ../shared/seeds by handmade.test.ts)
 * ---------------------------------------------------------------------------------------------------------- */

/** Seed lines 3, 5 and 7: the title, the total line and the date line above the scorecard. */
export const SEED_SCORECARD_TITLES: string[] = [
  '台東區營業處 114 年度 1 月至 6 月提升服務效能執行計畫考核項目及評分表',
  '總分（滿分 1000 分）',
  '考核日期：年 月 日',
];

/** Seed lines 9–29: the five pasted tables (header rows, blank rows between), cell by cell. */
export const SEED_SCORECARD_ROWS: string[][] = [
  ['執行構面', '評核項目', '評分重點', '自評'],
  [
    '創新性 (300 分)',
    '一、提供在地化及客製化關懷服務 (100 分)',
    '<p>1. 落實本公司「企業用戶專人服務實施要點」，為強化與在地用電大戶溝通及維持良好互動，負責專人拜訪等統籌事宜。且定期舉辦大用戶座談會，增加大用戶溝通服務管道。</p> <p>2. 根據區處掌握本公司最新綠電銷售資訊，並依組織業務職掌，提供用戶更便捷之服務，採行作法如下：</p> <ul style="list-style-type: none"> <li>(1)開放多元管道讓用戶反映本公司綠電銷售相關意見，如線上問卷、大用戶專人電訪等。</li> <li>(2)針對重要用戶進行專人拜訪，主動提供最新綠電銷售資訊，並利用 AMI 資料，提供用戶用電諮詢、綠電方案選用建議等一站式服務。</li> </ul> <p>3. 提供「時間電價試算評估系統」，以利家庭小商店用戶評估後選用適合的電價方案。</p>',
    '95',
  ],
  [
    '',
    '二、法規及流程簡化 (100 分)',
    '<p>1. 於各項節約用電宣導會中妥適運用本公司不定期更新於雲端連結共享之節電宣導素材。</p> <p>2. 開發線上申辦或跨平臺通用服務：衡酌用戶實際需要，提供線上申辦，或跨平臺通用服務(即可透過各式行動載具閱覽及使用)。線上申辦業務項目可簡化用戶臨櫃辦理流程，增加處理效率。</p> <p>3. 提供多元管道，如現場、電話、網路、行動裝置等，簡化用戶查詢的流程，方便用戶隨時瞭解案件處理進度。</p> <p>4. 運用跨機關電子檢驗，取代用戶檢附紙本佐證資料，簡化用戶申辦流程。</p>',
    '94',
  ],
  [
    '',
    '三、公私協力 (100 分)',
    '<p>1. 用戶節能診斷申請，以擴大節能診斷中心量能，診斷時運用專業儀器檢測用戶耗能設備用電效率，涵蓋電力系統、空調及照明等多個耗能設備領域，量身訂做節能改善建議報告。</p> <p>2. 運用資訊科技、跨單位及跨機關服務流程整合、政府資訊資源共用共享、公私協力或引進民間資源等作法，以提高服務便捷度、可近性，或優化服務等。而現行若用戶至內政部改名，內政部將自動將用戶改名資訊介接至公司網路申請，可免用戶再臨櫃辦理變更姓名。</p>',
    '96',
  ],
  [],
  ['執行構面', '評核項目', '評分重點', '自評'],
  [
    '效益及影響 (400 分)',
    '一、提供在地化及客製化關懷服務 (140 分)',
    '<p>服務策略或措施對服務對象產生正面影響，或解決公眾關注的重大問題；提供性別友善、族群共融及人權保障等服務具有成效：</p> <p>1.透過問卷、拜訪等方式可了解用戶對綠電的需求及對綠電市場運行模式的了解程度，並依用戶需求及用電型態量身打造專業服務，可協助用戶熟悉綠電交易機制，同時有助於本公司掌握綠電市場發展趨勢，藉以研議推動更符合用戶需求之綠電商品，活絡綠電市場。</p> <p>2.本公司掌握綠電市場發展趨勢，藉以研議推動更符合用戶需求之綠電商品，活絡綠電市場。</p> <p>3.拜訪用戶情形，包括用戶詢問問題、區處人員回應內容及處理結果、用戶反映意見等，藉以反饋用戶服務需求。</p>',
    '132',
  ],
  [
    '',
    '二、法規及流程簡化 (130 分)',
    '<p>1.各項節約用電宣導會倡導使用高效率用電器具及推廣政府節約用電手法等，傳遞節能減碳、友善環境之普世價值。</p> <p>2.使用專業化量測儀器與分析，有效發掘用戶節電潛力空間，以及提供節電報告與建議。</p> <p>3.除了探索用戶對綠電的需求及對綠電市場運行模式之外，同時協助敘明綠電交易與市場的相關法規。</p>',
    '124',
  ],
  [
    '',
    '三、公私協力 (130 分)',
    '<p>1.發揮小用戶聚沙成塔之效益，本公司結合資通訊科技(ICT)與能源管理技術(EMS)，配合班班有冷氣政策發展。自動需量反應(ADR)，於111年5月推動「校園空調自動需量反應」，在兼顧冷氣空調使用及智慧效率用電的情況下，達到聰明節電之目的。</p> <p>2.與台灣自來水公司及臺北自來水事業處推動「水電麻吉貼心聯合服務」，跨機關合作業務包含「用戶名變更」、「用戶通訊地址變更」、「委託金融機構代繳」、「電子帳單申請」及「軍眷用電優待申請」5項，藉以增加公務機關的服務效益。</p> <p>3.有關退休俸用電優待申請由各地榮民服務處負責辦理，藉由資料傳輸，更新符合優待戶之資訊，免去用戶多次往來。</p>',
    '125',
  ],
  [],
  ['執行構面', '評核項目', '評分重點', '自評'],
  [
    '可持續性 (150 分)',
    '一、提供在地化及客製化關懷服務 (50 分)',
    '<p>服務策略或措施具有可持續性，且達成預期成果：</p> <ol style="list-style-type: none"> <li>訂定申辦業務標準作業流程，維持服務措施處理一致性，且持續檢討申辦項目表單之必要性與合宜性，並評估是否執行表單簡化及電子表單格式標準化。</li> <li>善用資訊系統，針對政府已有或公權力可調閱的資訊，進行跨機關電子查驗作業，取代用戶於申辦業務時所需檢附之佐證資料。</li> <li>力行一次告知服務，服務人員除能精確回答用戶問題、嫻熟各項申請表格填寫外，並應主動正確提供與問題有關的完整資訊予詢問用戶，避免來回補件情形，以加速用戶申辦之時程。</li> <li>透過各項節約用電宣導會辦理[節能減碳與用電安全]宣導，協助公司推動相關政策。</li> </ol>',
    '45',
  ],
  [
    '',
    '二、法規及流程簡化 (50 分)',
    '<ol style="list-style-type: none"> <li>訂定申辦業務標準作業流程，維持服務措施處理一致性，且持續檢討申辦項目表單之必要性與合宜性，並評估是否執行表單簡化及電子表單格式標準化，縮短申辦案件處理時間。</li> <li>善用資訊系統，針對政府已有或公權力可調閱的資訊，進行跨機關電子查驗作業，取代用戶於申辦業務時所需檢附之佐證資料。</li> <li>力行一次告知服務，服務人員除能精確回答用戶問題、嫓熟各項申請表格填寫外，並應主動正確提供與問題有關的完整資訊予詢問用戶，避免來回補件情形，以加速用戶申辦之時程。</li> <li>優化電費查詢及繳費作業-區處達成行動支付目標。</li> <li>用電申請受理電子化及無紙化-區處達成電子帳單目標。</li> <li>提供多元案件查詢管道，如臨櫃、電話、官網、行動裝置 APP 等，方便用戶查詢案件處理進度。</li> <li>於登記單回條加印 QR Code，方便用戶透過行動裝置掃描後下載使用「台灣電力」APP 或可連結本公司官網查詢案件進度。</li> <li>受理用電申請後即以電子郵件、列印登記單回條或自動列入 APP 案件管理項目，告知用戶受理號碼等訊息。</li> </ol>',
    '47',
  ],
  [],
  ['執行構面', '評核項目', '評分重點', '自評'],
  [
    '',
    '<b>三、公私協力</b> (50 分)',
    '1.於服務場所及網站主動公開服務相關資訊供用戶查閱或運用，如服務項目、業務承辦資訊、相關法規、申辦業務標準作業流程、應備文件、書表範例等。 2.持續辦理本公司與臺灣區電氣工程工業同業公會業務座談會議等溝通宣導活動，並協助工商企業解決用電申請疑難，以簡化及優化相關流程。 3.透過各項節約用電宣導會協助公司推動相關措施如台灣電力 APP 及電子帳單等，鼓勵民眾持續將節電落實於日常生活。 4.用戶持續節能改善可使設備高效運行，提升節能效率及減碳。 5.針對特殊或弱勢族群、偏遠或交通不便地區用戶，提供到府、到點服務，如各區營業處依照用戶需求將登記單送給用戶填寫並攜回受理。',
    '44',
  ],
  [],
  ['執行構面', '評核項目', '評分重點', '自評'],
  [
    '擴散應用 (150 分)',
    '一、提供在地化及客製化關懷服務 (50 分)',
    '<p>服務策略或措施具有可學習、推廣或應用價值：</p> <ol style="list-style-type: none"> <li>由基層主管或組長/經理層級(含)以上率隊拜訪；其他高壓用戶則請各區處視用電特性或需要進行拜訪。</li> <li>各項節約用電宣導會推廣對象包含學校、社區、媽媽教室及社團等多元領域，向民眾宣導節電，營造全民節電氛圍。</li> <li>鼓勵用戶參與能源署相關節能補助方案，提升節電效益，加強用戶的節電意願。</li> </ol>',
    '46',
  ],
  [
    '',
    '二、法規及流程簡化 (50 分)',
    '<ol style="list-style-type: none"> <li>蒐集內部同仁意見，據以檢討及改造內部流程，精實作業，減省不必要的審核及行政程序之情形。</li> <li>減除申辦案件需檢附之書表謄本：運用跨機關電子查驗，取代要求用戶檢附紙本佐證資料。</li> </ol>',
    '45',
  ],
  [
    '',
    '三、公私協力 (50 分)',
    '<ol style="list-style-type: none"> <li>有關退休俸用電優待申請由各地榮民服務處負責辦理，藉由資料傳輸，更新符合優待戶之資訊。</li> <li>除應公開服務資訊或促進用戶運用資料外，並適時運用多元管道導入用戶觀點，透過溝通與對話的方式，共創區營業處與用戶合作的契機。</li> <li>透過實體或網路管道，運用多元方法如問卷探訪顧客滿意度、訪談、討論、體驗，蒐集用戶對服務需求；或邀集用戶共同參與服務設計等。</li> </ol>',
    '46',
  ],
];

/** Seed lines 33, 35 and 46: the summary title, its 一、 heading (bold in Word), the findings heading. */
export const SEED_SUMMARY_TITLES: string[] = [
  '台東區營業處 114 年度 1 月至 6 月提升服務效能執行計畫自行考核結果彙整表',
  '一、考核成績：',
  '二、考核項目優點、缺點、建議改善事項及改善事項辦理情形：',
];

/** Seed lines 37–42: the 考核成績 table. */
export const SEED_SUMMARY_ROWS: string[][] = [
  ['考核項目(總成績 1000 分)', '', '分數'],
  ['創新性 (300 分)', '一、提供在地化及客製化關懷服務 二、法規及流程簡化 三、公私協力', '285'],
  ['效益及影響 (400 分)', '一、提供在地化及客製化關懷服務 二、法規及流程簡化 三、公私協力', '381'],
  ['可持續性 (150 分)', '一、提供在地化及客製化關懷服務 二、法規及流程簡化 三、公私協力', '136'],
  ['擴散應用 (150 分)', '一、提供在地化及客製化關懷服務 二、法規及流程簡化 三、公私協力', '137'],
  ['', '', '總分： 939 分'],
];

/** Seed lines 48–60: the findings table, header included (the 備註 cells are empty). */
export const SEED_FINDINGS_ROWS: string[][] = [
  ['考核項目', '優點', '缺點', '建議改善事項', '改善事項辦理情形', '備註'],
  [
    '1. 創新性-提供在地化及客製化關懷服務',
    '櫃台人員不分業務，提供一站式服務。',
    '無',
    '區處所轄地廣人稀，編制較小，人力不足。',
    '補充人力後由資深同仁帶領強化訓練。',
    '',
  ],
  ['2. 創新性-法規及流程簡化', '運用跨機關電子檢驗，取代用戶檢附紙本佐證資料，簡化用戶申辦流程。', '無', '無', '無', ''],
  ['3. 創新性-公私協力', '跨單位及跨機關服務流程整合，加速作業效率。', '無', '無', '無', ''],
  [
    '4. 效益及影響-提供在地化及客製化關懷服務',
    '無',
    '無',
    '增加管道以強化與在地用電大戶溝通與互動。',
    '採用線上問券、電訪、或專人訪談以記錄用戶的回饋。',
    '',
  ],
  ['5. 效益及影響-法規及流程簡化', '無', '無', '無', '無', ''],
  ['6. 效益及影響-公私協力', '無', '無', '無', '無', ''],
  [
    '7. 可持續性-提供在地化及客製化關懷服務',
    '力行一站式服務，以加速用戶申辦之時程。',
    '無',
    '人員多元化訓練，增加公司用電業務熟悉。',
    '透過多元的教育訓練，增加員工的業務底蘊，達成一站式服務效能。',
    '',
  ],
  ['8. 可持續性-法規及流程簡化', '執行表單簡化及電子表單格式標準化，簡化業務流程。', '無', '無', '無', ''],
  ['9. 可持續性-公私協力', '無', '無', '無', '無', ''],
  ['10. 擴散應用-提供在地化及客製化關懷服務', '無', '無', '無', '無', ''],
  [
    '11. 擴散應用-法規及流程簡化',
    '蒐集意見，據以檢討及改造內部流程，簡化審核及程序。',
    '無',
    '用戶意見整合後，需檢討現行流程是否有再改善空間。',
    '針對多數用戶表達的項目，檢討並優化作業步驟及流程。',
    '',
  ],
  ['12. 擴散應用-公私協力', '無', '無', '無', '無', ''],
];

/** Seed lines 80, 81 and 83: the tracking title on two lines (the first ends in two spaces), and its ※ line. */
export const SEED_TRACKING_TITLES: string[] = [
  '台東 區營業處 114 年度 1 月至 6 月提升服務效能執行計畫  ',
  '建議改善事項辦理情形表',
  '※ 考核項目之建議改善事項及改善辦理情形：',
];

/** Seed lines 85–101: the tracking table split over two pages, the header repeated. */
export const SEED_TRACKING_ROWS: string[][] = [
  ['考核項目', '建議改善事項', '改善辦理情形', '備註'],
  [
    '1. 創新性-提供在地化及客製化關懷服務',
    '因應補充人力、人員調動頻繁，須適時考量人員編制職務、養成專業度的時程。',
    '由先進同仁帶領強化循序各項業務訓練，因時制宜調整工作內容、強化訓練，以期達到人員的多元領域。',
    '',
  ],
  ['2. 創新性-法規及流程簡化', '無', '無', ''],
  ['3. 創新性-公私協力', '無', '無', ''],
  [
    '4. 效益及影響-提供在地化及客製化關懷服務',
    '增加管道以強化與在地用電大戶溝通與互動。',
    '採用線上問券、電訪、或專人訪談以記錄用戶的回饋。',
    '',
  ],
  ['5. 效益及影響-法規及流程簡化', '無', '無', ''],
  ['6. 效益及影響-公私協力', '無', '無', ''],
  [],
  [],
  [],
  ['考核項目', '建議改善事項', '改善辦理情形', '備註'],
  [
    '7. 可持續性 - 提供在地化及客製化關懷服務',
    '人員多元化訓練，增加公司用電業務熟悉。',
    '透過多元的教育訓練，增加員工的業務底蘊，達成一站式服務效能。',
    '',
  ],
  ['8. 可持續性 - 法規及流程簡化', '無', '無', ''],
  ['9. 可持續性 - 公私協力', '無', '無', ''],
  ['10. 擴散應用 - 提供在地化及客製化關懷服務', '無', '無', ''],
  [
    '11. 擴散應用 - 法規及流程簡化',
    '用戶意見整合後，需檢討現行流程是否有再改善空間。',
    '針對多數用戶表達的項目，檢討並優化作業步驟及流程。',
    '',
  ],
  ['12. 擴散應用 - 公私協力', '無', '無', ''],
];
