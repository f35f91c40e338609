import { FlatCriterion } from './rubric';

/**
 * Building the improvement-tracking table (建議改善事項辦理情形表) from the findings, and rebuilding it
 * without losing anything staff wrote there. Pure: hosts read the cells, this decides, hosts write.
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

export interface FindingRow {
  /** criterion id when the row could be matched to the rubric, else '' */
  criterionId: string;
  item: string;
  strengths: string;
  weaknesses: string;
  suggestion: string;
  progress: string;
  remarks: string;
}

export type Extra = string | number | boolean | null;

export interface TrackingRow {
  /** criterion id; '' for a row staff added themselves */
  key: string;
  /** 考核項目 */
  item: string;
  /** 建議改善事項 */
  suggestion: string;
  /** 改善辦理情形 */
  progress: string;
  /** 備註 */
  remarks: string;
  /** 狀態: written by the tool only */
  status: string;
  /** the findings' suggestion this row was last built from: tells a staff edit from a stale copy */
  source: string;
  /** cells staff typed to the right of the table, kept with their row */
  extra: Extra[];
}

export const STATUS = {
  orphan: '彙整表已無此建議（保留）',
  changed: '彙整表建議已變更，請確認',
} as const;

export interface MergeReport {
  added: string[];
  updated: string[];
  unchanged: string[];
  orphaned: string[];
  /** rows whose suggestion staff edited here while the findings changed too */
  conflicts: string[];
}

export interface MergeResult {
  rows: TrackingRow[];
  report: MergeReport;
}

const same = (a: string, b: string) => a.trim() === b.trim();
const blank = (s: string) => s.trim() === '';

/** Which criterion an existing tracking row belongs to: its key, else the "1." that starts its label. */
export function keyOf(row: Pick<TrackingRow, 'key' | 'item'>, flat: FlatCriterion[]): string {
  if (flat.some((c) => c.id === row.key)) return row.key;
  const m = /^\s*(\d{1,3})\s*[.．、]/.exec(row.item.normalize('NFKC'));
  if (m) {
    const c = flat[Number(m[1]) - 1];
    if (c) return c.id;
  }
  return '';
}

/**
 * Merge findings into the existing tracking rows.
 * - Rows follow rubric order; rows staff added (no criterion) follow, in their own order.
 * - Progress, remarks and extra cells typed here are never replaced; blank ones are filled from the findings.
 * - A suggestion edited here (it differs from the one it was built from) is kept.
 * - A row whose finding no longer carries a suggestion is kept and marked, never deleted.
 */
export function mergeTracking(flat: FlatCriterion[], findings: FindingRow[], existing: TrackingRow[]): MergeResult {
  const report: MergeReport = { added: [], updated: [], unchanged: [], orphaned: [], conflicts: [] };
  const byKey = new Map<string, TrackingRow[]>();
  const loose: TrackingRow[] = [];
  for (const row of existing) {
    const key = keyOf(row, flat);
    if (!key) {
      loose.push(row);
      continue;
    }
    const list = byKey.get(key) ?? [];
    list.push({ ...row, key });
    byKey.set(key, list);
  }
  const findingOf = new Map(findings.filter((f) => f.criterionId).map((f) => [f.criterionId, f]));

  const rows: TrackingRow[] = [];
  for (const c of flat) {
    const f = findingOf.get(c.id);
    const has = f !== undefined && carriesText(f.suggestion);
    const [first, ...copies] = byKey.get(c.id) ?? [];
    if (!first) {
      if (has) {
        rows.push({
          key: c.id,
          item: c.label.zh,
          suggestion: f.suggestion.trim(),
          progress: carriesText(f.progress) ? f.progress.trim() : '',
          remarks: carriesText(f.remarks) ? f.remarks.trim() : '',
          status: '',
          source: f.suggestion.trim(),
          extra: [],
        });
        report.added.push(c.id);
      }
      continue;
    }
    const next: TrackingRow = { ...first, item: blank(first.item) ? c.label.zh : first.item };
    if (!has) {
      next.status = STATUS.orphan;
      report.orphaned.push(c.id);
    } else {
      const edited = !blank(first.suggestion) && !same(first.suggestion, first.source);
      const changed = !same(f.suggestion, first.source);
      if (!edited) {
        next.suggestion = f.suggestion.trim();
        next.status = '';
      } else {
        next.status = changed ? STATUS.changed : '';
        if (changed) report.conflicts.push(c.id);
      }
      next.source = f.suggestion.trim();
      if (blank(next.progress) && carriesText(f.progress)) next.progress = f.progress.trim();
      if (blank(next.remarks) && carriesText(f.remarks)) next.remarks = f.remarks.trim();
      const touched = (['suggestion', 'progress', 'remarks', 'status', 'source', 'item'] as const).some(
        (k) => next[k] !== first[k]
      );
      (touched ? report.updated : report.unchanged).push(c.id);
    }
    rows.push(next, ...copies);
  }
  rows.push(...loose);
  return { rows, report };
}
