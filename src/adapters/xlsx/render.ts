import type ExcelJS from 'exceljs';
import { absRange, parseArea, parseRange, quoteSheet, rectAddr, rectMinus, rectsIntersect } from '../../domain/a1';
import {
  CellContent,
  CellStyle,
  ConditionalFormatSpec,
  FormatSpec,
  NameSpec,
  ScaleSpec,
  SheetLayout,
  ValidationSpec,
  isFormula,
} from '../../layouts/types';
import type { DefinedName } from './package';

/** Writes a layout into an ExcelJS worksheet. Thin on purpose: every decision is in the layout. */

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;

/**
 * Functions newer than Excel 2007 are stored in a file with the `_xlfn.` prefix: without it Excel and LibreOffice
 * show #NAME?. Layouts spell them as the formula bar (and Office.js) does. Text inside "…" is left alone.
 */
const NEWER_FUNCTIONS =
  /(?<![\w.])(RANK\.EQ|RANK\.AVG|STDEV\.S|STDEV\.P|VAR\.S|VAR\.P|PERCENTILE\.INC|PERCENTILE\.EXC|QUARTILE\.INC|QUARTILE\.EXC|IFNA|IFS|MAXIFS|MINIFS|SWITCH|CONCAT|TEXTJOIN)\(/g;
export const fileFormula = (formula: string) =>
  formula
    .split('"')
    .map((part, i) => (i % 2 ? part : part.replace(NEWER_FUNCTIONS, '_xlfn.$1(')))
    .join('"');

export function cellValue(c: CellContent): ExcelJS.CellValue {
  if (c === null) return null;
  if (isFormula(c)) {
    const formula = fileFormula(c.formula);
    return (c.result === undefined ? { formula } : { formula, result: c.result }) as ExcelJS.CellFormulaValue;
  }
  return c;
}

function forEachCell(range: string, fn: (row: number, col: number) => void) {
  const r = parseRange(range);
  for (let row = r.top; row <= r.bottom; row++) for (let col = r.left; col <= r.right; col++) fn(row, col);
}

export function applyStyle(cell: ExcelJS.Cell, s: CellStyle) {
  // A loaded workbook shares one style object among the cells of a style index: copy before changing.
  cell.style = { ...cell.style };
  if (s.bold !== undefined || s.fontSize !== undefined || s.fontColor !== undefined) {
    cell.font = {
      ...cell.font,
      ...(s.bold !== undefined && { bold: s.bold }),
      ...(s.fontSize !== undefined && { size: s.fontSize }),
      ...(s.fontColor !== undefined && { color: { argb: argb(s.fontColor) } }),
    };
  }
  if (s.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(s.fill) } };
  if (s.hAlign || s.vAlign || s.wrap !== undefined) {
    cell.alignment = {
      ...cell.alignment,
      ...(s.hAlign && { horizontal: s.hAlign }),
      ...(s.vAlign && { vertical: s.vAlign }),
      ...(s.wrap !== undefined && { wrapText: s.wrap }),
    };
  }
  if (s.border) {
    const thin = { style: 'thin' as const, color: { argb: 'FF8A8886' } };
    cell.border = { top: thin, left: thin, bottom: thin, right: thin };
  }
  if (s.numberFormat) cell.numFmt = s.numberFormat;
}

export function applyFormats(ws: ExcelJS.Worksheet, formats: FormatSpec[]) {
  for (const f of formats) forEachCell(f.range, (r, c) => applyStyle(ws.getCell(r, c), f.style));
}

export function writeValues(ws: ExcelJS.Worksheet, rows: CellContent[][], top = 1, left = 1) {
  rows.forEach((row, i) => row.forEach((v, j) => (ws.getCell(top + i, left + j).value = cellValue(v))));
}

