import { Rect, colLetters, parseRange, rangeAddr } from '../../domain/a1';
import {
  CellContent,
  CellStyle,
  ConditionalFormatSpec,
  FormatSpec,
  NameSpec,
  ScaleSpec,
  SheetLayout,
  ValidationSpec,
} from '../../layouts/types';
import { OfficeCell, absRows, charsToPoints, rowRuns, toFormulaCell } from './convert';

/**
 * Writes a layout into a worksheet through Office.js, the twin of ../xlsx/render.ts. Only queues
 * requests: the caller syncs once for everything. Thin on purpose: every decision is in the layout.
 */

/** What this Excel offers, decided from requirement sets before anything is queued. */
export interface Features {
  /** ExcelApi 1.8: range.dataValidation */
  validation: boolean;
  /** ExcelApi 1.9: worksheet.pageLayout */
  print: boolean;
  /** ExcelApi 1.6: conditional formats, suspendApiCalculationUntilNextSync */
  conditionalFormats: boolean;
  /** ExcelApi 1.7: freeze panes, tab colour */
  sheetView: boolean;
  /** ExcelApi 1.4: workbook.names.add */
  names: boolean;
  /** ExcelApi 1.13: range.getMergedAreasOrNullObject */
  mergedAreas: boolean;
}

const H = { left: 'Left', center: 'Center', right: 'Right' } as const;
const V = { top: 'Top', middle: 'Center', bottom: 'Bottom' } as const;
const BORDER_COLOR = '#8A8886';
const ALERT = { stop: 'Stop', warning: 'Warning', information: 'Information' } as const;

/** One 2-D assignment for the whole rectangle at (top, left). */
export function writeCells(ws: Excel.Worksheet, rows: OfficeCell[][], top = 1, left = 1) {
  if (rows.length === 0 || rows[0].length === 0) return;
  ws.getRange(rangeAddr(top, left, top + rows.length - 1, left + rows[0].length - 1)).formulas = rows;
}

export const layoutCells = (rows: CellContent[][], blank: null | '' = null): OfficeCell[][] =>
  rows.map((r) => r.map((c) => toFormulaCell(c, blank)));

function borderEdges(r: Rect): Excel.BorderIndex[] {
  const edges: Excel.BorderIndex[] = [
    'EdgeTop' as Excel.BorderIndex,
    'EdgeBottom' as Excel.BorderIndex,
    'EdgeLeft' as Excel.BorderIndex,
    'EdgeRight' as Excel.BorderIndex,
  ];
  if (r.bottom > r.top) edges.push('InsideHorizontal' as Excel.BorderIndex);
  if (r.right > r.left) edges.push('InsideVertical' as Excel.BorderIndex);
  return edges;
}

export function applyStyle(ws: Excel.Worksheet, address: string, s: CellStyle) {
  const range = ws.getRange(address);
  const f = range.format;
  if (s.bold !== undefined) f.font.bold = s.bold;
  if (s.fontSize !== undefined) f.font.size = s.fontSize;
  if (s.fontColor !== undefined) f.font.color = s.fontColor;
  if (s.fill !== undefined) f.fill.color = s.fill;
  if (s.hAlign) f.horizontalAlignment = H[s.hAlign];
  if (s.vAlign) f.verticalAlignment = V[s.vAlign];
  if (s.wrap !== undefined) f.wrapText = s.wrap;
  const rect = parseRange(address);
  if (s.border) {
    for (const edge of borderEdges(rect)) {
      const b = f.borders.getItem(edge);
      b.style = 'Continuous';
      b.weight = 'Thin';
      b.color = BORDER_COLOR;
    }
  }
  if (s.numberFormat) {
    const row = Array.from({ length: rect.right - rect.left + 1 }, () => s.numberFormat!);
    range.numberFormat = Array.from({ length: rect.bottom - rect.top + 1 }, () => row);
  }
}

export function applyFormats(ws: Excel.Worksheet, formats: FormatSpec[]) {
  for (const f of formats) applyStyle(ws, f.range, f.style);
}

export function applyRowHeights(ws: Excel.Worksheet, heights: Record<number, number>) {
  for (const run of rowRuns(heights)) ws.getRange(`${run.from}:${run.to}`).format.rowHeight = run.height;
}

function validationRule(v: ValidationSpec): Excel.DataValidationRule {
  switch (v.rule.kind) {
    case 'decimal':
      return { decimal: { formula1: v.rule.min, formula2: v.rule.max, operator: 'Between' } };
    case 'whole':
      return { wholeNumber: { formula1: v.rule.min, formula2: v.rule.max, operator: 'Between' } };
    case 'list':
      return { list: { inCellDropDown: true, source: v.rule.values.join(',') } };
    case 'custom':
      return { custom: { formula: `=${v.rule.formula}` } };
  }
}

