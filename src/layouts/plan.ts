import { addr, rangeAddr } from '../domain/a1';
import { NAMES, PLAN_HEADER } from '../contract';
import { PlanSection } from '../examples/types';
import { COLORS, LayoutContext, PlanTableRow, STYLE, grid, heightFor, PAGE } from './common';
import { CellContent, CellStyle, SheetLayout } from './types';

export const ONGOING = '持續辦理';
/** Departments named in the plans; the drop-down offers them but accepts others (and several at once). */
export const DEPARTMENTS = ['業務組', '電費組', '設計組', '維護組', '調度組', '資訊組', '北客服', '會計組', '總務組'];
/** Empty rows a blank plan offers; staff insert more inside the table and the name grows with them. */
export const BLANK_PLAN_ROWS = 20;

const BLANK_SECTIONS: PlanSection[] = [
  { heading: '壹、計畫依據：', paragraphs: [''] },
  { heading: '貳、計畫目標：', paragraphs: [''] },
  { heading: '參、實施對象：', paragraphs: [''] },
  { heading: '肆、服務內涵', paragraphs: [''] },
  {
    heading: '伍、執行策略及具體作法',
    paragraphs: ['透過前項服務內涵，落實創新性、效益及影響、可持續性、擴散應用等 4 項構面。'],
  },
  { heading: '陸、實施步驟：', paragraphs: [''] },
  { heading: '柒、本計畫如有未盡事宜，得依實際需要修正或另行補充規定。', paragraphs: [] },
];

/** The date line of a plan not yet adopted: month and day left for staff to fill in. */
export const blankDateLine = (rocYear: number) => `中華民國${rocYear}年　　月　　日訂定`;

const W = PLAN_HEADER.length;
const WIDTHS = [18, 26, 62, 14, 12];

type LineKind = 'title' | 'date' | 'heading' | 'paragraph' | 'blank';
/** One row of the sheet before it is placed: 'blank' rows (the table, spacers) are neither merged nor styled. */
interface Line {
  cells: CellContent[];
  kind: LineKind;
}

const LINE_STYLE: Record<Exclude<LineKind, 'blank'>, CellStyle> = {
  title: STYLE.title,
  date: STYLE.subtitle,
  heading: STYLE.heading,
  paragraph: STYLE.paragraph,
};

/** The rows given, the example's strategy rows, or BLANK_PLAN_ROWS empty ones. */
const tableRowsOf = (ctx: LayoutContext): PlanTableRow[] =>
  ctx.planRows ??
  ctx.planExample?.rows ??
  Array.from({ length: BLANK_PLAN_ROWS }, () => ({ serviceArea: '', strategy: '', action: '', department: '', deadline: '' }));

/**
 * The title and the adoption date: the lines given (a plan carried over), the example's (a plan is its own
 * office's: the example is the Taipei office's plan, whoever's scorecard the workbook holds), or the workbook's
 * office and year with blanks for month and day.
 */
function openingLines(ctx: LayoutContext): Line[] {
  const given = ctx.planOpening;
  if (given)
    return [
      { cells: [given.title || null], kind: 'title' },
      { cells: [given.date || null], kind: 'date' },
      { cells: [], kind: 'blank' },
    ];
  const ex = ctx.planExample;
  return [
    { cells: [`台電公司${ex?.office ?? ctx.office}${ex?.rocYear ?? ctx.rocYear}年度提升服務效能執行計畫`], kind: 'title' },
    {
      cells: [ex ? `中華民國${ex.rocYear}年${ex.adopted.month}月${ex.adopted.day}日訂定` : blankDateLine(ctx.rocYear)],
      kind: 'date',
    },
    { cells: [], kind: 'blank' },
  ];
}

/**
 * Every row of the sheet in order: the opening, then each section's heading and paragraphs, with the strategy
 * table (its header, its rows, a spacer) right after 伍's paragraphs. headerRow is the table header's row, 0
 * when no section is 伍.
 */
