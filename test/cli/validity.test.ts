/**
 * Every file the command writes is a valid workbook (ISO/IEC 29500, ooxml-validate: 0 violations) that
 * openpyxl loads, and its print setup survives other programs: LibreOffice saves the example, `track`
 * rewrites it, and it prints on the same pages (A4, one page wide, portrait or landscape as set, the title
 * rows repeated) as the example the command wrote.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LIBREOFFICE_TEST_TIMEOUT_MS, recalc } from '../support/libreoffice';
import { S, assertBuilt, needs, outputs, pdfPages, py, readAll, requirePdfinfo, scorecard, tempDir, toPdf } from './support';

const d = needs('valid output files (LibreOffice, openpyxl, ooxml-validate)', ['libreoffice', 'openpyxl', 'ooxml'])
  ? describe
  : describe.skip;

d('valid output files and print setup', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const written = outputs();
  const runs: Record<string, Awaited<ReturnType<typeof scorecard>>> = {};

  beforeAll(async () => {
    assertBuilt();
    dir = tempDir('validity');
    const made = await Promise.all([
      scorecard(['template', '--out', file('blank.xlsx')]),
      scorecard(['template', '--out', file('blank-h2.xlsx'), '--office', '花蓮區營業處', '--year', '115', '--period', 'h2']),
      scorecard(['template', '--out', file('example.xlsx'), '--example']),
    ]);
    for (const r of made) expect(r).toMatchObject({ code: 0, stderr: '' });
    written.add('template', file('blank.xlsx'));
    written.add('template --office --year --period', file('blank-h2.xlsx'));
    written.add('template --example', file('example.xlsx'));
    // The example as LibreOffice saves it; and with findings 2 and 5 given suggestions by openpyxl first.
    await py(
      `wb = openpyxl.load_workbook(sys.argv[1])\nwb['彙整表']['D14'] = '新建議二'\nwb['彙整表']['D17'] = '新建議五'\nwb.save(sys.argv[2])`,
      file('example.xlsx'),
      file('edited.xlsx')
    );
    const [lo, loEdited] = await Promise.all([recalc(file('example.xlsx')), recalc(file('edited.xlsx'))]);
    fs.copyFileSync(lo, file('lo.xlsx'));
    fs.copyFileSync(loEdited, file('lo-edited.xlsx'));
    runs.lo = await scorecard(['track', file('lo.xlsx'), '--out', file('lo-tracked.xlsx')]);
    runs.loEdited = await scorecard(['track', file('lo-edited.xlsx'), '--out', file('lo-edited-tracked.xlsx')]);
    for (const [name, out] of [
      ['lo', 'lo-tracked.xlsx'],
      ['loEdited', 'lo-edited-tracked.xlsx'],
    ]) {
      expect(runs[name]).toMatchObject({ code: 0, stderr: '' });
      written.add(`track (${name})`, file(out));
    }
  }, LIBREOFFICE_TEST_TIMEOUT_MS);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('track on a file saved by LibreOffice keeps it as it was, and adds the new findings in order', async () => {
    expect(runs.lo.stdout).toContain('nothing changed');
    expect(runs.loEdited.stdout).toContain('added 2 (items 2, 5)');
    const books = await readAll([file('lo.xlsx'), file('lo-tracked.xlsx')]);
    const [before, after] = Object.values(books);
    for (const sheet of [S.plan, S.scorecard, S.summary, S.tracking]) {
      expect(after.sheets[sheet].cells).toEqual(before.sheets[sheet].cells);
      expect(after.sheets[sheet].merged).toEqual(before.sheets[sheet].merged);
    }
    expect(after.names).toEqual(before.names);
  });

  it('print setup (A4, one page wide, orientation, repeated title rows) survives LibreOffice → track, as openpyxl reads it', async () => {
    const books = await readAll([file('example.xlsx'), file('lo-tracked.xlsx'), file('lo-edited-tracked.xlsx')]);
    const print = (b: (typeof books)[string]) => Object.fromEntries(b.order.map((s) => [s, b.sheets[s].print]));
    const [made, tracked, grown] = Object.values(books).map(print);
    expect(made).toEqual({
      [S.plan]: expect.objectContaining({
        orientation: 'portrait',
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        titleRows: '$14:$14',
      }),
      [S.scorecard]: expect.objectContaining({
        orientation: 'portrait',
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        titleRows: '$4:$4',
        // the seed's columns only: 計入 and 檢核 do not print (配分, C, is hidden)
        printArea: ['$A$1:$E$16'],
      }),
      [S.summary]: expect.objectContaining({
        orientation: 'landscape',
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        // the findings' header, repeated on the pages after the one where the findings start
        titleRows: '$12:$12',
      }),
      [S.tracking]: expect.objectContaining({
        orientation: 'landscape',
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        titleRows: '$4:$4',
        // the seed's columns only (no 狀態, 項目代碼, 建立依據), to the sign-off line and the room under it
        printArea: ['$A$1:$D$11'],
      }),
    });
    expect(tracked).toEqual(made);
    // Rows inserted under the tracking table's header leave its title row where it is; the print area grows by them.
    expect(grown).toEqual({
      ...made,
      [S.tracking]: { ...made[S.tracking], printArea: ['$A$1:$D$13'] },
    });
  });

  const withPdf = requirePdfinfo('print setup in PDF') ? it : it.skip;
  withPdf(
    'the example prints on the same pages after LibreOffice → track as before (LibreOffice PDF export, pdfinfo)',
    async () => {
      const [before, after] = await toPdf(
        [file('example.xlsx'), file('lo-tracked.xlsx')],
        fs.mkdtempSync(path.join(dir, 'pdf-'))
      );
      const pages = await Promise.all([pdfPages(before), pdfPages(after)]);
      expect(pages[0].length).toBeGreaterThanOrEqual(4); // a sheet at least on a page each
      expect(pages[1]).toEqual(pages[0]);
      // A4 (595 x 842 pt) only, portrait and landscape as the sheets are set.
      expect(new Set(pages[0])).toEqual(new Set(['595 x 842', '842 x 595']));
    },
    LIBREOFFICE_TEST_TIMEOUT_MS
  );

  written.itAllValid();
});
