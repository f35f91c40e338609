import { bilingual, type Message } from '../domain/message';
import type { Rubric } from '../domain/rubric';
import type { ReviewResult, Unreadable, WorkbookFacts } from '../domain/reviewTypes';
import type { JobResult } from './readJob';

/** Split what the readers brought back into the facts of the readable workbooks and the files that were not. */
export function sortOut(results: JobResult[]): { facts: WorkbookFacts[]; unreadable: Unreadable[] } {
  const facts: WorkbookFacts[] = [];
  const unreadable: Unreadable[] = [];
  for (const r of results) {
    if (!r.ok) unreadable.push({ file: r.file, message: r.message });
    else if (r.kind === 'inspect') facts.push(r.value);
  }
  return { facts, unreadable };
}

/** 0 when every workbook is readable, complete and valid; 1 when any is not; 2 when none could be read. */
export function reviewExit(r: ReviewResult): number {
  if (r.workbooks.length === 0) return 2;
  const bad = r.unreadable.length > 0 || r.workbooks.some((w) => w.problems > 0 || w.entered < w.of);
  return bad ? 1 : 0;
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
/** Columns a text takes in a terminal: CJK characters take two. */
const width = (s: string) =>
  [...s].reduce(
    (n, ch) =>
      n + (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1),
    0
  );

/** The review as text: the ranking, then what a reviewer should look at. */
export function printReview(r: ReviewResult, rubric: Rubric, out: (s: string) => void): void {
  out(`審閱 Review: ${r.workbooks.length} 本活頁簿 workbooks, ${r.unreadable.length} 無法讀取 unreadable`);
  const dims = rubric.dimensions.map((d) => d.zh);
  out(
    `  ${pad('名次', 6)}${pad('單位 office', 22)}${pad('年度', 6)}${pad('期間', 6)}${dims.map((d) => pad(d, 12)).join('')}${pad('總分', 8)}已評  待修正  待改善  檔案`
  );
  for (const w of r.workbooks) {
    const cols = [
      pad(String(w.rank), 6),
      pad(w.office ?? '?', 22),
      pad(String(w.year ?? '?'), 6),
      pad(w.period ?? '?', 6),
      ...w.dimensions.map((d) => pad(String(d.total), 12)),
      pad(String(w.total), 8),
      pad(`${w.entered}/${w.of}`, 6),
      pad(String(w.problems), 8),
      pad(String(w.openImprovements), 8),
      w.file,
    ];
    out(`  ${cols.join('')}`);
  }
  if (r.flags.length || r.unreadable.length) out('疑點 To look at:');
  for (const f of r.flags) out(`  - ${line(f.message)}`);
  for (const u of r.unreadable) out(`  - ${u.file}: ${line(u.message)}`);
}

const line = (m: Message) => bilingual(m).replace(/\s*\n\s*/g, ' ');