export function applyValidation(ws: Excel.Worksheet, v: ValidationSpec) {
  const dv = ws.getRange(v.range).dataValidation;
  dv.rule = validationRule(v);
  dv.ignoreBlanks = v.allowBlank;
  if (v.prompt) dv.prompt = { showPrompt: true, title: v.prompt.title, message: v.prompt.message };
  dv.errorAlert = { showAlert: true, style: ALERT[v.errorStyle], title: v.error.title, message: v.error.message };
}

/**
 * A data bar (lowest to highest value) or a three-colour scale (lowest, 50th percentile, highest), as the
 * .xlsx renderer writes them. Enum values are the strings Excel takes ("LowestValue", not "lowestValue").
 */
export function applyScale(ws: Excel.Worksheet, s: ScaleSpec) {
  const formats = ws.getRange(s.range).conditionalFormats;
  switch (s.kind) {
    case 'dataBar': {
      const bar = formats.add('DataBar').dataBar;
      bar.barDirection = 'LeftToRight';
      // Set whole (Excel takes these only as objects); without them Excel picks "Automatic" bounds.
      bar.lowerBoundRule = { type: 'LowestValue' };
      bar.upperBoundRule = { type: 'HighestValue' };
      bar.positiveFormat.fillColor = s.color;
      return;
    }
    case 'colorScale': {
      const [min, mid, max] = s.colors;
      formats.add('ColorScale').colorScale.criteria = {
        minimum: { type: 'LowestValue', color: min },
        midpoint: { type: 'Percentile', formula: '50', color: mid },
        maximum: { type: 'HighestValue', color: max },
      };
      return;
    }
  }
}

/** Paint the range where the formula is TRUE: a custom conditional format (Excel puts it first). */
function addPaintRule(ws: Excel.Worksheet, c: ConditionalFormatSpec) {
  const cf = ws.getRange(c.range).conditionalFormats.add('Custom');
  cf.custom.rule.formula = `=${c.formula}`;
  cf.custom.format.fill.color = c.fill;
  cf.custom.format.font.color = c.fontColor;
}

/**
 * A layout's data validation and paint rules, as far as this Excel offers them. On a sheet that exists
 * (`replace`), each validation's cells are cleared of the validation they had first: Excel refuses a rule over
 * cells that have another.
 */
export function applyRules(
  ws: Excel.Worksheet,
  validations: readonly ValidationSpec[],
  cfs: readonly ConditionalFormatSpec[],
  features: Features,
  replace = false
) {
  if (features.validation) {
    for (const v of validations) {
      if (replace) ws.getRange(v.range).dataValidation.clear();
      applyValidation(ws, v);
    }
  }
  if (features.conditionalFormats) for (const c of cfs) addPaintRule(ws, c);
}

/**
 * Everything of a layout on a fresh sheet. `addNameIf` decides, per defined name, whether to create it
 * (names that already exist are kept as they are, pointing where they point).
 */
export function renderSheet(ws: Excel.Worksheet, layout: SheetLayout, features: Features, addName: (n: NameSpec) => void) {
  writeCells(ws, layoutCells(layout.rows));
  layout.columnWidths.forEach((w, i) => {
    const col = ws.getRange(`${colLetters(i + 1)}:${colLetters(i + 1)}`);
    if (w === 0) col.columnHidden = true;
    else col.format.columnWidth = charsToPoints(w);
  });
  // Merge first: Excel on the web drops the formats of cells that a later merge covers.
  for (const m of layout.merges) ws.getRange(m).merge(false);
  applyFormats(ws, layout.formats);
  applyRowHeights(ws, layout.rowHeights);
  applyRules(ws, layout.validations, layout.conditionalFormats, features);
  if (features.conditionalFormats) for (const sc of layout.scales ?? []) applyScale(ws, sc);
  if (features.names) for (const n of layout.names) addName(n);
  if (features.print) {
    const pl = ws.pageLayout;
    pl.orientation = layout.print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
    pl.paperSize = 'A4';
    pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    pl.centerHorizontally = true;
    // The layout's margins are in inches; pageLayout takes points.
    const m = layout.print.margins;
    pl.leftMargin = m.left * 72;
    pl.rightMargin = m.right * 72;
    pl.topMargin = m.top * 72;
    pl.bottomMargin = m.bottom * 72;
    pl.headerMargin = m.header * 72;
    pl.footerMargin = m.footer * 72;
    pl.headersFooters.defaultForAllPages.centerFooter = layout.print.footer;
    if (layout.print.titleRows) pl.setPrintTitleRows(absRows(layout.print.titleRows));
    if (layout.print.area) pl.setPrintArea(layout.print.area);
  }
  if (features.sheetView) {
    if (layout.freezeRows) ws.freezePanes.freezeRows(layout.freezeRows);
    if (layout.tabColor) ws.tabColor = layout.tabColor;
  }
}
