/**
 * Data bars and colour scales (SheetLayout.scales) written by the .xlsx adapter: what the file holds, that it
 * is valid, and that two other readers (openpyxl, LibreOffice) see the same rules.
 */
import * as fs from 'fs';
import JSZip from 'jszip';
import { loadBook, newBook, runOnBook, saveBook } from '../../../src/adapters/xlsx';
import type { SheetLayout } from '../../../src/layouts/types';
import {
  LIBREOFFICE_TEST_TIMEOUT_MS,
  readEvaluated,
  recalc,
  requireLibreOffice,
  uniqueTempPath,
} from '../../support/libreoffice';
import { ooxmlViolations, requireOoxmlValidator } from '../../support/ooxml';
import { requireOpenpyxl, runPython } from '../../support/openpyxl';
import { BAR, SCALE, SCALE_LAYOUT as LAYOUT, SCALE_SHEET as SHEET, addSheet } from '../../support/scaleLayout';

jest.setTimeout(60_000);

async function written(layout: SheetLayout = LAYOUT): Promise<Buffer> {
  const book = newBook();
  const r = runOnBook(book, addSheet, layout);
  if (!r.ok) throw new Error(r.error.en);
  return saveBook(book);
}

const sheetXml = async (pkg: Buffer): Promise<string> =>
  (await JSZip.loadAsync(pkg)).file('xl/worksheets/sheet1.xml')!.async('string');

function tempFile(data: Buffer, name = 'scales.xlsx'): string {
  const file = uniqueTempPath(name);
  fs.writeFileSync(file, data);
  return file;
}

/** Every conditional-format rule of every sheet, as openpyxl reads it. */
const OPENPYXL_RULES = String.raw`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    rules = []
    for cf in ws.conditional_formatting:
        for r in cf.rules:
            rule = {'range': str(cf.sqref), 'type': r.type, 'priority': r.priority}
            scale = r.dataBar or r.colorScale
            if scale is not None:
                rule['cfvo'] = [[c.type, None if c.val is None else float(c.val)] for c in scale.cfvo]
                colors = scale.color if isinstance(scale.color, list) else [scale.color]
                rule['colors'] = [c.rgb for c in colors]
            rules.append(rule)
    out[ws.title] = sorted(rules, key=lambda x: x['priority'])
print(json.dumps(out, ensure_ascii=False))
`;

type Rule = { range: string; type: string; priority: number; cfvo?: [string, number | null][]; colors?: string[] };

const argb = (hex: string) => `FF${hex.slice(1)}`;

/** What every reader should see on the sheet: the paint rule first, then the bar, then the scale. */
const EXPECTED: Rule[] = [
  { range: 'B2:B5', type: 'expression', priority: 1 },
  {
    range: 'B2:B5',
    type: 'dataBar',
    priority: 2,
    cfvo: [
      ['min', null],
      ['max', null],
    ],
    colors: [argb(BAR)],
  },
  {
    range: 'C2:C5',
    type: 'colorScale',
    priority: 3,
    cfvo: [
      ['min', null],
      ['percentile', 50],
      ['max', null],
    ],
    colors: SCALE.map(argb),
  },
];

