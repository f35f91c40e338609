import type { SheetLayout } from '../../src/layouts/types';
import type { Operation } from '../../src/operations/types';

/**
 * One review-like sheet for the data bar and colour scale tests of both hosts (test/adapters/xlsx and
 * test/adapters/office scales.test.ts), so that both judge the same layout.
 */

export const SCALE_SHEET = '審查總表';
export const BAR = '#5B9BD5';
export const SCALE: [string, string, string] = ['#F8696B', '#FFEB84', '#63BE7B'];

/** Totals with a data bar, per-criterion means with a colour scale, ranks as formulas. */
export const SCALE_LAYOUT: SheetLayout = {
  key: 'summary',
  name: SCALE_SHEET,
  rows: [
    ['單位', '總分', '創新性平均', '名次'],
    ['台東區營業處', 939, 95.5, { formula: 'RANK(B2,$B$2:$B$5)' }],
    ['台北市區營業處', 870, 88, { formula: 'RANK(B3,$B$2:$B$5)' }],
    ['花蓮區營業處', 700, 60.25, { formula: 'RANK(B4,$B$2:$B$5)' }],
    ['澎湖區營業處', 812, 79, { formula: 'RANK(B5,$B$2:$B$5)' }],
  ],
  columnWidths: [16, 10, 12, 8],
  rowHeights: {},
  merges: [],
  formats: [{ range: 'A1:D1', style: { bold: true } }],
  validations: [],
  // A paint rule on the same cells as the data bar: priorities must not collide.
  conditionalFormats: [{ range: 'B2:B5', formula: 'B2>1000', fill: '#FFC7CE', fontColor: '#9C0006' }],
  scales: [
    { kind: 'dataBar', range: 'B2:B5', color: BAR },
    { kind: 'colorScale', range: 'C2:C5', colors: SCALE },
  ],
  names: [],
  print: {
    orientation: 'landscape',
    fitToWidth: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    footer: '第 &P 頁，共 &N 頁',
  },
};

/** An operation that adds one sheet from a layout, as the review does. */
export const addSheet: Operation<SheetLayout, void> = {
  id: 'test.addSheet',
  needs: () => ({ ranges: [] }),
  decide: (_snapshot, layout) => ({ ok: true, result: undefined, plan: { edits: [{ kind: 'addSheet', layout }] } }),
};
