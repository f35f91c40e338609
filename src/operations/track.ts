import { Rect, absRange, quoteSheet, rangeAddr, rectAddr } from '../domain/a1';
import { Message, msg } from '../domain/message';
import { FlatCriterion, Rubric, flatten } from '../domain/rubric';
import {
  ExistingRow,
  FindingRow,
  MergeReport,
  NewRow,
  RowChange,
  TrackField,
  describeReport,
  planTracking,
} from '../domain/tracking';
import { DONE_HEADER, FINDINGS_HEADER, NAMES, SHEET_NAMES, TRACKING_HEADER } from '../contract';
import { freeSheetName } from '../layouts/common';
import {
  T,
  TRACKING_WIDTH,
  bodyFormats,
  doneFormats,
  doneValidation,
  newRowCells,
  rowHeight,
  trackingSheet,
} from '../layouts/tracking';
import { CellContent } from '../layouts/types';
import { columnsOf, isBlank, norm, startsWithHeaders, textOf } from './cells';
import { META_NAMES, metaOrDefaults } from './meta';
import { missingName } from './messages';
import { CellEdit, CellSnap, Edit, Operation, RangeSnap, Snapshot } from './types';

export interface TrackInput {
  rubric: Rubric;
  /** "today", for the defaults of a workbook that does not say its year and period */
  now?: Date;
}

export interface TrackEntry {
  item: string;
  suggestion: string;
  progress: string;
  status: string;
}

export interface TrackOutcome {
  sheet: string;
  created: boolean;
  /** rows of the table after the run, header excluded */
  rows: number;
  /** each row as the table holds it after the run: workbook text, to be shown as text */
  entries: TrackEntry[];
  report: MergeReport;
  summary: Message;
}

/** How far under the ImprovementTracking name a table may go on (an edit can narrow the name). */
const BELOW = 200;
/** Where a tracking table whose name was deleted is looked for. */
const SCAN = { rows: 200, cols: 12 };
/** Columns read right of ImprovementTracking, to find 辦理狀態 there (the template puts it right after the table). */
const WIDER = 6;

/** Build the tracking sheet from the findings, or update it without touching anything staff typed. */
export const track: Operation<TrackInput, TrackOutcome> = {
  id: 'track',
  needs: () => ({
    ranges: [NAMES.findings, NAMES.tracking, ...META_NAMES],
    below: { [NAMES.tracking]: BELOW },
    wider: { [NAMES.tracking]: WIDER },
    scanWhenMissing: { name: NAMES.tracking, rows: SCAN.rows, cols: SCAN.cols },
  }),
  decide(s, { rubric, now }) {
    const flat = flatten(rubric);
    const found = s.ranges[NAMES.findings];
    if (!found)
      return {
        ok: false,
        error: missingName(
          NAMES.findings,
          s.names.find((n) => n.name === NAMES.findings)
        ),
      };
    if (found.cells.length - 1 !== flat.length) return { ok: false, error: findingsMismatch(found, flat.length) };
    const findings = readFindings(found);
    // The table is the name's own columns (the columns read beside it only say where 辦理狀態 is).
    const table = locateTable(ownColumns(s), flat);
    if (!table) return { ok: true, ...newSheet(s, flat, findings, rubric, now) };
    if ('error' in table) return { ok: false, error: table.error };
    return { ok: true, ...rebuild(table, flat, findings, doneColumn(s, table)) };
  },
};

/** The snapshot with ImprovementTracking's cells cut back to the name's own columns. */
function ownColumns(s: Snapshot): Snapshot {
  const read = s.ranges[NAMES.tracking];
  const own = s.names.find((n) => n.name.toLowerCase() === NAMES.tracking.toLowerCase())?.rect;
  if (!read || !own || read.rect.right === own.right) return s;
  const width = own.right - own.left + 1;
  const cut = (r: RangeSnap): RangeSnap => ({
    ...r,
    rect: { ...r.rect, right: own.right },
    cells: r.cells.map((row) => row.slice(0, width)),
  });
  const below = s.below[NAMES.tracking];
  return {
    ...s,
    ranges: { ...s.ranges, [NAMES.tracking]: cut(read) },
    below: below ? { ...s.below, [NAMES.tracking]: cut(below) } : s.below,
  };
}

