import { addr } from '../domain/a1';
import { CheckResult, RawCell, checkScores } from '../domain/check';
import { Message, msg } from '../domain/message';
import { FlatCriterion, Rubric, flatten } from '../domain/rubric';
import { type RecognizedFindings, itemMatcher, recognize } from '../domain/recognize';
import type { OpenImprovement, WorkbookFacts } from '../domain/reviewTypes';
import { STATUS, carriesText } from '../domain/tracking';
import { DONE, DONE_HEADER, FormMeta, NAMES } from '../contract';
import { check } from './check';
import { cellAt, norm, textOf } from './cells';
import { META_NAMES, readMeta } from './meta';
import { type Table, locateTable, readFindings } from './track';
import { CellSnap, EMPTY, NO_WRITES, Operation, RangeSnap, Snapshot } from './types';

/**
 * What a review needs of one workbook, read-only: its scores as the checker counts them, whose form it is, and the
 * improvements not yet done. A workbook with the contract's names is read through them; one that staff made by
 * hand (pasted from Word) through the same recognition `adopt` uses.
 */

export interface InspectInput {
  rubric: Rubric;
  /** the path or file name the facts are filed under */
  file: string;
}

/** How far under ImprovementTracking a table may go on, and the block scanned for a sheet made by hand. */
const BELOW = 200;
const SCAN = { rows: 300, cols: 26 };
/** Columns beside the tracking table where staff may have added 辦理狀態. */
const WIDER = 6;

/** The column staff mark a tracking row done in (GUIDE: 辦理狀態, drop-down 辦理中 / 已完成); defined in the contract. */
export { DONE, DONE_HEADER } from '../contract';

export const inspect: Operation<InspectInput, WorkbookFacts> = {
  id: 'inspect',
  needs: () => ({
    ranges: [NAMES.selfScores, NAMES.scoreCaps, NAMES.findings, NAMES.tracking, ...META_NAMES],
    below: { [NAMES.tracking]: BELOW },
    wider: { [NAMES.tracking]: WIDER },
    scanWhenMissing: { name: NAMES.selfScores, rows: SCAN.rows, cols: SCAN.cols },
  }),
  decide(s, { rubric, file }) {
    const flat = flatten(rubric);
    if (s.ranges[NAMES.selfScores]) {
      const checked = check.decide(s, { rubric });
      if (!checked.ok) return checked;
      const meta = readMeta(s);
      const findings = s.ranges[NAMES.findings];
      const improvements = openImprovements(s, rubric, flat, meta, findings);
      return { ok: true, result: factsOf(file, checked.result, meta, improvements, 'names'), plan: NO_WRITES };
    }
    const found = recognize(rubric, s.scan ?? []);
    if (!found.ok) return { ok: false, error: notAScorecard(file, s, found.error) };
    const sc = found.scorecard;
    const block = s.scan?.find((b) => b.sheet === sc.sheet);
    const cells: RawCell[] = sc.rows.map((r) => ({ ...(cellAt(block, r.scoreCell) ?? EMPTY), address: r.scoreCell }));
    const result = checkScores(rubric, cells, sc.sheet);
    const meta: Partial<FormMeta> = { office: sc.meta.office, rocYear: sc.meta.rocYear, period: sc.meta.period };
    const f = found.findings;
    const findings = f && recognizedFindings(s.scan ?? [], f);
    const improvements = openImprovements(s, rubric, flat, meta, findings);
    return { ok: true, result: factsOf(file, result, meta, improvements, 'recognized'), plan: NO_WRITES };
  },
};

function factsOf(
  file: string,
  r: CheckResult,
  meta: Partial<FormMeta>,
  improvements: OpenImprovement[],
  source: WorkbookFacts['source']
): WorkbookFacts {
  return {
    file,
    office: meta.office ?? null,
    year: meta.rocYear ?? null,
    period: meta.period ?? null,
    scores: r.criteria.map((c) => (c.status === 'scored' ? c.score : null)),
    dimensions: r.dimensions.map((d) => ({ id: d.id, total: d.total })),
    total: r.total,
    entered: r.entered,
    of: r.of,
    problems: r.problems.length,
    improvements,
    source,
  };
}

/** Findings columns in the contract's order (考核項目 · 優點 · 缺點 · 建議改善事項 · 改善事項辦理情形 · 備註). */
const FINDING_COLUMNS = ['item', 'strengths', 'weaknesses', 'suggestion', 'progress', 'remarks'] as const;

/** A recognised findings table as the contract's Findings would hold it: header, then one row per criterion. */
export function recognizedFindings(scan: readonly RangeSnap[], f: RecognizedFindings): RangeSnap | undefined {
  const block = scan.find((b) => b.sheet === f.sheet);
  if (!block) return undefined;
  const columns = FINDING_COLUMNS.map((k) => f.columns[k]);
  const pick = (r: number) => columns.map((c) => cellAt(block, addr(r, c)) ?? EMPTY);
  return {
    sheet: block.sheet,
    rect: { top: f.headerRow, left: 1, bottom: f.headerRow + f.rows.length, right: columns.length },
    cells: [pick(f.headerRow), ...f.rows.map((r) => pick(r.row))],
  };
}

