/**
 * The hand-made fixtures (./handmade.ts): each style writes a valid package, holds what its description says (as
 * openpyxl reads it), and the project's read-only recogniser, through both .xlsx snapshot readers as `inspect`
 * uses them, finds exactly its score cells; the wrong-cap style is refused, naming the cell. compareDumps reports
 * changed original cells and nothing else.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { loadBook } from '../../src/adapters/xlsx/book';
import { quickSnapshot } from '../../src/adapters/xlsx/quickRead';
import { readSnapshot } from '../../src/adapters/xlsx/snapshot';
import { addr, parseRange } from '../../src/domain/a1';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { recognize } from '../../src/domain/recognize';
import { inspect } from '../../src/operations/inspect';
import { CellSnap, Snapshot } from '../../src/operations/types';
import {
  CellDump,
  DumpCell,
  HANDMADE_STYLES,
  HandmadeStyle,
  SEED_FINDINGS_ROWS,
  SEED_SCORECARD_ROWS,
  SEED_SCORECARD_TITLES,
  SEED_SUMMARY_ROWS,
  SEED_SUMMARY_TITLES,
  SEED_TRACKING_ROWS,
  SEED_TRACKING_TITLES,
  cellDump,
  compareDumps,
  handmadeStyle,
  paragraphsOf,
} from './handmade';
import { requireLibreOffice } from './libreoffice';
import { ooxmlViolations, requireOoxmlValidator } from './ooxml';
import { requireOpenpyxl } from './openpyxl';

const SUITE = 'hand-made scorecard fixtures';
const tools = requireOpenpyxl(SUITE) && requireOoxmlValidator(SUITE);
const hasLibreOffice = tools && requireLibreOffice(SUITE);
const withTools = tools ? describe : describe.skip;
const STYLES = HANDMADE_STYLES.filter((s) => s.writer !== 'libreoffice' || hasLibreOffice);

describe('the seed text the fixtures are made of', () => {
  it('is the seed document, line for line, when the shared material is at hand', () => {
    const file = path.resolve(__dirname, '../../../shared/seeds/scorecard-taitung-114-h1.txt');
    if (!fs.existsSync(file)) return;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const rows = (from: number, to: number) => lines.slice(from - 1, to).map((l) => (l ? l.split('\t') : []));
    expect(SEED_SCORECARD_TITLES).toEqual([lines[2], lines[4], lines[6]]);
    expect(SEED_SCORECARD_ROWS).toEqual(rows(9, 29));
    expect(SEED_SUMMARY_TITLES).toEqual([lines[32], lines[34].replace(/\*\*/g, ''), lines[45]]);
    expect(SEED_SUMMARY_ROWS).toEqual(rows(37, 42));
    expect(SEED_FINDINGS_ROWS).toEqual(rows(48, 60));
    expect(SEED_TRACKING_TITLES).toEqual([lines[79], lines[80], lines[82]]);
    expect(SEED_TRACKING_ROWS).toEqual(rows(85, 101));
  });

  it("splits guidance into Word's paragraphs: <p> and <li> each one, <ol> items numbered, no tags left", () => {
    const first = paragraphsOf(SEED_SCORECARD_ROWS[1][2]);
    expect(first).toHaveLength(5);
    expect(first[2]).toBe('(1)開放多元管道讓用戶反映本公司綠電銷售相關意見，如線上問卷、大用戶專人電訪等。');
    const ol = paragraphsOf(SEED_SCORECARD_ROWS[11][2]);
    expect(ol[0]).toBe('服務策略或措施具有可持續性，且達成預期成果：');
    expect(ol[1]).toMatch(/^1\. 訂定申辦業務標準作業流程/);
    expect(ol[4]).toMatch(/^4\. 透過各項節約用電宣導會/);
    expect(SEED_SCORECARD_ROWS[15][1]).toBe('<b>三、公私協力</b> (50 分)');
    expect(paragraphsOf(SEED_SCORECARD_ROWS[15][2])).toEqual([SEED_SCORECARD_ROWS[15][2]]);
    for (const row of SEED_SCORECARD_ROWS.filter((r) => r.length && r[0] !== '執行構面'))
      for (const p of paragraphsOf(row[2])) expect(p).not.toMatch(/[<>]/);
  });
});