/**
 * 辦理狀態's offset from the table's left edge, found by its header only (in the table or beside it): staff's
 * column, which the tool never writes. Undefined when the table has none, which is fine.
 */
function doneColumn(s: Snapshot, t: Table): number | undefined {
  const header = (t.named ? s.ranges[NAMES.tracking]?.cells[0] : undefined) ?? t.cells[0];
  const at = header.findIndex((c, i) => norm(textOf(c)) === DONE_HEADER && !Object.values(t.cols).includes(i));
  return at >= 0 ? at : undefined;
}

/**
 * Findings are criteria by position: a row inserted into the table (a copy of a finding, say) or one deleted
 * from it would put every suggestion below it under the wrong item.
 */
function findingsMismatch(r: RangeSnap, criteria: number): Message {
  const where = `${r.sheet}!${rectAddr(r.rect)}`;
  const rows = r.cells.length - 1;
  const want = `${r.sheet}!${rangeAddr(r.rect.top, r.rect.left, r.rect.top + criteria, r.rect.right)}`;
  return msg(
    `${NAMES.findings}（${where}）標題列下有 ${rows} 列，評分規則有 ${criteria} 個評核項目；建議改善事項依列的位置對應評核項目，列數不符會對錯項目，活頁簿未變更。請刪除多出的列或補回缺少的列，或以「公式 > 名稱管理員」修正 ${NAMES.findings} 的範圍（例如 ${want}）。`,
    `${NAMES.findings} (${where}) has ${rows} rows under its header but the rubric has ${criteria} criteria; findings are matched to criteria by position, so the suggestions would land under the wrong items, and the workbook was not changed. Delete the extra rows or restore the missing ones, or fix the range of ${NAMES.findings} (Formulas > Name Manager), e.g. ${want}.`
  );
}

/** Findings by position: the row under the header at index i is criterion i (labels may be edited freely). */
export function readFindings(r: RangeSnap): FindingRow[] {
  const [header = [], ...rows] = r.cells;
  const cols = columnsOf(header, FINDINGS_HEADER);
  const at = (row: CellSnap[], i: number) => (cols[i] >= 0 ? textOf(row[cols[i]]).trim() : '');
  // A formula in 改善事項辦理情形 shows the tracking sheet's own progress back (the template's does): it is not
  // progress typed in the findings, and carrying it over could write a stale result or another row's text.
  const progress = (row: CellSnap[]) => (cols[4] >= 0 && row[cols[4]]?.formula ? '' : at(row, 4));
  return rows.map((row) => ({ suggestion: at(row, 3), progress: progress(row), remarks: at(row, 5) }));
}

export interface Table {
  sheet: string;
  /** header row and every row of the table under it */
  rect: Rect;
  /** header + rows, cells from rect.left */
  cells: CellSnap[][];
  cols: Record<keyof typeof T, number>;
  /** where ImprovementTracking points now, when it points at this table */
  named?: Rect;
}

function columnMap(header: CellSnap[]): Table['cols'] {
  const at = columnsOf(header, TRACKING_HEADER);
  const cols = {} as Table['cols'];
  for (const [k, i] of Object.entries(T) as [keyof typeof T, number][]) cols[k] = at[i] >= 0 ? at[i] : i;
  return cols;
}

