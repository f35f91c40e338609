import { absRange, addr, rangeAddr } from '../domain/a1';
import { FlatCriterion, Rubric, capText, flatten } from '../domain/rubric';
import { FormMeta, NAMES } from '../contract';
import { COLORS, PAGE, STYLE, cellRef, grid, heightFor, titleOf } from './common';
import {
  STATUS_BLANK,
  STATUS_OK,
  countedFor,
  metaNames,
  metaValidations,
  scoreCounts,
  statusFor,
  totalNoteFormula,
  totalNoteText,
} from './scorecard';
import { ConditionalFormatSpec, SheetLayout, ValidationSpec } from './types';

/**
 * The sheet `adopt` adds beside a scorecard staff made by hand: whose form it is (OfficeName, RocYear, Period),
 * each criterion's cap (ScoreCaps), what each of the staff's score cells counts for and what is wrong with it,
 * and the totals, all as formulas over the staff's own cells. Nothing on their sheets is moved or rewritten.
 */

export const ADOPTED = {
  title: '自評總分核算',
  firstRow: 5,
  cols: { dimension: 1, criterion: 2, cap: 3, score: 4, counted: 5, status: 6, where: 7 },
  width: 7,
  totalCell: 'D2',
  noteCell: 'A2',
  meta: { office: 'B3', rocYear: 'D3', period: 'F3' },
} as const;

const C = ADOPTED.cols;
const M = ADOPTED.meta;
const WIDTHS = [18, 40, 8, 10, 8, 14, 22];

export interface AdoptedSheetInput {
  name: string;
  rubric: Rubric;
  meta: FormMeta;
  /** the staff's score cell of each criterion, in rubric order */
  scores: { sheet: string; cell: string }[];
  /** each score as the sheet shows it now, for the results written with the formulas (null: blank or not a number) */
  values: (number | null)[];
  /** which contract names this sheet carries (the summary's own cells may carry the totals instead) */
  carries: { dimensionTotals: boolean; totalScore: boolean };
}

/** Rows of the dimension subtotals, under the criteria and a blank row and a header row. */
export const adoptedRows = (rubric: Rubric) => {
  const n = flatten(rubric).length;
  const last = ADOPTED.firstRow + n - 1;
  const dimHeader = last + 2;
  return { first: ADOPTED.firstRow, last, dimHeader, dimFirst: dimHeader + 1, dimLast: dimHeader + rubric.dimensions.length };
};

/** A cell of the adopted sheet, as other sheets' formulas reach it. */
export const adoptedRef = (sheet: string, a1: string) => cellRef(sheet, a1);

