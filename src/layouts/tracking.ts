import { rangeAddr } from '../domain/a1';
import { Message, msg } from '../domain/message';
import { FlatCriterion, Rubric, flatten } from '../domain/rubric';
import { Extra, FindingRow, MergeReport, TrackingRow, keyOf, mergeTracking } from '../domain/tracking';
import {
  COLORS,
  DEFAULT_SHEET_NAMES,
  LayoutContext,
  PAGE,
  STYLE,
  formOwner,
  freeSheetName,
  grid,
  heightFor,
  metaFromTitle,
} from './common';
import { FINDINGS_HEADER, SIGN_OFF } from './summary';
import { CellContent, FormatSpec, NameSpec, SheetLayout } from './types';

export const TRACKING_HEADER = ['考核項目', '建議改善事項', '改善辦理情形', '備註', '狀態', '項目代碼', '建立依據'] as const;
const T = { item: 0, suggestion: 1, progress: 2, remarks: 3, status: 4, key: 5, source: 6 } as const;
export const TRACKING_WIDTH = TRACKING_HEADER.length;
export const TRACKING_HEADER_ROW = 4;
const WIDTHS = [28, 36, 36, 14, 16, 14, 30];
/** 項目代碼 and 建立依據 are bookkeeping for rebuilds: hidden, but kept inside the table so they move with it. */
export const TRACKING_HIDDEN_COLUMNS = [T.key + 1, T.source + 1];

const str = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v));

/** Find each expected header in a header row (staff may move columns); fall back to the contract's order. */
function columnsOf(header: unknown[], expected: readonly string[]): number[] {
  const norm = (s: string) => s.replace(/\s+/g, '');
  return expected.map((h, i) => {
    const at = header.findIndex((v) => norm(str(v)) === norm(h));
    return at >= 0 ? at : i < header.length ? i : -1;
  });
}

/** The Findings range (header row included) as rows of text, matched to criteria by their "1." label. */
export function readFindings(flat: FlatCriterion[], values: unknown[][]): FindingRow[] {
  if (values.length === 0) return [];
  const cols = columnsOf(values[0], FINDINGS_HEADER);
  const at = (row: unknown[], i: number) => (cols[i] >= 0 ? str(row[cols[i]]).trim() : '');
  return values.slice(1).map((row, i) => {
    const item = at(row, 0);
    const key = keyOf({ key: '', item }, flat) || (item === '' ? (flat[i]?.id ?? '') : '');
    return {
      criterionId: key,
      item,
      strengths: at(row, 1),
      weaknesses: at(row, 2),
      suggestion: at(row, 3),
      progress: at(row, 4),
      remarks: at(row, 5),
    };
  });
}

/** The tracking table as read back: header row first; columns right of the table come along as extras. */
export function readTracking(values: unknown[][], tableWidth: number): TrackingRow[] {
  if (values.length === 0) return [];
  const cols = columnsOf(values[0].slice(0, tableWidth), TRACKING_HEADER);
  return values
    .slice(1)
    .map((row) => {
      const at = (i: number) => (cols[i] >= 0 ? str(row[cols[i]]) : '');
      const extra = row.slice(tableWidth).map((v) => (v === undefined || v === '' ? null : (v as Extra)));
      while (extra.length && extra[extra.length - 1] === null) extra.pop();
      return {
        key: at(T.key).trim(),
        item: at(T.item),
        suggestion: at(T.suggestion),
        progress: at(T.progress),
        remarks: at(T.remarks),
        status: at(T.status),
        source: at(T.source),
        extra,
      };
    })
    .filter((r) => [r.item, r.suggestion, r.progress, r.remarks, r.key].some((s) => s.trim() !== '') || r.extra.length > 0);
}

const rowCells = (r: TrackingRow, width: number): CellContent[] => {
  const cells: CellContent[] = [r.item, r.suggestion, r.progress, r.remarks, r.status, r.key, r.source].map((v) =>
    v === '' ? null : v
  );
  return [...cells, ...r.extra, ...Array(Math.max(0, width - cells.length - r.extra.length)).fill(null)];
};