/** A tracking table whose name leaves out some of its columns: its rows cannot be matched to criteria. */
function narrowedName(named: RangeSnap, cols: Table['cols']): Message {
  const where = `${named.sheet}!${rectAddr(named.rect)}`;
  const width = Math.max(TRACKING_WIDTH, ...Object.values(cols).map((c) => c + 1));
  const want = `${named.sheet}!${rangeAddr(named.rect.top, named.rect.left, named.rect.bottom, named.rect.left + width - 1)}`;
  return msg(
    `定義名稱 ${NAMES.tracking} 指向「${where}」，沒有涵蓋追蹤表的全部欄位（含隱藏的項目代碼、建立依據），無法辨認各列屬於哪個考核項目；為免重複新增，活頁簿未變更。請以「公式 > 名稱管理員」將 ${NAMES.tracking} 改回 ${want}。`,
    `The defined name ${NAMES.tracking} refers to "${where}", which leaves out columns of the tracking table (the hidden 項目代碼 and 建立依據 among them), so its rows cannot be told apart; to avoid adding them twice, the workbook was not changed. Make ${NAMES.tracking} refer to ${want} again (Formulas > Name Manager).`
  );
}

/**
 * The table through its name, else found by its header. Under the name it goes on to the last row that
 * carries a criterion id: an edit can leave rows of the table below the name (rows deleted inside it, or
 * inserted at its bottom edge, rows cut and pasted lower), with rows staff added or blank rows in between.
 */
export function locateTable(s: Snapshot, flat: FlatCriterion[]): Table | { error: Message } | undefined {
  const ids = new Set(flat.map((c) => c.id));
  const named = s.ranges[NAMES.tracking];
  if (named && named.cells.length > 0) {
    const cols = columnMap(named.cells[0]);
    if (Math.max(...Object.values(cols)) >= named.cells[0].length) return { error: narrowedName(named, cols) };
    const cells = [...named.cells];
    const below = s.below[NAMES.tracking];
    if (below) {
      let last = -1;
      below.cells.forEach((row, i) => {
        if (ids.has(textOf(row[cols.key]).trim())) last = i;
      });
      cells.push(...below.cells.slice(0, last + 1));
    }
    const rect = { ...named.rect, bottom: named.rect.top + cells.length - 1 };
    return { sheet: named.sheet, rect, cells, cols, named: named.rect };
  }
  for (const block of s.scan ?? []) {
    for (let r = 0; r < block.cells.length; r++) {
      const row = block.cells[r];
      for (let c = 0; c + 4 <= row.length; c++) {
        if (!startsWithHeaders(row, c, TRACKING_HEADER.slice(0, 4))) continue;
        const width = Math.min(TRACKING_WIDTH, row.length - c);
        const cells = [row.slice(c)];
        const filled = (cs: CellSnap[]) => cs.slice(c, c + width).some((x) => !isBlank(x));
        for (let below = r + 1; below < block.cells.length && filled(block.cells[below]); below++)
          cells.push(block.cells[below].slice(c));
        const top = block.rect.top + r;
        const left = block.rect.left + c;
        return {
          sheet: block.sheet,
          rect: { top, left, bottom: top + cells.length - 1, right: left + TRACKING_WIDTH - 1 },
          cells,
          cols: columnMap(cells[0]),
        };
      }
    }
  }
  return undefined;
}

const cellText = (c: CellSnap | undefined) => ({ text: textOf(c), blank: isBlank(c) });

function existingRows(t: Table, ids: Set<string>): ExistingRow[] {
  return t.cells.slice(1).map((row) => {
    const key = textOf(row[t.cols.key]).trim();
    return {
      key: ids.has(key) ? key : '',
      item: cellText(row[t.cols.item]),
      suggestion: cellText(row[t.cols.suggestion]),
      progress: cellText(row[t.cols.progress]),
      remarks: cellText(row[t.cols.remarks]),
      status: cellText(row[t.cols.status]),
      source: cellText(row[t.cols.source]),
    };
  });
}

/** One edit per changed row, spanning only the cells that change; the others in between are left as they are. */
function changeEdits(t: Table, changes: RowChange[]): Edit[] {
  return changes.map(({ row, set }) => {
    const cols = Object.keys(set).map((k) => t.cols[k as TrackField | 'key']);
    const from = Math.min(...cols);
    const values: CellEdit[] = Array.from({ length: Math.max(...cols) - from + 1 }, () => undefined);
    for (const [k, v] of Object.entries(set)) values[t.cols[k as TrackField | 'key'] - from] = v === '' ? null : (v as string);
    return { kind: 'cells', sheet: t.sheet, top: t.rect.top + 1 + row, left: t.rect.left + from, values: [values] };
  });
}

