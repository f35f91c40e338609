import { OfficeMockObject } from 'office-addin-mock';
import { createExcelHost } from '../src/hosts/office/excelHost';

// office-addin-mock needs only the OfficeApp enum of office-addin-manifest, whose own dependencies
// include an ES-module-only package (strip-bom 5) that jest's CommonJS runtime cannot load.
jest.mock('office-addin-manifest', () => ({
  OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' },
}));

/**
 * The host against the ecosystem's mock (office-addin-mock, as in "Unit testing in Office Add-ins"):
 * a plain data object describes the slice of the workbook a call touches; OfficeMockObject makes its
 * properties readable only after load() + sync(). This shows the host uses nothing beyond ordinary
 * Office.js calls, and keeps a second, independent opinion next to test/support/fakeExcel.ts.
 */

const SCORES = [95, 150, '', 'abc', 124, 125, 45, 47, 44, 46, 45, 46];
const TYPES = SCORES.map((v) => (v === '' ? 'Empty' : typeof v === 'number' ? 'Double' : 'String'));
const CAPS = [100, 100, 100, 140, 130, 130, 50, 50, 50, 50, 50, 50];
const column = <T>(xs: T[]) => xs.map((x) => [x]);

function workbookMock(opts: { selfScores: boolean }) {
  const data = {
    context: {
      workbook: {
        names: {
          selfScores: {
            range: {
              address: "'考核評分表'!E5:E16",
              values: column(SCORES),
              valueTypes: column(TYPES),
              formulas: column(SCORES),
              numberFormat: column(SCORES.map(() => 'General')),
              worksheet: { name: '考核評分表', id: '{SHEET-2}' },
            },
            getRangeOrNullObject(this: { range: unknown }) {
              return this.range;
            },
          },
          scoreCaps: {
            range: { values: column(CAPS) },
            getRangeOrNullObject(this: { range: unknown }) {
              return this.range;
            },
          },
          getItemOrNullObject(this: Record<string, unknown>, name: string) {
            return name === 'SelfScores' ? this.selfScores : this.scoreCaps;
          },
        },
        worksheets: {
          sheet: {
            range: {
              select(this: Record<string, unknown>) {
                this.selected = true;
              },
            },
            activate(this: Record<string, unknown>) {
              this.activated = true;
            },
            getRange(this: { range: Record<string, unknown> }, address: string) {
              this.range.requested = address;
              return this.range;
            },
          },
          getItem(this: Record<string, unknown>, name: string) {
            this.requested = name;
            return this.sheet;
          },
        },
      },
    },
    run: async function (this: { context: unknown }, batch: (context: unknown) => Promise<unknown>) {
      return batch(this.context);
    },
  };
  const mock = new OfficeMockObject(data);
  // isNullObject needs no load() in Office.js; give it directly, after the mock wrapped the data.
  const names = mock.context.workbook.names;
  names.selfScores.range.isNullObject = !opts.selfScores;
  names.scoreCaps.range.isNullObject = false;
  let syncs = 0;
  const sync = mock.context.sync.bind(mock.context);
  mock.context.sync = async () => {
    syncs++;
    await sync();
  };
  return { mock, syncs: () => syncs };
}

const hostFor = (mock: OfficeMockObject) =>
  createExcelHost({
    run: ((batch: (c: unknown) => Promise<unknown>) => mock.run(batch)) as unknown as typeof Excel.run,
    isSetSupported: () => true,
  });

describe('ExcelHost against office-addin-mock', () => {
  it('check() loads SelfScores, syncs once and reports the problems with their addresses', async () => {
    const { mock, syncs } = workbookMock({ selfScores: true });
    const r = await hostFor(mock).check();
    expect(syncs()).toBe(1);
    expect(r.syncs).toBe(1);
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.problems.map((p) => [p.sheet, p.address, p.kind])).toEqual([
      ['考核評分表', 'E6', 'aboveCap'],
      ['考核評分表', 'E8', 'text'],
    ]);
    expect(r.value.criteria[2]).toMatchObject({ address: 'E7', status: 'blank' });
    expect(r.value.entered).toBe(9);
  });

  it('check() without SelfScores is a bilingual message', async () => {
    const { mock } = workbookMock({ selfScores: false });
    const r = await hostFor(mock).check();
    expect(r).toMatchObject({ ok: false, syncs: 1 });
    if (!r.ok) expect(`${r.error.zh} ${r.error.en}`).toMatch(/SelfScores.*SelfScores/);
  });

  it('select() activates the sheet and selects the cell in one sync', async () => {
    const { mock, syncs } = workbookMock({ selfScores: true });
    const r = await hostFor(mock).select('考核評分表', 'E6');
    expect(r).toEqual({ ok: true, value: undefined, syncs: 1 });
    expect(syncs()).toBe(1);
    const ws = mock.context.workbook.worksheets;
    expect(ws.requested).toBe('考核評分表');
    expect(ws.sheet.activated).toBe(true);
    expect(ws.sheet.range.requested).toBe('E6');
    expect(ws.sheet.range.selected).toBe(true);
  });
});
