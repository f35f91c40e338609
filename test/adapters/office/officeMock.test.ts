import { OfficeMockObject } from 'office-addin-mock';
import { RUBRIC_114 } from '../../../src/domain/defaultRubric';
import { NAMES } from '../../../src/contract';
import { check, track } from '../../../src/operations';
import { missingName } from '../../../src/operations/messages';
import { createOfficeHost } from '../../../src/adapters/office/host';

// office-addin-mock needs only the OfficeApp enum of office-addin-manifest, whose own dependencies
// include an ES-module-only package (strip-bom 5) that jest's CommonJS runtime cannot load.
jest.mock('office-addin-manifest', () => ({
  OfficeApp: {
    Excel: 'excel',
    OneNote: 'onenote',
    Outlook: 'outlook',
    PowerPoint: 'powerpoint',
    Project: 'project',
    Word: 'word',
  },
}));

/**
 * The host against the ecosystem's mock (office-addin-mock, as in "Unit testing in Office Add-ins"): a
 * plain data object describes the slice of the workbook a call touches, and OfficeMockObject makes its
 * properties readable only after load() + sync(). It is a second, independent opinion next to
 * test/support/fakeExcel.ts that the host uses only ordinary Office.js calls: the collections'
 * `items` with name / type / value, `worksheets.getItem(name).getRange(address)` with values, valueTypes,
 * formulas and numberFormat, and `getMergedAreasOrNullObject()`. Anything else (names.getItem, a name's
 * getRange) is not in the data, so calling it fails the test. The mock cannot model a name that is a
 * constant as a null object either: such a name simply has no range to ask for.
 */

const SHEET = '考核評分表';
const SCORES = [95, 150, '', 'abc', 124, 125, 45, 47, 44, 46, 45, 46];
const TYPES = SCORES.map((v) => (v === '' ? 'Empty' : typeof v === 'number' ? 'Double' : 'String'));
const CAPS = [100, 100, 100, 140, 130, 130, 50, 50, 50, 50, 50, 50];
const column = <T>(xs: T[]) => xs.map((x) => [x]);

/** A range as the read path loads it. */
const rangeData = (values: unknown[][], types: string[][]) => ({
  values,
  valueTypes: types,
  formulas: values,
  numberFormat: values.map((r) => r.map(() => 'General')),
  // no merged cells: a null object, whose isNullObject is set once the mock is built
  merged: { address: '' },
  getMergedAreasOrNullObject(this: { merged: unknown }) {
    return this.merged;
  },
  // the used part of a scanned block: the mock's blocks are blank, so a null object (set once the mock is built)
  used: { address: '', values: [], valueTypes: [], formulas: [], numberFormat: [] },
  getUsedRangeOrNullObject(this: { used: unknown }) {
    return this.used;
  },
});

interface NameData {
  name: string;
  type: string;
  value: unknown;
}

const RANGE_NAMES: NameData[] = [
  { name: NAMES.scoreCaps, type: 'Range', value: `'${SHEET}'!$C$5:$C$16` },
  { name: NAMES.selfScores, type: 'Range', value: `'${SHEET}'!$E$5:$E$16` },
  { name: NAMES.office, type: 'Range', value: `'${SHEET}'!$B$3` },
];

const fail = (why: string): never => {
  throw new Error(why);
};

const blank = (rows: number, cols: number) => {
  const grid = (v: unknown) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => v));
  return rangeData(grid(''), grid('Empty') as string[][]);
};

function workbookMock(names: NameData[]) {
  const requested: string[] = [];
  const selected: string[] = [];
  let activated = '';
  /** A loaded sheet of worksheets.items: what select uses once it knows the sheet is there. */
  const item = (name: string) => ({
    name,
    activate: () => (activated = name),
    getRange: (address: string) => ({ select: () => selected.push(`${name}!${address}`) }),
  });
  const data = {
    context: {
      workbook: {
        names: { items: names },
        worksheets: {
          items: [item('Sheet1'), item(SHEET)],
          byName: {
            Sheet1: { ranges: { 'A1:L200': blank(200, 12) } },
            [SHEET]: {
              ranges: {
                'A1:L200': blank(200, 12),
                'C5:C16': rangeData(column(CAPS), column(CAPS.map(() => 'Double'))),
                'E5:E16': rangeData(column(SCORES), column(TYPES)),
                B3: rangeData([['台東區營業處']], [['String']]),
              },
            },
          },
          getItem(this: { byName: Record<string, { ranges: Record<string, unknown> }> }, name: string) {
            const sheet = this.byName[name];
            if (!sheet) throw new Error(`the mock has no sheet ${name}`);
            return {
              getRange(address: string) {
                requested.push(`${name}!${address}`);
                return sheet.ranges[address] ?? fail(`the mock has no range ${name}!${address}`);
              },
            };
          },
        },
      },
    },
    run: async function (this: { context: unknown }, batch: (context: unknown) => Promise<unknown>) {
      return batch(this.context);
    },
  };
  const mock = new OfficeMockObject(data);
  const ws = mock.context.workbook.worksheets;
  // office-addin-mock loads a whole property, not a path into an array's elements: "items/name" is "items".
  for (const collection of [ws, mock.context.workbook.names]) {
    const load = collection.load.bind(collection);
    collection.load = () => load('items');
  }
  // isNullObject needs no load() in Office.js; give it directly, after the mock wrapped the data.
  for (const [sheet, { ranges }] of Object.entries(data.context.workbook.worksheets.byName)) {
    for (const address of Object.keys(ranges)) {
      ws.byName[sheet].ranges[address].merged.isNullObject = true;
      ws.byName[sheet].ranges[address].used.isNullObject = true;
    }
  }
  let syncs = 0;
  const sync = mock.context.sync.bind(mock.context);
  mock.context.sync = async () => {
    syncs++;
    await sync();
  };
  const host = createOfficeHost({
    rubric: RUBRIC_114,
    run: ((batch: (c: unknown) => Promise<unknown>) => mock.run(batch)) as unknown as typeof Excel.run,
    isSetSupported: () => true,
  });
  return { host, requested, syncs: () => syncs, selected, activated: () => activated };
}