/** A new row's cells placed by the table's own column order (staff may have moved columns); 辦理狀態 left alone. */
function placed(t: Table, r: NewRow, done: number | undefined): CellEdit[] {
  const byContract = newRowCells(r);
  const width = Math.max(...Object.values(t.cols)) + 1;
  const out: CellEdit[] = Array.from({ length: width }, () => null as CellContent);
  (Object.keys(T) as (keyof typeof T)[]).forEach((k) => (out[t.cols[k]] = byContract[T[k]]));
  if (done !== undefined && done < width) out[done] = undefined;
  return out;
}

/**
 * 辦理狀態's look and drop-down on rows inserted at `before`. Rows inserted inside the table or at its end fall
 * inside the column's drop-down and get it, in Excel as in the file; rows inserted right under the header do not
 * (the header has none), so they are given it.
 */
function doneEdits(t: Table, done: number | undefined, before: number, count: number, width: number): Edit[] {
  if (done === undefined) return [];
  const col = t.rect.left + done;
  const edits: Edit[] = [];
  if (done >= width) edits.push({ kind: 'formats', sheet: t.sheet, formats: doneFormats(before, before + count - 1, col) });
  if (before === t.rect.top + 1) {
    const range = rangeAddr(before, col, before + count - 1, col);
    edits.push({ kind: 'rules', sheet: t.sheet, validations: [doneValidation(range)], conditionalFormats: [] });
  }
  return edits;
}

function rebuild(t: Table, flat: FlatCriterion[], findings: FindingRow[], done?: number) {
  const ids = new Set(flat.map((c) => c.id));
  const rows = existingRows(t, ids);
  const plan = planTracking(flat, findings, rows);
  const edits: Edit[] = changeEdits(t, plan.changes);
  // Insert from the bottom up, so each group's position is still the one it was decided for.
  const groups = new Map<number, NewRow[]>();
  for (const r of plan.added) groups.set(r.after, [...(groups.get(r.after) ?? []), r]);
  const width = Math.max(TRACKING_WIDTH, Math.max(...Object.values(t.cols)) + 1);
  for (const after of [...groups.keys()].sort((a, b) => b - a)) {
    const group = groups.get(after)!;
    const before = t.rect.top + 2 + after;
    const heights: Record<number, number> = {};
    group.forEach((r, i) => (heights[before + i] = rowHeight(r)));
    edits.push(
      { kind: 'insertRows', sheet: t.sheet, before, count: group.length },
      { kind: 'cells', sheet: t.sheet, top: before, left: t.rect.left, values: group.map((r) => placed(t, r, done)) },
      {
        kind: 'formats',
        sheet: t.sheet,
        formats: bodyFormats(before, before + group.length - 1, t.rect.left, t.rect.left + t.cols.status, width),
      },
      ...doneEdits(t, done, before, group.length, width),
      { kind: 'rowHeights', sheet: t.sheet, heights }
    );
  }
  const bottom = t.rect.bottom + plan.added.length;
  const right = Math.max(t.rect.right, t.rect.left + width - 1);
  const n = t.named;
  // Whether the name covered the table as found (rows added here grow it as a matter of course).
  const repaired = !n || n.top !== t.rect.top || n.left !== t.rect.left || n.bottom !== t.rect.bottom || n.right !== right;
  const range = `${t.sheet}!${rangeAddr(t.rect.top, t.rect.left, bottom, right)}`;
  // The name is set again only when it no longer covers the table exactly: an up-to-date table costs no write.
  if (!n || n.top !== t.rect.top || n.left !== t.rect.left || n.bottom !== bottom || n.right !== right) {
    edits.push(
      { kind: 'hideColumns', sheet: t.sheet, columns: [t.rect.left + t.cols.key, t.rect.left + t.cols.source] },
      {
        kind: 'setName',
        sheet: t.sheet,
        name: {
          name: NAMES.tracking,
          range: rangeAddr(t.rect.top, t.rect.left, bottom, right),
          comment: 'Improvement tracking, header row included',
        },
      }
    );
  }
  return {
    result: {
      sheet: t.sheet,
      created: false,
      rows: rows.length + plan.added.length,
      entries: entriesAfter(rows, plan.changes, plan.added),
      report: plan.report,
      summary: repaired
        ? withNameNote(describeReport(plan.report, flat), plan.report, range, !n)
        : describeReport(plan.report, flat),
    },
    plan: { edits },
  };
}