function validation(v: ValidationSpec): ExcelJS.DataValidation {
  const common = {
    allowBlank: v.allowBlank,
    showErrorMessage: true,
    // The file format spells Excel's "Stop" style as "stop" (ST_DataValidationErrorStyle); ExcelJS writes what it is given.
    errorStyle: v.errorStyle,
    errorTitle: v.error.title,
    error: v.error.message,
    ...(v.prompt && { showInputMessage: true, promptTitle: v.prompt.title, prompt: v.prompt.message }),
  } as const;
  switch (v.rule.kind) {
    case 'decimal':
      return { ...common, type: 'decimal', operator: 'between', formulae: [v.rule.min, v.rule.max] };
    case 'whole':
      return { ...common, type: 'whole', operator: 'between', formulae: [v.rule.min, v.rule.max] };
    case 'list':
      return { ...common, type: 'list', formulae: [`"${v.rule.values.join(',')}"`] };
    case 'custom':
      return { ...common, type: 'custom', formulae: [v.rule.formula] } as ExcelJS.DataValidation;
  }
}

/**
 * A data bar (lowest to highest value) or a three-colour scale (lowest, 50th percentile, highest).
 * `gradient: true` keeps ExcelJS to the plain data bar every reader knows: left unset, ExcelJS adds an Excel
 * 2010 extension under a random GUID, so the same layout would not give the same bytes twice. (ExcelJS still
 * writes an empty reference to that extension; finishPackage removes it.)
 */
export function scaleRule(s: ScaleSpec, priority: number): ExcelJS.ConditionalFormattingRule {
  switch (s.kind) {
    case 'dataBar':
      // ExcelJS's types lack the bar's colour, which it writes.
      return {
        type: 'dataBar',
        priority,
        gradient: true,
        cfvo: [{ type: 'min' }, { type: 'max' }],
        color: { argb: argb(s.color) },
      } as ExcelJS.DataBarRuleType;
    case 'colorScale':
      return {
        type: 'colorScale',
        priority,
        cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
        color: s.colors.map((c) => ({ argb: argb(c) })),
      };
  }
}

/** What a name of `range` on `sheet` refers to: "S!$E$5:$E$16", or each area with its sheet ("S!$D$5:$D$7,S!$D$10:$D$12"). */
export function nameFormula(sheet: string, range: string): string {
  return range
    .split(',')
    .map((part) => {
      const r = parseRange(part.trim());
      return `${quoteSheet(sheet)}!${absRange(r.top, r.left, r.bottom, r.right)}`;
    })
    .join(',');
}

/** Put `entry` in the list in place of the name of its name and scope, or at the end. */
function putName(names: DefinedName[], entry: DefinedName) {
  const at = names.findIndex((d) => d.localSheetId === entry.localSheetId && d.name.toLowerCase() === entry.name.toLowerCase());
  if (at >= 0) names[at] = entry;
  else names.push(entry);
}

/** A workbook-scoped name pointing at `range` on `sheet`, replacing any workbook-scoped name of that name. */
export function setName(names: DefinedName[], sheet: string, n: NameSpec) {
  putName(names, { name: n.name, formula: nameFormula(sheet, n.range), ...(n.comment && { comment: n.comment }) });
}

/**
 * A name scoped to the sheet at `scopeIndex` of the workbook's sheets (localSheetId), pointing at `range` on `sheet`
 * (any sheet), replacing only a name of that name and scope: the workbook-scoped one is left as it is.
 */
export function setLocalName(names: DefinedName[], scopeIndex: number, sheet: string, n: NameSpec) {
  putName(names, {
    name: n.name,
    formula: nameFormula(sheet, n.range),
    localSheetId: scopeIndex,
    ...(n.comment && { comment: n.comment }),
  });
}