const since = (m: Partial<FormMeta>) => (m.rocYear && m.period ? `${m.rocYear} ${m.period}` : '');

function openImprovements(
  s: Snapshot,
  rubric: Rubric,
  flat: FlatCriterion[],
  meta: Partial<FormMeta>,
  findings: RangeSnap | undefined
): OpenImprovement[] {
  return openRows(s, rubric, flat, findings).map(({ criterionId, item, suggestion, progress }) => ({
    criterionId,
    item,
    suggestion,
    progress,
    since: since(meta),
  }));
}

/** An improvement not yet done, as its tracking row (or, without one, its finding) holds it: text, trimmed. */
export interface OpenRow {
  criterionId: string;
  /** 考核項目 as the row says it */
  item: string;
  suggestion: string;
  progress: string;
  remarks: string;
}

/**
 * Improvements not yet done: the tracking table's rows with a suggestion, unless marked 已完成 in 辦理狀態 or left
 * behind by a withdrawn finding; without a tracking table (or with an empty one), the findings that carry a
 * suggestion. Rows staff typed without 項目代碼 count when their 考核項目 names a criterion. Read ImprovementTracking
 * generously (below and beside it) for this: the next period carries exactly these.
 */
export function openRows(s: Snapshot, rubric: Rubric, flat: FlatCriterion[], findings: RangeSnap | undefined): OpenRow[] {
  const table = locateTable(s, flat);
  const criterionOf = criterionFinder(rubric, flat);
  if (table && !('error' in table)) {
    // Rows that belong to no criterion are not improvements: a sign-off line, a note, a header repeated on page 2.
    const rows = tableRows(s, table).flatMap((row) => {
      const item = textOf(row[table.cols.item]).trim();
      const criterionId = criterionOf(textOf(row[table.cols.key]).trim(), item);
      return criterionId ? [{ row, item, criterionId }] : [];
    });
    // A table with no rows yet (tracking not built): the findings say what is open.
    if (rows.length > 0) return trackedOpen(table, rows);
  }
  if (!findings || findings.cells.length - 1 !== flat.length) return [];
  return readFindings(findings).flatMap((f, i) =>
    carriesText(f.suggestion)
      ? [{ criterionId: flat[i].id, item: flat[i].label.zh, suggestion: f.suggestion, progress: f.progress, remarks: f.remarks }]
      : []
  );
}

function trackedOpen(table: Table, rows: { row: CellSnap[]; item: string; criterionId: string }[]): OpenRow[] {
  // Every column headed 辦理狀態 counts: the template's, and one staff added beside an older table.
  const doneAt = table.cells[0].flatMap((c, i) => (norm(textOf(c)) === DONE_HEADER ? [i] : []));
  return rows.flatMap(({ row, item, criterionId }) => {
    const suggestion = textOf(row[table.cols.suggestion]).trim();
    if (!carriesText(suggestion)) return [];
    if (doneAt.some((at) => textOf(row[at]).trim() === DONE)) return [];
    if (textOf(row[table.cols.status]).trim() === STATUS.orphan) return [];
    const progress = textOf(row[table.cols.progress]).trim();
    const remarks = textOf(row[table.cols.remarks]).trim();
    return [{ criterionId, item, suggestion, progress, remarks }];
  });
}

/**
 * Every row of a tracking table, read generously (this is read-only): under its name, all the rows read below it,
 * rows staff typed without the hidden 項目代碼 included; a table found by its header (a sheet made by hand, pasted
 * from Word with the header repeated on each page) goes on past blank rows to the end of the block read.
 */
function tableRows(s: Snapshot, t: Table): CellSnap[][] {
  const named = s.ranges[NAMES.tracking];
  if (t.named && named) return [...named.cells.slice(1), ...(s.below[NAMES.tracking]?.cells ?? [])];
  const block = s.scan?.find((b) => b.sheet === t.sheet);
  if (!block) return t.cells.slice(1);
  const from = t.rect.top + 1 - block.rect.top;
  return block.cells.slice(from).map((row) => row.slice(t.rect.left - block.rect.left));
}

/** A row's criterion: its 項目代碼, else its 考核項目 label, matched as the recognition of pasted tables matches it. */
function criterionFinder(rubric: Rubric, flat: FlatCriterion[]): (key: string, item: string) => string {
  const ids = new Set(flat.map((c) => c.id));
  const byItem = itemMatcher(rubric);
  return (key, item) => (ids.has(key) ? key : (byItem(item)?.id ?? ''));
}

function notAScorecard(file: string, s: Snapshot, why: Message): Message {
  return msg(
    `${file} 不是可讀取的考核評分表：沒有定義名稱 ${NAMES.selfScores}，也無法在工作表（${s.sheets.join('、')}）中辨認評分表。${why.zh}`,
    `${file} is not a scorecard that can be read: it has no defined name ${NAMES.selfScores}, and no scorecard table was recognised in its sheets (${s.sheets.join(', ')}). ${why.en}`
  );
}
