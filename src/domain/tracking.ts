import { Message, msg } from './message';
import { FlatCriterion } from './rubric';

/**
 * Building the improvement-tracking table (建議改善事項辦理情形表) from the findings, and rebuilding it
 * without losing anything staff wrote there. Pure: the decision is which cells the tool writes, and which
 * rows it adds where; every other cell of the table is left exactly as it is (its value, type, formula,
 * link and merge), because it is never written at all.
 */

/** Answers that mean "no suggestion", compared after normalising width, case and trailing punctuation. */
const NONE = new Set([
  '',
  '無',
  '无',
  '沒有',
  '没有',
  '無建議',
  '无建议',
  '無建議事項',
  '無建議改善事項',
  '尚無',
  '暫無',
  '不適用',
  '-',
  '--',
  '---',
  '—',
  '––',
  '–',
  '/',
  'n/a',
  'na',
  'none',
  'nil',
  'x',
]);

const normalise = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[。.，,、;；:：!！]+$/u, '')
    .toLowerCase();

/** A finding "carries a suggestion" when its 建議改善事項 cell holds text other than blank, 無, -, N/A … */
export const carriesText = (s: string | null | undefined): boolean => !NONE.has(normalise(String(s ?? '')));

/** One findings row, by position: row i of Findings is criterion i of the rubric. */
export interface FindingRow {
  suggestion: string;
  progress: string;
  remarks: string;
}

/** A cell of the tracking table as the tool compares it: the text Excel shows, and whether it is empty. */
export interface TextCell {
  text: string;
  /** nothing typed: empty, or only spaces. A number, date, formula or link is never blank. */
  blank: boolean;
}

export type TrackField = 'item' | 'suggestion' | 'progress' | 'remarks' | 'status' | 'source';

export interface ExistingRow extends Record<TrackField, TextCell> {
  /** the criterion id in 項目代碼, when it is one of the rubric's; '' for a row staff added */
  key: string;
}

/** What the tool writes in 狀態, the column that is the tool's own. */
export const STATUS = {
  orphan: '彙整表已無此建議（保留）',
  changed: '彙整表建議已變更，請確認',
  updated: '建議已依彙整表更新，請確認辦理情形',
} as const;
const CLEARS = new Set<string>([STATUS.orphan, STATUS.changed]);

export interface RowChange {
  /** index into the existing rows */
  row: number;
  set: Partial<Record<TrackField | 'key', string>>;
}

export interface NewRow {
  key: string;
  item: string;
  suggestion: string;
  progress: string;
  remarks: string;
  source: string;
  /** insert after this existing row (index); -1 means right under the header */
  after: number;
}

export interface MergeReport {
  added: string[];
  /** suggestions the tool replaced from the findings */
  replaced: string[];
  /** rows where only blank cells were filled, or the bookkeeping changed */
  updated: string[];
  unchanged: string[];
  /** rows marked on this run as having lost their suggestion (kept, never deleted) */
  orphaned: string[];
  /** rows whose suggestion staff edited here while the findings changed too */
  conflicts: string[];
}

export interface TrackingPlan {
  changes: RowChange[];
  added: NewRow[];
  report: MergeReport;
}

const same = (a: string, b: string) => a.trim() === b.trim();

/**
 * Decide a rebuild.
 * - A row belongs to a criterion by its 項目代碼 only: labels may be edited, rows may be sorted.
 * - Progress, remarks and anything else typed here are never replaced; blank ones are filled from the findings.
 * - A suggestion staff edited here (it differs from the one it was built from) is kept; when the findings
 *   changed as well, 狀態 says so. A suggestion the tool replaces from the findings gets a 狀態 saying so.
 * - A row whose finding no longer carries a suggestion is kept and marked, never deleted.
 * - A new row goes after the row of the nearest earlier criterion, so a table in rubric order stays in it.
 */