describe('scales in the written file', () => {
  it('a data bar (min → max) and a three-colour scale (min, 50th percentile, max), each its own priority', async () => {
    const xml = await sheetXml(await written());
    const rules = [...xml.matchAll(/<conditionalFormatting sqref="([^"]+)">([\s\S]*?)<\/conditionalFormatting>/g)];
    expect(rules.map((m) => m[1])).toEqual(['B2:B5', 'B2:B5', 'C2:C5']);
    expect([...xml.matchAll(/<cfRule [^>]*priority="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3]);
    expect(rules[1][2]).toBe(
      `<cfRule type="dataBar" priority="2"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="${argb(BAR)}"/></dataBar></cfRule>`
    );
    expect(rules[2][2]).toBe(
      '<cfRule type="colorScale" priority="3"><colorScale><cfvo type="min"/><cfvo type="percentile" val="50"/><cfvo type="max"/>' +
        SCALE.map((c) => `<color rgb="${argb(c)}"/>`).join('') +
        '</colorScale></cfRule>'
    );
    // No Excel 2010 extension, nor a reference to one: the same layout gives the same sheet every time.
    expect(xml).not.toMatch(/extLst|x14:/);
    expect(await sheetXml(await written())).toBe(xml);
  });

  it('a layout without scales writes only its paint rules', async () => {
    const xml = await sheetXml(await written({ ...LAYOUT, scales: undefined }));
    expect(xml.match(/<cfRule /g)).toHaveLength(1);
    expect(xml).not.toMatch(/dataBar|colorScale/);
  });

  it('loaded and saved again (as track or adopt would), the rules stay, with unique priorities', async () => {
    const again = await saveBook(await loadBook(await written(), 'scales.xlsx'));
    const xml = await sheetXml(again);
    expect([...xml.matchAll(/<cfRule type="(\w+)" [^>]*priority="(\d+)"/g)].map((m) => [m[1], Number(m[2])])).toEqual([
      ['expression', 1],
      ['dataBar', 2],
      ['colorScale', 3],
    ]);
    // Whatever ExcelJS adds to the bar on the way, every reference to an Excel 2010 rule has that rule.
    const refs = [...xml.matchAll(/<x14:id>([^<]*)<\/x14:id>/g)].map((m) => m[1]);
    const twins = [...xml.matchAll(/<x14:cfRule [^>]*id="([^"]*)"/g)].map((m) => m[1]);
    expect(refs).toEqual(twins);
    expect(xml).not.toContain('<x14:id/>');
  });
});

const withValidator = requireOoxmlValidator('scales (xlsx)') ? describe : describe.skip;

withValidator('scales: valid', () => {
  it('the written file and its re-saved copy pass ooxml-validate with no violation', async () => {
    const first = await written();
    const again = await saveBook(await loadBook(first, 'scales.xlsx'));
    expect(await ooxmlViolations({ written: first, resaved: again })).toEqual([]);
  });
});

const withOpenpyxl = requireOpenpyxl('scales (xlsx)') ? describe : describe.skip;

withOpenpyxl('scales: openpyxl', () => {
  it('reads the rule types, ranges, priorities, thresholds and colours', async () => {
    const rules = JSON.parse(await runPython(OPENPYXL_RULES, [tempFile(await written())])) as Record<string, Rule[]>;
    expect(rules[SHEET]).toEqual(EXPECTED);
  });
});

const withLibreOffice = requireLibreOffice('scales (xlsx)') && requireOpenpyxl('scales (xlsx)') ? describe : describe.skip;

withLibreOffice('scales: LibreOffice', () => {
  it(
    'opens the file, recalculates it and saves it with the same bar and scale',
    async () => {
      const out = await recalc(tempFile(await written()));
      const lo = await readEvaluated(out);
      expect(['D2', 'D3', 'D4', 'D5'].map((a) => lo.value(SHEET, a))).toEqual([1, 2, 4, 3]);
      // LibreOffice writes back only what it understood: the rules it read, in its own words.
      const rules = (JSON.parse(await runPython(OPENPYXL_RULES, [out])) as Record<string, Rule[]>)[SHEET];
      const scales = rules.filter((r) => r.type !== 'expression');
      // (It writes val="0" on min and max, where a value means nothing.)
      const thresholds = (r: Rule) => [r.range, r.type, r.cfvo?.map(([t, v]) => (t === 'min' || t === 'max' ? [t] : [t, v]))];
      expect(scales.map(thresholds)).toEqual(EXPECTED.slice(1).map(thresholds));
      expect(scales.map((r) => r.colors)).toEqual(EXPECTED.slice(1).map((r) => r.colors));
      expect(rules.find((r) => r.type === 'expression')).toMatchObject({ range: 'B2:B5' });
      expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
    },
    LIBREOFFICE_TEST_TIMEOUT_MS
  );
});