type ValidationModel = Record<string, ExcelJS.DataValidation | undefined>;
const validationsOf = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { dataValidations: { model: ValidationModel; add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;

/**
 * Take the cells of `range` out of the sheet's data validation, as Excel's "Clear All" on them does: the rest of
 * a rule's cells keep it. ExcelJS holds a loaded rule per cell and one added here per range; left in place, the
 * older rule could win the overlap that finishPackage resolves.
 */
function clearValidations(ws: ExcelJS.Worksheet, range: string) {
  const hole = parseRange(range);
  const model = validationsOf(ws).model;
  for (const [key, v] of Object.entries(model)) {
    const at = parseArea(key);
    if (!at || !rectsIntersect(at, hole)) continue;
    delete model[key];
    if (v) for (const rest of rectMinus(at, hole)) model[rectAddr(rest)] = v;
  }
}

/** Data validation, added per range, so a custom rule's relative references stay relative to the range's first cell. */
function addValidations(ws: ExcelJS.Worksheet, validations: readonly ValidationSpec[]) {
  const dv = validationsOf(ws);
  for (const v of validations) dv.add(v.range, validation(v));
}

/** Paint rules (a fill and a font colour where a formula is TRUE), numbered from `priority`. */
function addPaintRules(ws: ExcelJS.Worksheet, cfs: readonly ConditionalFormatSpec[], priority: number) {
  cfs.forEach((cf, i) =>
    ws.addConditionalFormatting({
      ref: cf.range,
      rules: [
        {
          type: 'expression',
          priority: priority + i,
          formulae: [cf.formula],
          style: {
            fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(cf.fill) } },
            font: { color: { argb: argb(cf.fontColor) } },
          },
        },
      ],
    })
  );
}

/**
 * A layout's validation and paint rules on cells of a sheet that exists (a sheet made by hand): a validation
 * replaces any the cells had, and the new paint rules come first, as Excel puts a rule it adds, the sheet's own
 * following in their order. Values, formats and everything else of the cells stay as they are.
 */
export function applyRules(ws: ExcelJS.Worksheet, validations: readonly ValidationSpec[], cfs: readonly ConditionalFormatSpec[]) {
  for (const v of validations) clearValidations(ws, v.range);
  addValidations(ws, validations);
  if (cfs.length === 0) return;
  const existing =
    (ws as unknown as { conditionalFormattings?: { rules: { priority?: number }[] }[] }).conditionalFormattings ?? [];
  for (const cf of existing) for (const rule of cf.rules) if (typeof rule.priority === 'number') rule.priority += cfs.length;
  addPaintRules(ws, cfs, 1);
}

export function renderSheet(wb: ExcelJS.Workbook, names: DefinedName[], layout: SheetLayout): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(layout.name, {
    properties: { ...(layout.tabColor && { tabColor: { argb: argb(layout.tabColor) } }) },
    views: layout.freezeRows ? [{ state: 'frozen', ySplit: layout.freezeRows, xSplit: 0 }] : [],
    pageSetup: {
      paperSize: 9, // A4
      orientation: layout.print.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { ...layout.print.margins },
      ...(layout.print.titleRows && { printTitlesRow: layout.print.titleRows }),
      ...(layout.print.area && { printArea: layout.print.area }),
    },
    headerFooter: { oddFooter: `&C${layout.print.footer}` },
  });
  layout.columnWidths.forEach((w, i) => {
    const col = ws.getColumn(i + 1);
    if (w === 0) col.hidden = true;
    else col.width = w;
  });
  writeValues(ws, layout.rows);
  // Merged before formatted, as the Excel renderer must (Excel on the web drops formats a merge covers).
  for (const m of layout.merges) ws.mergeCells(m);
  applyFormats(ws, layout.formats);
  for (const [r, h] of Object.entries(layout.rowHeights)) ws.getRow(Number(r)).height = h;
  addValidations(ws, layout.validations);
  addPaintRules(ws, layout.conditionalFormats, 1);
  // Priorities follow the paint rules' (each its own, as Excel wants): a cell painted as bad keeps its paint
  // over a colour scale. ExcelJS would number a rule without one from the highest given, repeating it.
  const first = layout.conditionalFormats.length + 1;
  (layout.scales ?? []).forEach((s, i) => ws.addConditionalFormatting({ ref: s.range, rules: [scaleRule(s, first + i)] }));
  for (const n of layout.names) setName(names, ws.name, n);
  return ws;
}