describe('the Office host against office-addin-mock', () => {
  it('check reads the names and sheets, then the ranges: two syncs, the problems with their addresses', async () => {
    const { host, syncs, requested } = workbookMock(RANGE_NAMES);
    const r = await host.run(check, { rubric: RUBRIC_114 });
    expect(syncs()).toBe(2);
    expect(r.syncs).toBe(2);
    if (!r.ok) throw new Error(r.error.en);
    expect(requested.sort()).toEqual([`${SHEET}!B3`, `${SHEET}!C5:C16`, `${SHEET}!E5:E16`]);
    expect(r.value.problems.map((p) => [p.sheet, p.address, p.kind])).toEqual([
      [SHEET, 'E6', 'aboveCap'],
      [SHEET, 'E8', 'text'],
    ]);
    expect(r.value.criteria[2]).toMatchObject({ address: 'E7', status: 'blank' });
    expect(r.value.entered).toBe(9);
    expect(r.value.meta).toEqual({ office: '台東區營業處' });
  });

  it('SelfScores that is a constant (=5) is named in a bilingual message; no range is asked of it', async () => {
    const names = RANGE_NAMES.map((n) => (n.name === NAMES.selfScores ? { ...n, type: 'Integer', value: 5 } : n));
    const { host, requested } = workbookMock(names);
    const r = await host.run(check, { rubric: RUBRIC_114 });
    expect(r).toEqual({
      ok: false,
      syncs: 2,
      error: missingName(NAMES.selfScores, { name: NAMES.selfScores, refersTo: '=5' }),
    });
    expect(requested).not.toContain(`${SHEET}!E5:E16`);
  });

  it('SelfScores left at #REF! or pointing into another workbook is named too', async () => {
    for (const [type, value, refersTo] of [
      ['Error', '#REF!', '=#REF!'],
      ['Range', "'[舊檔.xlsx]考核評分表'!$E$5:$E$16", "='[舊檔.xlsx]考核評分表'!$E$5:$E$16"],
    ]) {
      const names = RANGE_NAMES.map((n) => (n.name === NAMES.selfScores ? { ...n, type, value } : n));
      const r = await workbookMock(names).host.run(check, { rubric: RUBRIC_114 });
      expect(r).toMatchObject({
        ok: false,
        error: missingName(NAMES.selfScores, { name: NAMES.selfScores, refersTo }),
      });
    }
  });

  it('track without Findings (a constant here) names it, after looking for a tracking table on every sheet', async () => {
    const { host, syncs, requested } = workbookMock([{ name: NAMES.findings, type: 'String', value: '見彙整表' }]);
    const r = await host.run(track, { rubric: RUBRIC_114 });
    expect(r).toEqual({
      ok: false,
      syncs: 2,
      error: missingName(NAMES.findings, { name: NAMES.findings, refersTo: '="見彙整表"' }),
    });
    expect(syncs()).toBe(2);
    expect(requested).toEqual(['Sheet1!A1:L200', `${SHEET}!A1:L200`]);
  });

  it('select finds the sheet among the loaded ones, then activates it and selects the cell: two syncs', async () => {
    const { host, syncs, requested, selected, activated } = workbookMock(RANGE_NAMES);
    const r = await host.select(SHEET, 'E9');
    expect(r).toEqual({ ok: true, value: undefined, syncs: 2 });
    expect(syncs()).toBe(2);
    expect(activated()).toBe(SHEET);
    expect(selected).toEqual([`${SHEET}!E9`]);
    // nothing went through getItem: only a sheet known to exist is used
    expect(requested).toEqual([]);
  });

  it('select of a sheet that is not there asks nothing of it', async () => {
    const { host, requested, selected, activated } = workbookMock(RANGE_NAMES);
    const r = await host.select('不存在', 'E9');
    expect(r).toMatchObject({ ok: false, syncs: 1, error: { zh: expect.stringContaining('不存在') } });
    expect([requested, selected, activated()]).toEqual([[], [], '']);
  });
});
