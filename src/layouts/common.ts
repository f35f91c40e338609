import { quoteSheet } from '../domain/a1';
import { Rubric } from '../domain/rubric';
import { FormMeta, SheetKey, TemplateOptions, formOwner } from '../contract';
import { PlanExample, PlanRow, PlanSection, ScorecardExample } from '../examples/types';
import { CellContent, CellStyle, Formula } from './types';

/** Where a workbook's OfficeName, RocYear and Period cells are, as absolute references ('考核評分表'!$B$3). */
export interface MetaCells {
  office: string;
  rocYear: string;
  period: string;
}

/** A plan table row as a sheet holds it: a deadline may be a date (a serial number) as well as text. */
export type PlanTableRow = Omit<PlanRow, 'deadline'> & { deadline: string | number };

/** The two lines a plan opens with: 台電公司…執行計畫, and 中華民國…訂定. */
export interface PlanOpening {
  title: string;
  date: string;
}

export interface LayoutContext extends TemplateOptions {
  rubric: Rubric;
  /** the names the sheets actually have (a free variant when the preferred one was taken) */
  sheetNames: Record<SheetKey, string>;
  /** the cells titles are built from; without them titles are plain text */
  metaCells?: MetaCells;
  planExample?: PlanExample;
  /** the strategy table's rows under the blank plan's sections (a plan carried into the next period) */
  planRows?: PlanTableRow[];
  /** the sections around the table, word for word, instead of the blank or example ones (a plan carried over) */
  planSections?: PlanSection[];
  /** the title and date lines as they are to read, instead of those built from the office and year (a plan carried over) */
  planOpening?: PlanOpening;
  scorecardExample?: ScorecardExample;
}

/**
 * A title that follows the OfficeName, RocYear and Period cells ("台東區營業處 114 年度 1 月至 6 月" + suffix),
 * with its result written too, for readers that do not calculate. Plain text when there are no such cells.
 */
export function titleOf(ctx: FormMeta & { metaCells?: MetaCells }, suffix: string): CellContent {
  const text = `${formOwner(ctx)}${suffix}`;
  const m = ctx.metaCells;
  if (!m) return text;
  const period = `IF(${m.period}="H2","7 月至 12 月","1 月至 6 月")`;
  return { formula: `${m.office}&" "&${m.rocYear}&" 年度 "&${period}&"${suffix}"`, result: text } satisfies Formula;
}

/** An absolute reference to a cell on a sheet, for formulas on other sheets. */
export const cellRef = (sheet: string, a1: string) => `${quoteSheet(sheet)}!${a1.replace(/([A-Z]+)(\d+)/, '$$$1$$$2')}`;

/** Office look: Fluent neutrals, the theme blue for headers, a soft red for problems. */
export const COLORS = {
  header: '#DEECF9',
  title: '#1F3864',
  input: '#FFFDE7',
  computed: '#F3F2F1',
  bad: '#FDE7E9',
  badText: '#A4262C',
  muted: '#605E5C',
} as const;

export const STYLE = {
  title: { bold: true, fontSize: 14, hAlign: 'center', vAlign: 'middle', fontColor: COLORS.title } as CellStyle,
  subtitle: { fontSize: 11, hAlign: 'center', vAlign: 'middle' } as CellStyle,
  heading: { bold: true, fontSize: 12, vAlign: 'middle' } as CellStyle,
  paragraph: { wrap: true, vAlign: 'top' } as CellStyle,
  header: { bold: true, fill: COLORS.header, hAlign: 'center', vAlign: 'middle', wrap: true, border: true } as CellStyle,
  body: { wrap: true, vAlign: 'top', border: true } as CellStyle,
  input: { fill: COLORS.input, hAlign: 'center', vAlign: 'middle', border: true, numberFormat: 'General' } as CellStyle,
  computed: { fill: COLORS.computed, hAlign: 'center', vAlign: 'middle', border: true, numberFormat: 'General' } as CellStyle,
  total: {
    bold: true,
    fontSize: 12,
    fill: COLORS.computed,
    hAlign: 'center',
    vAlign: 'middle',
    border: true,
    numberFormat: 'General',
  } as CellStyle,
} as const;

/** A4 pages as the forms print: the same margins and page footer on every sheet. */
export const PAGE = {
  fitToWidth: true,
  margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  footer: '第 &P 頁，共 &N 頁',
} as const;

/** A rows × cols grid of nulls, for layouts to fill. */
export const grid = (rows: number, cols: number): CellContent[][] =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => null as CellContent));

/** Row height that shows wrapped CJK text whole: Excel does not auto-fit merged or printed rows reliably. */
export function heightFor(text: string, widthChars: number, minLines = 1): number {
  const perLine = Math.max(4, Math.floor(widthChars / 1.9));
  const lines = String(text)
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0);
  return Math.min(409, Math.max(minLines, lines) * 16 + 4);
}

/** The preferred sheet name, or "name (2)", "name (3)" …: Excel compares sheet names without case. */
export function freeSheetName(taken: Iterable<string>, wanted: string): string {
  const set = new Set([...taken].map((n) => n.toLowerCase()));
  if (!set.has(wanted.toLowerCase())) return wanted;
  for (let i = 2; ; i++) if (!set.has(`${wanted} (${i})`.toLowerCase())) return `${wanted} (${i})`;
}

/**
 * A sign-off line as the seed forms print it: the titles spread along one line with room to sign or stamp
 * after each. One cell across the printed width, so it fits whatever the table's columns.
 */
export function signOffLine(titles: readonly string[], widthChars: number): string {
  const used = titles.reduce((n, t) => n + t.length * 2, 0);
  const gap = Math.max(4, Math.floor((widthChars * 0.85 - used) / Math.max(1, titles.length - 1) / 2));
  return titles.join('　'.repeat(gap));
}
