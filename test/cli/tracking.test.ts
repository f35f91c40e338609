/**
 * Building tracking (`track`) on workbooks staff edited with other programs: openpyxl (and LibreOffice
 * saving what openpyxl wrote) types dates, numbers, formulas, links, comments and control characters into
 * the tracking sheet, merges, sorts, relabels and renames; `track` must give every one of them back as it
 * was, judged by what openpyxl and LibreOffice read from the file it wrote.
 */
import * as fs from 'fs';
import * as path from 'path';
import { STATUS } from '../../src/domain/tracking';
import { LIBREOFFICE_TEST_TIMEOUT_MS, recalc } from '../support/libreoffice';
import { PyBook, PySheet, S, assertBuilt, cellTexts, needs, outputs, plainRef, py, readAll, scorecard, tempDir } from './support';

const d = needs('building tracking (LibreOffice, openpyxl)', ['libreoffice', 'openpyxl', 'ooxml']) ? describe : describe.skip;

/** The sheet row of each criterion id in the tracking table's 項目代碼 column (F). */
function rowsByKey(ws: PySheet): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [a, v] of Object.entries(ws.cells)) {
    const m = /^F(\d+)$/.exec(a);
    if (m && typeof v === 'string' && /^[a-z]+\.[a-z]+$/.test(v)) {
      if (v in out) throw new Error(`${v} is tracked twice (rows ${out[v]} and ${m[1]})`);
      out[v] = Number(m[1]);
    }
  }
  return out;
}

/** The criterion ids of the table's rows, top to bottom. */
const keyOrder = (ws: PySheet) =>
  Object.entries(rowsByKey(ws))
    .sort((a, b) => a[1] - b[1])
    .map(([k]) => k);

const ITEMS: Record<string, string> = {
  'innovation.local': '1',
  'innovation.simplify': '2',
  'impact.local': '4',
  'impact.simplify': '5',
  'sustainability.local': '7',
  'diffusion.simplify': '11',
};
const items = (ws: PySheet) => keyOrder(ws).map((k) => ITEMS[k] ?? k);

/** The numbers of the items each clause of the English summary names ("added 2 (items 2, 5)"). */
function clauses(summary: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of summary.matchAll(/(added|took|filled|kept|edited in both places)[^(]*\((?:items )?([\d, ]+)\)/g))
    out[m[1]] = m[2].split(/,\s*/);
  return out;
}

const CONTROL = 'a\u000Bb\u0001c\u007Fd';

