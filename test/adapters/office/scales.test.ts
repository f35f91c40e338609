/**
 * Data bars and colour scales (SheetLayout.scales) through the Office.js adapter, against the strict fake
 * Excel: what lands on the sheet, behind which requirement set, and in how many round trips.
 */
import { createOfficeHost } from '../../../src/adapters/office/host';
import type { SheetLayout } from '../../../src/layouts/types';
import { RUBRIC_114 } from '../../../src/domain/defaultRubric';
import { createFakeExcel } from '../../support/fakeExcel';
import { BAR, SCALE, SCALE_LAYOUT as LAYOUT, SCALE_SHEET as SHEET, addSheet } from '../../support/scaleLayout';

async function apply(layout: SheetLayout, api?: string) {
  const fake = createFakeExcel({ api });
  const host = createOfficeHost({ rubric: RUBRIC_114, run: fake.run, isSetSupported: fake.isSetSupported });
  const r = await host.run(addSheet, layout);
  return { fake, r };
}

describe('scales through Office.js', () => {
  it('a data bar (lowest → highest, left to right, the layout colour) and a three-colour scale, after the paint rule', async () => {
    const { fake, r } = await apply(LAYOUT);
    expect(r).toEqual({ ok: true, value: undefined, syncs: 2 });
    expect(fake.sheet(SHEET).conditionalFormats).toEqual([
      expect.objectContaining({ range: 'B2:B5', type: 'Custom', formula: '=B2>1000', fill: '#FFC7CE' }),
      {
        range: 'B2:B5',
        type: 'DataBar',
        dataBar: expect.objectContaining({
          barDirection: 'LeftToRight',
          lowerBoundRule: { type: 'LowestValue' },
          upperBoundRule: { type: 'HighestValue' },
          fillColor: BAR,
        }),
      },
      {
        range: 'C2:C5',
        type: 'ColorScale',
        colorScale: {
          criteria: {
            minimum: { type: 'LowestValue', formula: null, color: SCALE[0] },
            midpoint: { type: 'Percentile', formula: '50', color: SCALE[1] },
            maximum: { type: 'HighestValue', formula: null, color: SCALE[2] },
          },
          threeColorScale: true,
        },
      },
    ]);
  });

  it('costs no round trip of its own: the same two syncs with or without scales, one for any number', async () => {
    const without = await apply({ ...LAYOUT, scales: undefined });
    expect(without.r.syncs).toBe(2);
    expect(without.fake.sheet(SHEET).conditionalFormats.map((c) => c.type)).toEqual(['Custom']);
    const many = await apply({
      ...LAYOUT,
      scales: Array.from({ length: 20 }, (_, i) => ({ kind: 'dataBar' as const, range: `E${i + 2}:F${i + 2}`, color: BAR })),
    });
    expect(many.r.syncs).toBe(2);
    expect(many.fake.sheet(SHEET).conditionalFormats.filter((c) => c.type === 'DataBar')).toHaveLength(20);
  });

  it('below ExcelApi 1.6 the sheet is written without conditional formats, scales included', async () => {
    const { fake, r } = await apply(LAYOUT, '1.5');
    expect(r.ok).toBe(true);
    expect(fake.values(SHEET, 'B2:C2')).toEqual([[939, 95.5]]);
    expect(fake.sheet(SHEET).conditionalFormats).toEqual([]);
  });
});