export interface TrackingTable {
  values: CellContent[][];
  formats: FormatSpec[];
  name: NameSpec;
  rowHeights: Record<number, number>;
}

/** The table itself at (top, left): header + one row per entry, and its formats and name. */
export function trackingTable(rows: TrackingRow[], top: number, left = 1, headerExtra: Extra[] = []): TrackingTable {
  const width = Math.max(TRACKING_WIDTH + headerExtra.length, ...rows.map((r) => TRACKING_WIDTH + r.extra.length));
  const header: CellContent[] = [...TRACKING_HEADER, ...headerExtra];
  const values = [[...header, ...Array(width - header.length).fill(null)], ...rows.map((r) => rowCells(r, width))];
  const bottom = top + rows.length;
  const right = left + TRACKING_WIDTH - 1;
  const formats: FormatSpec[] = [{ range: rangeAddr(top, left, top, right), style: STYLE.header }];
  const rowHeights: Record<number, number> = {};
  if (rows.length) {
    formats.push({ range: rangeAddr(top + 1, left, bottom, right), style: STYLE.body });
    formats.push({
      range: rangeAddr(top + 1, left + T.status, bottom, left + T.status),
      style: { ...STYLE.body, fontColor: COLORS.badText },
    });
    rows.forEach((r, i) => {
      rowHeights[top + 1 + i] = Math.max(
        ...[r.item, r.suggestion, r.progress, r.remarks].map((t, j) => heightFor(t, WIDTHS[j], 2))
      );
    });
  }
  return {
    values,
    formats,
    name: {
      name: 'ImprovementTracking',
      range: rangeAddr(top, left, bottom, right),
      comment: 'Improvement tracking, header row included',
    },
    rowHeights,
  };
}

/** A new tracking sheet holding `rows`. */
export function trackingSheet(ctx: LayoutContext, rows: TrackingRow[]): SheetLayout {
  const table = trackingTable(rows, TRACKING_HEADER_ROW);
  const width = table.values[0].length;
  const tableBottom = TRACKING_HEADER_ROW + rows.length;
  const signRow = tableBottom + 2;
  const cells = grid(signRow + 1, width);
  cells[0][0] = `${formOwner(ctx)}提升服務效能執行計畫`;
  cells[1][0] = '建議改善事項辦理情形表';
  cells[2][0] = '※ 考核項目之建議改善事項及改善辦理情形：';
  table.values.forEach((r, i) => (cells[TRACKING_HEADER_ROW - 1 + i] = r));
  SIGN_OFF.forEach((s, i) => (cells[signRow - 1][i] = s));
  return {
    key: 'tracking',
    name: ctx.sheetNames.tracking,
    rows: cells,
    columnWidths: WIDTHS.map((w, i) => (TRACKING_HIDDEN_COLUMNS.includes(i + 1) ? 0 : w)),
    rowHeights: { 1: 26, 2: 24, [signRow + 1]: 48, ...table.rowHeights },
    merges: [rangeAddr(1, 1, 1, 5), rangeAddr(2, 1, 2, 5), rangeAddr(3, 1, 3, 5)],
    formats: [
      { range: rangeAddr(1, 1, 2, 5), style: STYLE.title },
      { range: rangeAddr(3, 1, 3, 5), style: STYLE.heading },
      ...table.formats,
      { range: rangeAddr(signRow, 1, signRow, SIGN_OFF.length), style: { bold: true, hAlign: 'center', vAlign: 'middle' } },
    ],
    validations: [],
    conditionalFormats: [],
    names: [table.name],
    print: { ...PAGE, orientation: 'landscape', titleRows: `${TRACKING_HEADER_ROW}:${TRACKING_HEADER_ROW}` },
    freezeRows: TRACKING_HEADER_ROW,
    tabColor: '#107C10',
  };
}

export interface NewTracking {
  layout: SheetLayout;
  rows: TrackingRow[];
  report: MergeReport;
  summary: Message;
}