function planLines(ctx: LayoutContext, sections: PlanSection[], tableRows: PlanTableRow[]): { lines: Line[]; headerRow: number } {
  const lines = openingLines(ctx);
  let headerRow = 0;
  const tableAt = sections.findIndex((s) => s.heading.startsWith('伍'));
  sections.forEach((s, i) => {
    lines.push({ cells: [s.heading], kind: 'heading' });
    s.paragraphs.forEach((p) => lines.push({ cells: [p === '' ? null : p], kind: 'paragraph' }));
    if (i === tableAt) {
      headerRow = lines.length + 1;
      lines.push({ cells: [...PLAN_HEADER], kind: 'blank' });
      tableRows.forEach((r) =>
        lines.push({
          cells: [r.serviceArea, r.strategy, r.action, r.department, r.deadline].map((v) => v || null),
          kind: 'blank',
        })
      );
      lines.push({ cells: [], kind: 'blank' });
    }
  });
  return { lines, headerRow };
}

/** The lines as rows; every line but a blank one is merged across the sheet and styled by its kind. */
function placeLines(lines: Line[]) {
  const rows = grid(lines.length, W);
  const merges: string[] = [];
  const rowHeights: Record<number, number> = {};
  const formats: SheetLayout['formats'] = [];
  lines.forEach((l, i) => {
    const r = i + 1;
    l.cells.forEach((v, j) => (rows[i][j] = v));
    if (l.kind === 'blank') return;
    merges.push(rangeAddr(r, 1, r, W));
    formats.push({ range: rangeAddr(r, 1, r, W), style: LINE_STYLE[l.kind] });
    if (l.kind === 'paragraph') {
      rowHeights[r] = heightFor(
        String(l.cells[0] ?? ''),
        WIDTHS.reduce((a, b) => a + b, 0),
        2
      );
    }
  });
  return { rows, merges, rowHeights, formats };
}

/** A run of consecutive table rows (0-based, inclusive) that show one merged cell. */
interface Run {
  from: number;
  to: number;
}

/**
 * Consecutive rows whose cells in a column hold the same text, as the Word table merges them: 服務內涵 runs
 * over its area's rows, 服務策略 over its strategy's rows inside one area. Only identical, non-blank text is
 * merged, so merging never loses anything.
 */
function runsOf(tableRows: PlanTableRow[], keyOf: (r: PlanTableRow) => string, textOf: (r: PlanTableRow) => string): Run[] {
  const runs: Run[] = [];
  tableRows.forEach((r, i) => {
    const last = runs[runs.length - 1];
    const prev = tableRows[i - 1];
    if (last && last.to === i - 1 && textOf(r).trim() !== '' && keyOf(r) === keyOf(prev) && textOf(r) === textOf(prev))
      last.to = i;
    else runs.push({ from: i, to: i });
  });
  return runs.filter((run) => run.to > run.from);
}

/** The merged 服務內涵 and 服務策略 cells of the table whose first row is `first`; merged-away cells emptied. */
function tableMerges(tableRows: PlanTableRow[], first: number, rows: CellContent[][]): { merges: string[]; runs: Run[][] } {
  const areaRuns = runsOf(
    tableRows,
    () => '',
    (r) => r.serviceArea
  );
  const strategyRuns = runsOf(
    tableRows,
    (r) => r.serviceArea,
    (r) => r.strategy
  );
  const merges: string[] = [];
  [areaRuns, strategyRuns].forEach((runs, col) =>
    runs.forEach(({ from, to }) => {
      merges.push(rangeAddr(first + from, col + 1, first + to, col + 1));
      for (let i = from + 1; i <= to; i++) rows[first + i - 1][col] = null;
    })
  );
  return { merges, runs: [areaRuns, strategyRuns] };
}

/**
 * Heights that show each row's action whole, and each merged area and strategy whole in the run's first row:
 * a page may break after any row, and a merged cell prints only on the page where it starts.
 */
function tableRowHeights(tableRows: PlanTableRow[], first: number, [areaRuns, strategyRuns]: Run[][]): Record<number, number> {
  const shows = (runs: Run[], i: number) => !runs.some((run) => i > run.from && i <= run.to);
  const rowHeights: Record<number, number> = {};
  tableRows.forEach((r, i) => {
    rowHeights[first + i] = Math.max(
      heightFor(r.action, WIDTHS[2]),
      heightFor(r.department, WIDTHS[3]),
      shows(strategyRuns, i) ? heightFor(r.strategy, WIDTHS[1]) : 0,
      shows(areaRuns, i) ? heightFor(r.serviceArea, WIDTHS[0]) : 0,
      20
    );
  });
  return rowHeights;
}