d('building tracking on workbooks edited by other programs', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const written = outputs();
  let books: Record<string, PyBook>;
  const book = (name: string) => books[file(name)] ?? books[name];
  const runs: Record<string, Awaited<ReturnType<typeof scorecard>>> = {};
  const before: Record<string, Buffer> = {};

  /** track FILE --out OUT (or in place), remembering what it printed and what the file held before. */
  async function track(name: string, opts: { inPlace?: boolean } = {}) {
    before[name] = fs.readFileSync(file(`${name}.xlsx`));
    const out = opts.inPlace ? file(`${name}.xlsx`) : file(`${name}-out.xlsx`);
    const r = await scorecard(['track', file(`${name}.xlsx`), ...(opts.inPlace ? [] : ['--out', out])]);
    runs[name] = r;
    if (r.code === 0) written.add(`track ${name}`, out);
    return r;
  }

  beforeAll(async () => {
    assertBuilt();
    dir = tempDir('tracking');
    expect((await scorecard(['template', '--out', file('ex.xlsx'), '--example'])).code).toBe(0);
    await py(
      String.raw`
from openpyxl.comments import Comment
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.workbook.defined_name import DefinedName
src, out = sys.argv[1], sys.argv[2]
def load():
    wb = openpyxl.load_workbook(src)
    return wb, wb['改善追蹤'], wb['彙整表']
def rename(wb, ref):
    wb.defined_names.delete('ImprovementTracking')
    wb.defined_names.append(DefinedName('ImprovementTracking', attr_text=ref))

# Rows 5-8 hold items 1, 4, 7 and 11. Staff type values of every kind; findings 2 and 5 get suggestions.
wb, ws, f = load()
ws['C5'] = datetime.date(2025, 7, 15); ws['C5'].number_format = 'yyyy/m/d'
ws['D5'] = 42
ws['C6'] = '=D5*2'
ws['D6'] = 7; ws['D6'].hyperlink = 'https://example.org/d6'
ws['D7'] = '=D5+1'; ws['D7'].hyperlink = 'https://example.org/d7'
ws['H5'] = datetime.date(2025, 3, 4); ws['H5'].number_format = 'yyyy-mm-dd'; ws['H5'].hyperlink = 'https://example.org/h5'
ws['H6'] = '見彙整表'; ws['H6'].hyperlink = Hyperlink(ref='H6', location="'彙整表'!A12")
ws['H7'] = True
ws['C8'] = 'a_x000B_b_x0001_c_x007F_d'
ws['C8'].comment = Comment('請於 7 月底前更新', '王經辦')
f['D14'] = '新建議：x_x000B_y'
f['D17'] = '新建議五'
wb.save(out + '/typed.xlsx')

# Merged progress: item 1's progress and remarks (C5:D5), items 4 and 7 sharing one progress (C6:C7).
wb, ws, f = load()
ws['C5'] = '合併的辦理情形'; ws.merge_cells('C5:D5')
ws['C6'] = '4 與 7 共用的辦理情形'; ws.merge_cells('C6:C7')
f['D14'] = '新建議二'; f['D17'] = '新建議五'
wb.save(out + '/merged.xlsx')
f['E17'] = '五的辦理情形'  # the new row 5 would put it under the merge C6:C8
wb.save(out + '/merged-blocked.xlsx')

# Sorted by staff (11, 7, 4, 1).
wb, ws, f = load()
rows = [[ws.cell(r, c).value for c in range(1, 8)] for r in range(5, 9)]
for i, row in enumerate(reversed(rows)):
    for c, v in enumerate(row): ws.cell(5 + i, c + 1).value = v
f['D14'] = '新建議二'
wb.save(out + '/sorted.xlsx')

# Findings relabelled: item 1 renamed, item 2 labelled like item 4.
wb, ws, f = load()
f['A13'] = '一、在地化關懷（改名）'
f['A14'] = f['A16'].value
f['D14'] = '新建議二'
wb.save(out + '/relabel.xlsx')

# A finding row duplicated by inserting a copy inside the table (the name grows with it, as in Excel).
wb, ws, f = load()
f.insert_rows(14)
for c in range(1, 7): f.cell(14, c).value = f.cell(13, c).value
wb.defined_names.delete('Findings')
wb.defined_names.append(DefinedName('Findings', attr_text="'彙整表'!$A$12:$F$25"))
wb.save(out + '/dupfinding.xlsx')

# ImprovementTracking narrowed: to two rows, with a row staff added under it; to one row; to five columns.
wb, ws, f = load()
ws.insert_rows(6)
ws['A6'] = '自行加的列'; ws['B6'] = '同仁自己加的事項'
rename(wb, "'改善追蹤'!$A$4:$G$5")
wb.save(out + '/narrow-staff.xlsx')
wb, ws, f = load(); rename(wb, "'改善追蹤'!$A$4:$G$6"); wb.save(out + '/narrow-rows.xlsx')
wb, ws, f = load(); rename(wb, "'改善追蹤'!$A$4:$E$8"); wb.save(out + '/narrow-cols.xlsx')

# Suggestions changed in the findings: item 1 (progress written), item 11 (no progress), item 4 (also edited
# in tracking), item 7 (withdrawn); finding 2 added.
wb, ws, f = load()
f['D13'] = '改過的建議一'
ws['C8'] = None; f['D23'] = '改過的建議十一'
f['D16'] = '改過的建議四'; ws['B6'] = '追蹤表上自己改的建議四'
f['D19'] = '無'
f['D14'] = '新建議二'
wb.save(out + '/changed.xlsx')

# No tracking sheet, no finding with a suggestion.
wb, ws, f = load()
del wb['改善追蹤']; wb.defined_names.delete('ImprovementTracking')
for r in range(13, 25): f.cell(r, 4).value = '無'
wb.save(out + '/empty.xlsx')
`,
      file('ex.xlsx'),
      dir
    );
    // The typed workbook as LibreOffice saves it (shared strings, its own escapes and links).
    fs.copyFileSync(await recalc(file('typed.xlsx')), file('typedlo.xlsx'));
    for (const name of [
      'typed',
      'typedlo',
      'merged-blocked',
      'sorted',
      'relabel',
      'dupfinding',
      'narrow-staff',
      'narrow-rows',
      'narrow-cols',
      'changed',
      'empty',
    ])
      await track(name);
    await track('merged', { inPlace: true });
    const [typedRead, typedloRead] = await Promise.all([recalc(file('typed-out.xlsx')), recalc(file('typedlo-out.xlsx'))]);
    fs.copyFileSync(typedRead, file('typed-out-lo.xlsx'));
    fs.copyFileSync(typedloRead, file('typedlo-out-lo.xlsx'));
    const all = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.xlsx'))
      .map(file);
    books = await readAll(all);
  }, 2 * LIBREOFFICE_TEST_TIMEOUT_MS);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe.each([
    ['written by openpyxl', 'typed'],
    ['saved by LibreOffice', 'typedlo'],
  ])(
    'values staff typed in the tracking sheet (%s) come back with their type, read by openpyxl and LibreOffice',
    (_how, name) => {
      const sheets = () => ({
        src: book(`${name}.xlsx`).sheets[S.tracking],
        out: book(`${name}-out.xlsx`).sheets[S.tracking],
        lo: book(`${name}-out-lo.xlsx`).sheets[S.tracking],
      });

      it('adds items 2 and 5 in rubric order, inserting rows', () => {
        expect(runs[name].code).toBe(0);
        expect(runs[name].stdout).toContain('added 2 (items 2, 5)');
        expect(items(sheets().out)).toEqual(['1', '2', '4', '5', '7', '11']);
      });

      it('a date, a number and a formula keep their type (not text, not a constant)', () => {
        const { src, out, lo } = sheets();
        const a = rowsByKey(src);
        const b = rowsByKey(out);
        const c = rowsByKey(lo);
        const i1 = 'innovation.local';
        const i4 = 'impact.local';
        const i7 = 'sustainability.local';
        expect(out.cells[`C${b[i1]}`]).toEqual({ $date: '2025-07-15T00:00:00' });
        expect(out.cells[`D${b[i1]}`]).toBe(42);
        expect(out.cells[`C${b[i4]}`]).toBe(src.cells[`C${a[i4]}`]);
        expect(String(out.cells[`C${b[i4]}`]).replace(/\s/g, '')).toBe('=D5*2');
        expect(String(out.cells[`D${b[i7]}`]).replace(/\s/g, '')).toBe('=D5+1');
        // A logical (LibreOffice writes one as the formula TRUE()).
        expect(out.cells[`H${b[i7]}`]).toEqual(src.cells[`H${a[i7]}`]);
        // LibreOffice computes the formulas from the moved cells, and reads the date as a date.
        expect(lo.values[`C${c[i1]}`]).toEqual({ $date: '2025-07-15T00:00:00' });
        expect(lo.values[`C${c[i4]}`]).toBe(84);
        expect(lo.values[`D${c[i7]}`]).toBe(43);
        expect(lo.values[`H${c[i7]}`]).toBe(true);
      });

      it('hyperlinks keep the cell they sit on (a number, a formula, a date, text) and where they lead', () => {
        const { src, out, lo } = sheets();
        const a = rowsByKey(src);
        for (const sheet of [out, lo]) {
          const b = rowsByKey(sheet);
          const i4 = b['impact.local'];
          const i7 = b['sustainability.local'];
          expect(sheet.links[`D${i4}`]?.target).toBe('https://example.org/d6');
          expect(sheet.values[`D${i4}`] ?? sheet.cells[`D${i4}`]).toBe(7);
          expect(sheet.links[`D${i7}`]?.target).toBe('https://example.org/d7');
          expect(String(sheet.cells[`D${i7}`]).replace(/\s/g, '')).toBe('=D5+1');
          expect(sheet.links.H5?.target).toBe('https://example.org/h5');
          expect(sheet.cells.H5).toEqual({ $date: '2025-03-04T00:00:00' });
          expect(sheet.cells[`H${i4}`]).toBe('見彙整表');
          expect(sheet.links[`H${i4}`]?.location?.replace(/'/g, '')).toBe('彙整表!A12');
        }
        expect(Object.keys(out.links).length).toBe(Object.keys(src.links).length);
        expect(a['impact.local']).toBe(6);
      });

      it('control characters survive, in text staff typed and in a suggestion the tool copies (read from the package XML)', async () => {
        const { src, out, lo } = sheets();
        // What the file held. (LibreOffice reads "_x007F_" as text, not as DEL, and saves it so.)
        const typed = (await cellTexts(file(`${name}.xlsx`), S.tracking))[`C${rowsByKey(src)['diffusion.simplify']}`];
        expect(typed).toBe(name === 'typed' ? CONTROL : CONTROL.replace('\u007F', '_x007F_'));
        for (const [sheet, f] of [
          [out, `${name}-out.xlsx`],
          [lo, `${name}-out-lo.xlsx`],
        ] as const) {
          const b = rowsByKey(sheet);
          const text = await cellTexts(file(f), S.tracking);
          expect(text[`C${b['diffusion.simplify']}`]).toBe(typed);
          expect(text[`B${b['innovation.simplify']}`]).toBe('新建議：x\u000By');
          expect(text[`G${b['innovation.simplify']}`]).toBe('新建議：x\u000By');
        }
      });

      it('a cell comment written by openpyxl is read and kept', () => {
        const { out, lo } = sheets();
        for (const sheet of [out, lo])
          expect(sheet.comments[`C${rowsByKey(sheet)['diffusion.simplify']}`]).toContain('請於 7 月底前更新');
      });
    }
  );

  it('merged progress cells keep their text when rows are inserted (the merge grows as in Excel)', () => {
    expect(runs.merged.code).toBe(0);
    const ws = book('merged.xlsx').sheets[S.tracking];
    expect(items(ws)).toEqual(['1', '2', '4', '5', '7', '11']);
    expect(ws.merged).toEqual(expect.arrayContaining(['C5:D5', 'C7:C9']));
    expect(ws.cells.C5).toBe('合併的辦理情形');
    expect(ws.cells.C7).toBe('4 與 7 共用的辦理情形');
    expect(rowsByKey(ws)['impact.local']).toBe(7);
  });

  it('a new row inserted into a merged progress cell joins the merge: the merged text stays, nothing is written under it', () => {
    // Finding 5 has progress of its own; its new row lands inside C6:C7 (items 4 and 7), as Excel inserts it.
    expect(runs['merged-blocked'].code).toBe(0);
    const ws = book('merged-blocked-out.xlsx').sheets[S.tracking];
    expect(items(ws)).toEqual(['1', '2', '4', '5', '7', '11']);
    const rows = rowsByKey(ws);
    expect(rows['impact.simplify']).toBe(8);
    expect(ws.merged).toEqual(expect.arrayContaining(['C5:D5', 'C7:C9']));
    expect(ws.cells.C7).toBe('4 與 7 共用的辦理情形');
    expect(ws.cells.C8).toBeUndefined();
    expect(ws.cells.B8).toBe('新建議五');
  });

  it('a table staff sorted is not re-sorted; the new row goes after the nearest earlier item', () => {
    expect(runs.sorted.code).toBe(0);
    expect(items(book('sorted-out.xlsx').sheets[S.tracking])).toEqual(['11', '7', '4', '1', '2']);
  });

  it('a relabelled finding, and one labelled like another, are matched by position: none lost, none tracked twice', () => {
    expect(runs.relabel.code).toBe(0);
    const ws = book('relabel-out.xlsx').sheets[S.tracking];
    expect(items(ws)).toEqual(['1', '2', '4', '7', '11']);
    const rows = rowsByKey(ws);
    expect(ws.cells[`B${rows['innovation.simplify']}`]).toBe('新建議二');
    expect(String(ws.cells[`A${rows['innovation.simplify']}`])).toMatch(/^2\. /);
    expect(ws.cells[`B${rows['innovation.local']}`]).toBe(book('ex.xlsx').sheets[S.tracking].cells.B5);
  });

  it('a finding row duplicated inside the table is refused (every suggestion below it would land on the wrong item)', () => {
    const r = runs.dupfinding;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Findings');
    expect(r.stderr).toContain('13');
    expect(fs.existsSync(file('dupfinding-out.xlsx'))).toBe(false);
  });

  it('an ImprovementTracking name narrowed by an edit does not duplicate rows, and says it was set again', () => {
    for (const name of ['narrow-staff', 'narrow-rows']) {
      expect(runs[name].code).toBe(0);
      const ws = book(`${name}-out.xlsx`).sheets[S.tracking];
      expect(items(ws)).toEqual(['1', '4', '7', '11']);
      expect(runs[name].stdout).toContain('ImprovementTracking was pointed at the whole table again');
      expect(runs[name].stdout).not.toContain('nothing changed');
    }
    const staff = book('narrow-staff-out.xlsx');
    expect(staff.sheets[S.tracking].cells.A6).toBe('自行加的列');
    expect(plainRef(staff.names.ImprovementTracking)).toBe('改善追蹤!A4:G9');
    expect(plainRef(book('narrow-rows-out.xlsx').names.ImprovementTracking)).toBe('改善追蹤!A4:G8');
  });

  it('a name narrowed to fewer columns than the table (its hidden ids left out) is refused, naming the range to restore', () => {
    const r = runs['narrow-cols'];
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('改善追蹤!A4:E8');
    expect(r.stderr).toContain('改善追蹤!A4:G8');
    expect(fs.existsSync(file('narrow-cols-out.xlsx'))).toBe(false);
  });

  it('a changed suggestion gets a status, with or without progress written; an edited one is kept and marked', () => {
    expect(runs.changed.code).toBe(0);
    const ws = book('changed-out.xlsx').sheets[S.tracking];
    const rows = rowsByKey(ws);
    const at = (key: string, col: string) => ws.cells[`${col}${rows[key]}`];
    expect([at('innovation.local', 'B'), at('innovation.local', 'E')]).toEqual(['改過的建議一', STATUS.updated]);
    expect([at('diffusion.simplify', 'B'), at('diffusion.simplify', 'E')]).toEqual(['改過的建議十一', STATUS.updated]);
    expect([at('impact.local', 'B'), at('impact.local', 'E')]).toEqual(['追蹤表上自己改的建議四', STATUS.changed]);
    expect(at('sustainability.local', 'E')).toBe(STATUS.orphan);
    expect(at('innovation.local', 'C')).toBe(book('ex.xlsx').sheets[S.tracking].cells.C5);
  });

  it("one run's messages never contradict each other", () => {
    // Each item is named once, in the clause that says what happened to it.
    const c = clauses(runs.changed.stdout);
    expect(c).toEqual({ added: ['2'], took: ['1', '11'], kept: ['7'], 'edited in both places': ['4'] });
    const named = Object.values(c).flat();
    expect(new Set(named).size).toBe(named.length);
    // The row count printed is the table's.
    for (const name of ['changed', 'typed', 'narrow-staff']) {
      const printed = Number(/: (\d+) 列 rows/.exec(runs[name].stdout)?.[1]);
      const ref = plainRef(book(`${name}-out.xlsx`).names.ImprovementTracking);
      const [top, bottom] = ref
        .split('!')[1]
        .split(':')
        .map((x) => Number(/\d+/.exec(x)![0]));
      expect(printed).toBe(bottom - top);
    }
    // A sheet made with no rows is not "up to date, nothing changed".
    expect(runs.empty.code).toBe(0);
    expect(runs.empty.stdout).toContain('created');
    expect(runs.empty.stdout).toContain('no finding carries a suggestion yet');
    expect(runs.empty.stdout).not.toContain('nothing changed');
    expect(book('empty-out.xlsx').order).toContain(S.tracking);
  });

  it('a second run is up to date, says so (a row already marked as orphaned is not news), and leaves the file alone', async () => {
    const f = file('changed-out.xlsx');
    const bytes = fs.readFileSync(f);
    const mtime = fs.statSync(f).mtimeMs;
    const again = await scorecard(['track', f]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('The tracking sheet is up to date; nothing changed.');
    expect(again.stdout).not.toContain('kept');
    expect(fs.readFileSync(f)).toEqual(bytes);
    expect(fs.statSync(f).mtimeMs).toBe(mtime);
  });

  written.itAllValid();
});