/**
 * A tracking sheet made after the templates (its table is gone, or never was): a free sheet name among
 * `taken`, and office, year and period read from the scorecard's title.
 */
export function newTrackingSheet(rubric: Rubric, findings: FindingRow[], scorecardTitle: string, taken: string[]): NewTracking {
  const flat = flatten(rubric);
  const merged = mergeTracking(flat, findings, []);
  const sheetNames = { ...DEFAULT_SHEET_NAMES, tracking: freeSheetName(taken, DEFAULT_SHEET_NAMES.tracking) };
  return {
    layout: trackingSheet({ ...metaFromTitle(scorecardTitle), rubric, sheetNames }, merged.rows),
    rows: merged.rows,
    report: merged.report,
    summary: describeReport(merged.report, flat),
  };
}

/** What a host does to an existing tracking sheet: insert rows below the old table, then write the new one. */
export interface TrackingUpdate extends TrackingTable {
  /** insert this many whole rows after `afterRow` (the old table's last row), so nothing below is overwritten */
  insertCount: number;
  afterRow: number;
  top: number;
  left: number;
  /** rows of the old table left over below a table that shrank (blank rows are dropped): to be cleared */
  clearRows: number;
  rows: TrackingRow[];
  report: MergeReport;
  summary: Message;
}

/**
 * Plan the rebuild of an existing table. `existing` is the table as read (header first), including any
 * columns right of it; `top`/`left` is where its header sits now (rows or columns may have been inserted).
 * Rows are never removed, so the table only grows and whatever stands below it moves down intact.
 */
export function planTrackingUpdate(
  flat: FlatCriterion[],
  findings: FindingRow[],
  existing: unknown[][],
  top: number,
  left: number
): TrackingUpdate {
  const oldRows = Math.max(0, existing.length - 1);
  const merged = mergeTracking(flat, findings, readTracking(existing, TRACKING_WIDTH));
  // Labels staff typed above their own columns, right of the table, stay.
  const headerExtra = (existing[0] ?? []).slice(TRACKING_WIDTH).map((v) => (v === undefined || v === '' ? null : (v as Extra)));
  while (headerExtra.length && headerExtra[headerExtra.length - 1] === null) headerExtra.pop();
  const table = trackingTable(merged.rows, top, left, headerExtra);
  const newRows = merged.rows.length;
  return {
    ...table,
    clearRows: Math.max(0, oldRows - newRows),
    rows: merged.rows,
    insertCount: Math.max(0, newRows - oldRows),
    afterRow: top + oldRows,
    top,
    left,
    report: merged.report,
    summary: describeReport(merged.report, flat),
  };
}

export function describeReport(r: MergeReport, flat: FlatCriterion[]): Message {
  const n = (ids: string[]) => ids.map((id) => flat.find((c) => c.id === id)?.index ?? id).join(', ');
  const zh: string[] = [];
  const en: string[] = [];
  if (r.added.length)
    (zh.push(`新增 ${r.added.length} 列（項目 ${n(r.added)}）`), en.push(`added ${r.added.length} (items ${n(r.added)})`));
  if (r.updated.length) (zh.push(`更新 ${r.updated.length} 列`), en.push(`updated ${r.updated.length}`));
  if (r.orphaned.length)
    (zh.push(`保留 ${r.orphaned.length} 列已無建議的項目（${n(r.orphaned)}）`),
      en.push(`kept ${r.orphaned.length} whose finding no longer has a suggestion (${n(r.orphaned)})`));
  if (r.conflicts.length)
    (zh.push(`${r.conflicts.length} 列的建議在兩處都改過，保留追蹤表的文字（${n(r.conflicts)}）`),
      en.push(`${r.conflicts.length} edited in both places; the tracking sheet's text was kept (${n(r.conflicts)})`));
  if (!zh.length) return msg('追蹤表已是最新，未變更任何內容。', 'The tracking sheet is up to date; nothing changed.');
  return msg(
    `追蹤表：${zh.join('；')}。已填寫的內容均保留。`,
    `Tracking sheet: ${en.join('; ')}. Everything typed there was kept.`
  );
}