export function adoptedSheet(input: AdoptedSheetInput): SheetLayout {
  const { rubric, meta } = input;
  const flat = flatten(rubric);
  const { first, last, dimHeader, dimFirst, dimLast } = adoptedRows(rubric);
  const rows = grid(dimLast, ADOPTED.width);
  const statuses = rangeAddr(first, C.status, last, C.status);
  const counted = rangeAddr(first, C.counted, last, C.counted);
  const caps = flat.map((c) => c.cap);
  const valid = (v: number | null, cap: number) => (v !== null && v >= 0 && v <= cap ? v : 0);
  const countedValues = flat.map((c, i) => valid(input.values[i], c.cap));
  const counts = scoreCounts(input.values, caps);

  rows[0][0] = titleOf({ ...meta, metaCells: { office: M.office, rocYear: M.rocYear, period: M.period } }, ADOPTED.title);
  rows[1][0] = {
    formula: totalNoteFormula(statuses, flat.length),
    result: totalNoteText(flat.length, counts.ok, counts.blank),
  };
  rows[1][C.score - 2] = '總分';
  rows[1][C.score - 1] = { formula: `SUM(${counted})`, result: countedValues.reduce((a, b) => a + b, 0) };
  rows[2] = [
    '受考單位',
    meta.office,
    '年度',
    meta.rocYear,
    '期間',
    meta.period,
    {
      formula: `IF(${M.period}="H2","7 月至 12 月","1 月至 6 月")`,
      result: meta.period === 'H2' ? '7 月至 12 月' : '1 月至 6 月',
    },
  ];
  rows[3] = ['執行構面', '評核項目', '配分', '自評', '計入', '檢核', '自評儲存格'];
  const rowHeights: Record<number, number> = { 1: 30, 2: 22, 3: 20, 4: 22 };
  flat.forEach((c: FlatCriterion, i) => {
    const r = first + i;
    const src = cellRef(input.scores[i].sheet, input.scores[i].cell);
    const cap = addr(r, C.cap);
    const v = input.values[i];
    rows[r - 1] = [
      `${c.dimension.zh} ${capText(c.dimension.cap)}`,
      `${c.area.numeral}${c.area.zh} ${capText(c.cap)}`,
      c.cap,
      // "" for a blank score: a bare reference would show it as 0
      { formula: `IF(ISBLANK(${src}),"",${src})`, ...(v !== null ? { result: v } : {}) },
      { formula: countedFor(src, cap), result: countedValues[i] },
      { formula: statusFor(src, cap) },
      `${input.scores[i].sheet}!${input.scores[i].cell}`,
    ];
    rowHeights[r] = heightFor(rows[r - 1][1] as string, WIDTHS[1]);
  });
  rows[dimHeader - 1] = ['執行構面', null, '配分', '小計', null, null, null];
  rubric.dimensions.forEach((d, k) => {
    const r = dimFirst + k;
    const idx = flat.map((c, i) => (c.dimension.id === d.id ? i : -1)).filter((i) => i >= 0);
    const from = first + idx[0];
    const to = first + idx[idx.length - 1];
    rows[r - 1] = [
      `${d.zh} ${capText(d.cap)}`,
      null,
      d.cap,
      { formula: `SUM(${rangeAddr(from, C.counted, to, C.counted)})`, result: idx.reduce((a, i) => a + countedValues[i], 0) },
      null,
      null,
      null,
    ];
  });

  const names: SheetLayout['names'] = [
    { name: NAMES.scoreCaps, range: rangeAddr(first, C.cap, last, C.cap), comment: 'Cap of each criterion, rubric order' },
    ...metaNames(M),
  ];
  if (input.carries.dimensionTotals)
    names.push({
      name: NAMES.dimensionTotals,
      range: rangeAddr(dimFirst, C.score, dimLast, C.score),
      comment: 'Subtotal of the valid self-scores of each dimension',
    });
  if (input.carries.totalScore)
    names.push({ name: NAMES.totalScore, range: ADOPTED.totalCell, comment: 'Grand total of the valid self-scores' });

  return {
    key: 'adopted',
    name: input.name,
    rows,
    columnWidths: [...WIDTHS],
    rowHeights: { ...rowHeights, [dimHeader]: 22 },
    merges: [
      rangeAddr(1, 1, 1, ADOPTED.width),
      rangeAddr(2, 1, 2, 2),
      ...rubric.dimensions.map((_, k) => rangeAddr(dimFirst + k, 1, dimFirst + k, 2)),
    ],
    formats: [
      { range: rangeAddr(1, 1, 1, ADOPTED.width), style: STYLE.title },
      { range: ADOPTED.noteCell, style: { bold: true, hAlign: 'left', vAlign: 'middle' } },
      { range: addr(2, C.cap), style: { bold: true, hAlign: 'right', vAlign: 'middle' } },
      { range: ADOPTED.totalCell, style: STYLE.total },
      { range: rangeAddr(3, 1, 3, ADOPTED.width), style: { hAlign: 'left', vAlign: 'middle' } },
      { range: M.office, style: { fill: COLORS.input, border: true, numberFormat: '@' } },
      { range: M.rocYear, style: { fill: COLORS.input, border: true, numberFormat: '0" 年度"' } },
      { range: M.period, style: { fill: COLORS.input, border: true, hAlign: 'center' } },
      { range: rangeAddr(4, 1, 4, ADOPTED.width), style: STYLE.header },
      { range: rangeAddr(first, 1, last, ADOPTED.width), style: STYLE.body },
      { range: rangeAddr(first, C.cap, last, C.counted), style: STYLE.computed },
      { range: statuses, style: { hAlign: 'center', vAlign: 'middle', border: true, wrap: true } },
      { range: rangeAddr(dimHeader, 1, dimHeader, C.score), style: STYLE.header },
      { range: rangeAddr(dimFirst, 1, dimLast, C.score), style: { ...STYLE.body, vAlign: 'middle' } },
      { range: rangeAddr(dimFirst, C.cap, dimLast, C.score), style: STYLE.computed },
    ],
    validations: metaValidations(M),
    conditionalFormats: [
      {
        range: statuses,
        formula: `AND(${addr(first, C.status)}<>"${STATUS_OK}",${addr(first, C.status)}<>"${STATUS_BLANK}")`,
        fill: COLORS.bad,
        fontColor: COLORS.badText,
      },
      {
        range: ADOPTED.noteCell,
        formula: `COUNTIF(${absRange(first, C.status, last, C.status)},"${STATUS_OK}")<${flat.length}`,
        fill: COLORS.bad,
        fontColor: COLORS.badText,
      },
    ],
    names,
    print: { ...PAGE, orientation: 'portrait', titleRows: '4:4', area: rangeAddr(1, 1, dimLast, C.status) },
    freezeRows: 4,
    tabColor: '#2B579A',
  };
}

/** Validation and the red fill on each of the staff's score cells: 0 to the criterion's cap, as the template's. */
export function scoreRules(
  rubric: Rubric,
  cells: string[]
): { validations: ValidationSpec[]; conditionalFormats: ConditionalFormatSpec[] } {
  const flat = flatten(rubric);
  return {
    validations: flat.map((c, i) => ({
      range: cells[i],
      rule: { kind: 'decimal', min: 0, max: c.cap },
      errorStyle: 'stop',
      allowBlank: true,
      prompt: { title: '自評', message: `請輸入 0 到 ${c.cap} 之間的分數。` },
      error: { title: '分數超出範圍', message: `${c.label.zh}：自評須為 0 到 ${c.cap} 之間的數字。` },
    })),
    conditionalFormats: flat.map((c, i) => {
      const e = cells[i];
      return {
        range: e,
        formula: `IF(ISBLANK(${e}),FALSE,IF(ISLOGICAL(${e}),TRUE,IF(ISNUMBER(${e}),OR(${e}<0,${e}>${c.cap}),TRUE)))`,
        fill: COLORS.bad,
        fontColor: COLORS.badText,
      };
    }),
  };
}