export function planTracking(flat: FlatCriterion[], findings: (FindingRow | undefined)[], rows: ExistingRow[]): TrackingPlan {
  const report: MergeReport = { added: [], replaced: [], updated: [], unchanged: [], orphaned: [], conflicts: [] };
  const changes: RowChange[] = [];
  const added: NewRow[] = [];
  const index = new Map(flat.map((c, i) => [c.id, i]));
  const first = new Map<string, number>();
  rows.forEach((r, i) => {
    if (r.key && index.has(r.key) && !first.has(r.key)) first.set(r.key, i);
  });

  flat.forEach((c, ci) => {
    const f = findings[ci];
    const has = f !== undefined && carriesText(f.suggestion);
    const at = first.get(c.id);
    if (at === undefined) {
      if (!has) return;
      added.push({
        key: c.id,
        item: c.label.zh,
        suggestion: f.suggestion.trim(),
        progress: carriesText(f.progress) ? f.progress.trim() : '',
        remarks: carriesText(f.remarks) ? f.remarks.trim() : '',
        source: f.suggestion.trim(),
        after: insertionPoint(rows, index, ci),
      });
      report.added.push(c.id);
      return;
    }
    const row = rows[at];
    const set: RowChange['set'] = {};
    if (row.item.blank) set.item = c.label.zh;
    // A row marked as orphaned on an earlier run is not news: only a newly marked one is reported.
    let orphaned = false;
    if (!has) {
      if (row.status.text !== STATUS.orphan) {
        set.status = STATUS.orphan;
        report.orphaned.push(c.id);
        orphaned = true;
      }
    } else {
      const wanted = f.suggestion.trim();
      const edited = !row.suggestion.blank && !same(row.suggestion.text, row.source.text);
      const changed = !same(wanted, row.source.text);
      if (!row.suggestion.blank && same(row.suggestion.text, wanted)) {
        // In step with the findings, whoever wrote it: no conflict and no orphan left to flag. A request to
        // confirm progress (updated) stays until staff clear it.
        if (changed) set.source = wanted;
        if (CLEARS.has(row.status.text)) set.status = '';
      } else if (!edited) {
        set.suggestion = wanted;
        set.source = wanted;
        // Said in 狀態 whether or not progress was written: a suggestion that changed under staff's eyes is news.
        set.status = STATUS.updated;
        report.replaced.push(c.id);
      } else if (changed) {
        set.source = wanted;
        set.status = STATUS.changed;
        report.conflicts.push(c.id);
      }
      if (row.progress.blank && carriesText(f.progress)) set.progress = f.progress.trim();
      if (row.remarks.blank && carriesText(f.remarks)) set.remarks = f.remarks.trim();
    }
    for (const k of Object.keys(set) as TrackField[]) if (set[k] === row[k].text) delete set[k];
    if (Object.keys(set).length) changes.push({ row: at, set });
    if (!orphaned && !report.replaced.includes(c.id) && !report.conflicts.includes(c.id)) {
      (Object.keys(set).length ? report.updated : report.unchanged).push(c.id);
    }
  });
  return { changes, added, report };
}

/** After the last row of the nearest earlier criterion that has a row; -1 (under the header) when none has. */
function insertionPoint(rows: ExistingRow[], index: Map<string, number>, ci: number): number {
  let best = -1;
  let bestIndex = -1;
  rows.forEach((r, i) => {
    const k = index.get(r.key);
    if (k === undefined || k >= ci) return;
    if (k > bestIndex || (k === bestIndex && i > best)) {
      bestIndex = k;
      best = i;
    }
  });
  return best;
}

/** One message for the whole run, in both languages, from the report alone. */
export function describeReport(r: MergeReport, flat: FlatCriterion[]): Message {
  const n = (ids: string[]) => ids.map((id) => flat.find((c) => c.id === id)?.index ?? id).join(', ');
  const zh: string[] = [];
  const en: string[] = [];
  if (r.added.length) {
    zh.push(`新增 ${r.added.length} 列（項目 ${n(r.added)}）`);
    en.push(`added ${r.added.length} (items ${n(r.added)})`);
  }
  if (r.replaced.length) {
    zh.push(`依彙整表更新 ${r.replaced.length} 列的建議（項目 ${n(r.replaced)}）`);
    en.push(`took ${r.replaced.length} changed suggestions from the findings (items ${n(r.replaced)})`);
  }
  if (r.updated.length) {
    zh.push(`補上 ${r.updated.length} 列的空白欄位（項目 ${n(r.updated)}）`);
    en.push(`filled blank cells of ${r.updated.length} (items ${n(r.updated)})`);
  }
  if (r.orphaned.length) {
    zh.push(`保留 ${r.orphaned.length} 列已無建議的項目（${n(r.orphaned)}）`);
    en.push(`kept ${r.orphaned.length} whose finding no longer has a suggestion (${n(r.orphaned)})`);
  }
  if (r.conflicts.length) {
    zh.push(`${r.conflicts.length} 列的建議在兩處都改過，保留追蹤表的文字（${n(r.conflicts)}）`);
    en.push(`${r.conflicts.length} edited in both places; the tracking sheet's text was kept (${n(r.conflicts)})`);
  }
  if (!zh.length) return msg('追蹤表已是最新，未變更任何內容。', 'The tracking sheet is up to date; nothing changed.');
  return msg(
    `追蹤表：${zh.join('；')}。其他已填寫的內容均未更動。`,
    `Tracking sheet: ${en.join('; ')}. Nothing else typed there was touched.`
  );
}