function tableFormats(headerRow: number, first: number, last: number): SheetLayout['formats'] {
  return [
    { range: rangeAddr(headerRow, 1, headerRow, W), style: STYLE.header },
    { range: rangeAddr(first, 1, last, W), style: STYLE.body },
    { range: rangeAddr(first, 4, last, 5), style: { ...STYLE.body, hAlign: 'center', numberFormat: 'yyyy/m/d' } },
  ];
}

/** The service area from the rubric's list, the department from DEPARTMENTS (or others), the deadline a date or ONGOING. */
function tableValidations(ctx: LayoutContext, first: number, last: number): SheetLayout['validations'] {
  const areas = ctx.rubric.serviceAreas.map((a) => `${a.numeral}${a.zh}`);
  const deadline = addr(first, 5);
  return [
    {
      range: rangeAddr(first, 1, last, 1),
      rule: { kind: 'list', values: areas },
      errorStyle: 'stop',
      allowBlank: true,
      error: { title: '服務內涵', message: `請從清單選擇：${areas.join('、')}` },
    },
    {
      range: rangeAddr(first, 4, last, 4),
      rule: { kind: 'list', values: DEPARTMENTS },
      // Several departments share an action ("業務組、電費組"), so other text is allowed after a note.
      errorStyle: 'information',
      allowBlank: true,
      prompt: { title: '承辦部門', message: '從清單選擇，或輸入多個部門並以「、」分隔。' },
      error: { title: '承辦部門', message: '這個部門不在清單中；如為多個部門請以「、」分隔。' },
    },
    {
      range: rangeAddr(first, 5, last, 5),
      rule: { kind: 'custom', formula: `OR(${deadline}="${ONGOING}",ISNUMBER(${deadline}))` },
      errorStyle: 'stop',
      allowBlank: true,
      prompt: { title: '完成期限', message: `輸入「${ONGOING}」或日期，例如 2025/6/30。` },
      error: { title: '完成期限', message: `完成期限須為「${ONGOING}」或日期。` },
    },
  ];
}

/** A deadline that is neither a date nor ONGOING in red. */
function tableConditionalFormats(first: number, last: number): SheetLayout['conditionalFormats'] {
  const deadline = addr(first, 5);
  return [
    {
      range: rangeAddr(first, 5, last, 5),
      formula: `IF(ISBLANK(${deadline}),FALSE,AND(${deadline}<>"${ONGOING}",NOT(ISNUMBER(${deadline}))))`,
      fill: COLORS.bad,
      fontColor: COLORS.badText,
    },
  ];
}

/** 執行計畫: title, date line, the numbered sections and the strategy table (PlanActions) under 伍. */
export function planSheet(ctx: LayoutContext): SheetLayout {
  const tableRows = tableRowsOf(ctx);
  const sections = ctx.planSections ?? ctx.planExample?.sections ?? BLANK_SECTIONS;
  const { lines, headerRow } = planLines(ctx, sections, tableRows);
  const placed = placeLines(lines);
  const first = headerRow + 1;
  const last = headerRow + tableRows.length;
  const table = tableMerges(tableRows, first, placed.rows);
  return {
    key: 'plan',
    name: ctx.sheetNames.plan,
    rows: placed.rows,
    columnWidths: WIDTHS,
    rowHeights: { 1: 30, 2: 22, ...placed.rowHeights, ...tableRowHeights(tableRows, first, table.runs) },
    merges: [...placed.merges, ...table.merges],
    formats: [...placed.formats, ...tableFormats(headerRow, first, last)],
    validations: tableValidations(ctx, first, last),
    conditionalFormats: tableConditionalFormats(first, last),
    names: [
      { name: NAMES.planActions, range: rangeAddr(headerRow, 1, last, W), comment: 'Plan strategy table, header row included' },
    ],
    print: { ...PAGE, orientation: 'portrait', titleRows: `${headerRow}:${headerRow}` },
    tabColor: '#C55A11',
  };
}