withTools('hand-made scorecards', () => {
  let dir: string;
  const files = new Map<string, string>();
  const dumps = new Map<string, CellDump>();
  const fileOf = (s: HandmadeStyle) => files.get(s.name)!;
  const dumpOf = (s: HandmadeStyle | string) => dumps.get(typeof s === 'string' ? s : s.name)!;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handmade-'));
    for (const s of STYLES) files.set(s.name, await s.write(dir));
    for (const s of STYLES) dumps.set(s.name, await cellDump(fileOf(s)));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has the styles the brief asks for: at least five, one by openpyxl, one saved again by LibreOffice, one wrong cap', () => {
    expect(HANDMADE_STYLES.length).toBeGreaterThanOrEqual(5);
    expect(new Set(HANDMADE_STYLES.map((s) => s.name)).size).toBe(HANDMADE_STYLES.length);
    expect(HANDMADE_STYLES.map((s) => s.writer)).toEqual(expect.arrayContaining(['exceljs', 'openpyxl', 'libreoffice']));
    expect(HANDMADE_STYLES.filter((s) => s.expect.wrongCap)).toHaveLength(1);
    for (const s of HANDMADE_STYLES) {
      expect(s.expect.scoreCells).toHaveLength(12);
      expect(s.expect.scores).toHaveLength(12);
    }
  });

  it('every style passes ooxml-validate with no violation', async () => {
    const packages = Object.fromEntries(STYLES.map((s) => [s.name, fs.readFileSync(fileOf(s))]));
    expect(await ooxmlViolations(packages)).toEqual([]);
  });

  describe.each(STYLES.map((s) => [s.name, s] as const))('%s', (_, style) => {
    const { expect: want } = style;

    it('openpyxl sees its sheets, and at the score cells the scores', () => {
      const dump = dumpOf(style);
      expect(dump.sheets.map((s) => s.name)).toEqual(want.sheets);
      expect(want.scoreCells.map((ref) => dumped(dump, ref)?.value ?? null)).toEqual(want.scores);
    });

    it('the recogniser, on either snapshot reader, finds exactly its score cells (or refuses the wrong cap, naming it)', async () => {
      const data = fs.readFileSync(fileOf(style));
      const spec = inspect.needs({ rubric: RUBRIC_114, file: style.name });
      const snaps = [readSnapshot(await loadBook(data, style.name), spec), quickSnapshot(data, style.name, spec)];
      for (const snap of snaps) {
        expect(snap.sheets).toEqual(want.sheets);
        const found = recognize(RUBRIC_114, snap.scan ?? []);
        const facts = inspect.decide(snap, { rubric: RUBRIC_114, file: style.name });
        if (want.wrongCap) {
          const { cell, labelCap, rubricCap } = want.wrongCap;
          if (found.ok) throw new Error(`${style.name}: recognised, but its wrong cap at ${cell} should be refused`);
          expect(found.error.zh).toContain(`${cell}「`);
          expect(found.error.zh).toContain(`標示 ${labelCap} 分，評分規則中「2. 創新性-法規及流程簡化」的配分是 ${rubricCap} 分`);
          expect(found.error.en).toContain(`${cell} "`);
          expect(found.error.en).toContain(`states ${labelCap} points`);
          expect(found.error.en).toContain(`is ${rubricCap}`);
          expect(facts.ok).toBe(false);
          continue;
        }
        if (!found.ok) throw new Error(`${style.name}: not recognised: ${found.error.en}`);
        const sc = found.scorecard;
        expect(sc.rows.map((r) => `${sc.sheet}!${r.scoreCell}`)).toEqual(want.scoreCells);
        expect(want.scoreCells.map((ref) => snapped(snap, ref).value)).toEqual(want.scores);
        expect(sc.meta).toEqual({ office: '台東區營業處', rocYear: 114, period: 'H1' });
        const f = found.findings;
        expect(f && `${f.sheet}!${addr(f.headerRow, f.columns.item)}`).toBe(want.findings);
        if (!facts.ok) throw new Error(`${style.name}: inspect failed: ${facts.error.en}`);
        expect(facts.result.source).toBe('recognized');
        expect(facts.result.office).toBe('台東區營業處');
      }
    });

    it('its summary totals cells are empty, or hold what staff typed, as it says', () => {
      if (!want.totals) return;
      const dump = dumpOf(style);
      const held = [...want.totals.dimensionCells, want.totals.totalCell].map((ref) => dumped(dump, ref));
      if (want.totals.typed) expect(held.every((c) => c !== undefined)).toBe(true);
      else expect(held).toEqual(held.map(() => undefined));
    });
  });

  describe('each style holds what its description says', () => {
    const value = (name: string, ref: string) => dumped(dumpOf(name), ref)?.value;
    const sheetOf = (name: string, sheet: string) => dumpOf(name).sheets.find((s) => s.name === sheet)!;
    const rowsHolding = (name: string, sheet: string, colLetter: string, text: string) =>
      Object.entries(sheetOf(name, sheet).cells)
        .filter(([ref, c]) => ref.replace(/\d+$/, '') === colLetter && c.value === text)
        .map(([ref]) => Number(/\d+$/.exec(ref)![0]));

    it('a: five pasted tables, the dimension on first rows only, HTML leftovers, the seed summary, tracking in two parts', () => {
      expect(rowsHolding('seed-like', '考核評分表', 'A', '執行構面')).toEqual([7, 12, 17, 21, 24]);
      expect(value('seed-like', '考核評分表!A8')).toBe('創新性 (300 分)');
      expect(value('seed-like', '考核評分表!A9')).toBeUndefined();
      expect(value('seed-like', '考核評分表!A22')).toBeUndefined();
      expect(value('seed-like', '考核評分表!B22')).toBe('<b>三、公私協力</b> (50 分)');
      expect(value('seed-like', '考核評分表!C8')).toMatch(/^<p>1\. 落實本公司/);
      expect(value('seed-like', '彙整表!A5')).toBe('考核項目(總成績 1000 分)');
      expect([6, 7, 8, 9].map((r) => value('seed-like', `彙整表!C${r}`))).toEqual([285, 381, 136, 137]);
      expect(value('seed-like', '彙整表!C10')).toBe('總分： 939 分');
      expect(rowsHolding('seed-like', '彙整表', 'A', '考核項目')).toEqual([15, 37, 47]);
      expect(rowsHolding('seed-like', '彙整表', 'B', '建議改善事項')).toEqual([37, 47]);
      expect(value('seed-like', '彙整表!A27')).toBe('12. 擴散應用-公私協力');
      expect(value('seed-like', '彙整表!A53')).toBe('12. 擴散應用 - 公私協力');
      expect(value('seed-like', '彙整表!A32')).toBe('台東 區營業處 114 年度 1 月至 6 月提升服務效能執行計畫  ');
    });

    it('b: C4 header with 備註 before 自評, merged dimensions, full-width caps, a formula, a text and a blank score, empty totals', () => {
      const b = sheetOf('column-c-merged', '評分表');
      expect(['C4', 'D4', 'E4', 'F4', 'G4'].map((r) => b.cells[r].value)).toEqual([
        '執行構面',
        '評核項目',
        '評分重點',
        '備註',
        '自評',
      ]);
      expect(b.merged).toEqual(expect.arrayContaining(['C5:C7', 'C8:C10', 'C11:C13', 'C14:C16']));
      expect(b.cells.D5.value).toBe('一、提供在地化及客製化關懷服務（100分）');
      expect(b.cells.G5).toMatchObject({ formula: '=90+5', value: 95, type: 'f' });
      expect(b.cells.G7).toMatchObject({ value: '95', type: 's' });
      expect(b.cells.G12).toBeUndefined();
      expect(sheetOf('column-c-merged', '彙整').merged).toEqual(expect.arrayContaining(['A4:B4', 'A9:B9']));
      expect(sheetOf('wrong-cap', '評分表').cells.D6.value).toBe('二、法規及流程簡化（120分）');
    });

    it('c: one sheet by openpyxl, a real date, a link in a guidance cell, wrapped text, fonts and fills', () => {
      const c = sheetOf('openpyxl-one-sheet', '工作表1');
      expect(c.cells.B5).toMatchObject({ value: { $date: '2025-07-10T00:00:00' }, type: 'd', numberFormat: 'yyyy/m/d' });
      expect(c.cells.C9.link).toBe('https://www.taipower.com.tw/');
      expect(c.cells.C9.value).toMatch(/^<p>1\. 於各項節約用電宣導會/);
      expect(c.cells.C8.style).toMatchObject({ align: [null, 'top', true] });
      expect(c.cells.A1.style).toMatchObject({ font: ['標楷體', 16, true, false, null], fill: ['solid', '00FFF2CC'] });
      expect(c.cells.A38).toBeUndefined();
      expect(c.cells.C38.value).toBe('總分： 939 分');
      expect(c.cells.A43.value).toBe('考核項目');
    });

    (hasLibreOffice ? it : it.skip)("d: saved by LibreOffice, which changes no cell's content of style a", async () => {
      const zip = await JSZip.loadAsync(fs.readFileSync(files.get('libreoffice-resaved')!));
      expect(await zip.file('docProps/app.xml')!.async('string')).toMatch(/<Application>LibreOffice/);
      expect(compareDumps(dumpOf('seed-like'), dumpOf('libreoffice-resaved'))).toEqual([]);
    });

    it('f: decimals formatted 0.0, a note column, frozen panes, a filter, formulas for the totals, a 辦理狀態 drop-down', async () => {
      const f = sheetOf('decimals-notes-frozen', '工作表1');
      expect(f.cells.D4).toMatchObject({ value: 95.5, numberFormat: '0.0' });
      expect(f.cells.E3.value).toBe('說明');
      expect(f.cells.A5.value).toBe('創新性');
      expect(f.cells.D16).toMatchObject({ formula: '=SUM(D4:D15)', value: 940.5 });
      expect(sheetOf('decimals-notes-frozen', '工作表2').cells.C5.formula).toBe('=SUM(工作表1!D4:D6)');
      expect(sheetOf('decimals-notes-frozen', '工作表3').cells.E5.value).toBe('辦理狀態');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(files.get('decimals-notes-frozen')!);
      const ws = wb.getWorksheet('工作表1')!;
      expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
      expect(ws.autoFilter).toBe('A3:E15');
      expect(wb.getWorksheet('工作表3')!.getCell('E6').dataValidation).toMatchObject({
        type: 'list',
        formulae: ['"辦理中,已完成"'],
      });
    });

    it("g: paragraphs on rows of their own under merged label and score cells, Word's bold kept, full-width digits", () => {
      const g = sheetOf('word-paragraph-rows', '考核評分表');
      expect(g.merged).toEqual(expect.arrayContaining(['A8:A18', 'B8:B12', 'D8:D12', 'B38:B45', 'D38:D45']));
      expect(g.merged.some((m) => m.startsWith('A48') || m.startsWith('B48'))).toBe(false);
      expect([8, 9, 10, 11, 12].map((r) => g.cells[`C${r}`].value)).toEqual(paragraphsOf(SEED_SCORECARD_ROWS[1][2]));
      expect(g.cells.A48).toBeUndefined();
      expect(g.cells.B48.value).toBe('三、公私協力 (50 分)');
      expect(g.cells.D38).toMatchObject({ value: '４７', type: 's' });
    });
  });

  describe('compareDumps', () => {
    const b = () => handmadeStyle('column-c-merged');

    async function edited(name: string, edit: (ws: ExcelJS.Worksheet) => void): Promise<CellDump> {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(fileOf(b()));
      edit(wb.getWorksheet('評分表')!);
      const out = path.join(dir, `${name}.xlsx`);
      await wb.xlsx.writeFile(out);
      return cellDump(out);
    }

    it('an untouched round trip changes nothing; new cells and new sheets are no change', async () => {
      expect(compareDumps(dumpOf(b()), await edited('untouched', () => undefined))).toEqual([]);
      const added = await edited('added', (ws) => {
        ws.getCell('H5').value = '新增';
        ws.getCell('C20').value = { formula: 'SUM(G5:G16)', result: 1 };
        ws.workbook.addWorksheet('改善追蹤').getCell('A1').value = 'x';
      });
      expect(compareDumps(dumpOf(b()), added)).toEqual([]);
    });

    it('lists each changed original cell, a merge undone, and a new merge that hides a cell', async () => {
      const after = await edited('changed', (ws) => {
        ws.getCell('G6').value = 93;
        ws.getCell('G8').value = { formula: 'G6+39', result: 132 };
        ws.getCell('G9').numFmt = '0.0';
        ws.unMergeCells('C5:C7');
        ws.mergeCells('D16:E16');
      });
      const changes = compareDumps(dumpOf(b()), after);
      expect(changes.map((c) => `${c.where} ${c.what}`).sort()).toEqual(
        [
          '評分表!G6 value',
          '評分表!G8 formula',
          '評分表!G8 type',
          '評分表!G9 numberFormat',
          '評分表!E16 cell',
          '評分表!C5:C7 merge',
          '評分表!D16:E16 merge',
        ].sort()
      );
      expect(changes.find((c) => c.where === '評分表!G6')).toMatchObject({ before: 94, after: 93 });
    });

    it('compares styles only when asked', async () => {
      const after = await edited('restyled', (ws) => {
        ws.getCell('G10').font = { bold: true };
      });
      expect(compareDumps(dumpOf(b()), after)).toEqual([]);
      expect(compareDumps(dumpOf(b()), after, { style: true }).map((c) => `${c.where} ${c.what}`)).toEqual(['評分表!G10 style']);
    });

    it('a sheet that is gone is one change', () => {
      const before = dumpOf(b());
      const after: CellDump = { sheets: before.sheets.filter((s) => s.name !== '彙整') };
      expect(compareDumps(before, after)).toEqual([{ where: '彙整', what: 'sheet', before: '彙整', after: null }]);
    });
  });
});

/** A cell of a dump by "Sheet!A1" (undefined when it holds nothing). */
function dumped(dump: CellDump, ref: string): DumpCell | undefined {
  const [sheet, cell] = ref.split('!');
  const s = dump.sheets.find((x) => x.name === sheet);
  if (!s) throw new Error(`no sheet ${sheet} in the dump (${dump.sheets.map((x) => x.name).join(', ')})`);
  return s.cells[cell];
}

/** A cell of a snapshot's scan by "Sheet!A1". */
function snapped(snap: Snapshot, ref: string): CellSnap {
  const [sheet, cell] = ref.split('!');
  const block = snap.scan?.find((b) => b.sheet === sheet);
  if (!block) throw new Error(`no scanned block for ${sheet}`);
  const a = parseRange(cell);
  return block.cells[a.top - block.rect.top][a.left - block.rect.left];
}