const isQuiet = (r: MergeReport) =>
  !r.added.length && !r.replaced.length && !r.updated.length && !r.orphaned.length && !r.conflicts.length;

/** The run's summary, saying too that the name was set to cover the table again (or defined again). */
function withNameNote(summary: Message, report: MergeReport, range: string, restored: boolean): Message {
  const zh = restored
    ? `已重新定義名稱 ${NAMES.tracking}（${range}）`
    : `已將定義名稱 ${NAMES.tracking} 重新指向整個追蹤表（${range}）`;
  const en = restored
    ? `the defined name ${NAMES.tracking} was defined again (${range})`
    : `the defined name ${NAMES.tracking} was pointed at the whole table again (${range})`;
  if (isQuiet(report)) return msg(`追蹤表內容已是最新；${zh}。`, `The tracking sheet's content is up to date; ${en}.`);
  return msg(`${summary.zh}${zh}。`, `${summary.en} ${en[0].toUpperCase()}${en.slice(1)}.`);
}

function entriesAfter(rows: ExistingRow[], changes: RowChange[], added: NewRow[]): TrackEntry[] {
  const set = new Map(changes.map((c) => [c.row, c.set]));
  const entry = (r: ExistingRow, i: number): TrackEntry => {
    const s = set.get(i) ?? {};
    return {
      item: s.item ?? r.item.text,
      suggestion: s.suggestion ?? r.suggestion.text,
      progress: s.progress ?? r.progress.text,
      status: s.status ?? r.status.text,
    };
  };
  const fresh = (r: NewRow): TrackEntry => ({ item: r.item, suggestion: r.suggestion, progress: r.progress, status: '' });
  const out = added.filter((r) => r.after === -1).map(fresh);
  rows.forEach((r, i) => out.push(entry(r, i), ...added.filter((a) => a.after === i).map(fresh)));
  return out;
}

function newSheet(s: Snapshot, flat: FlatCriterion[], findings: FindingRow[], rubric: Rubric, now?: Date) {
  const plan = planTracking(flat, findings, []);
  const name = freeSheetName(s.sheets, SHEET_NAMES.tracking);
  const cell = (n: string) => {
    const r = s.ranges[n];
    return r ? `${quoteSheet(r.sheet)}!${absRange(r.rect.top, r.rect.left, r.rect.top, r.rect.left)}` : undefined;
  };
  const [office, rocYear, period] = META_NAMES.map(cell);
  const metaCells = office && rocYear && period ? { office, rocYear, period } : undefined;
  const layout = trackingSheet(
    { ...metaOrDefaults(s, now), example: false, rubric, sheetNames: { ...SHEET_NAMES, tracking: name }, metaCells },
    plan.added
  );
  return {
    result: {
      sheet: name,
      created: true,
      rows: plan.added.length,
      entries: plan.added.map((r) => ({ item: r.item, suggestion: r.suggestion, progress: r.progress, status: '' })),
      report: plan.report,
      summary: plan.added.length
        ? describeReport(plan.report, flat)
        : msg(
            `已新增追蹤表「${name}」；彙整表目前沒有帶建議改善事項的考核項目，表中尚無任何列。`,
            `Made the tracking sheet "${name}"; no finding carries a suggestion yet, so it has no rows.`
          ),
    },
    plan: { edits: [{ kind: 'addSheet', layout, activate: true } as Edit] },
  };
}
