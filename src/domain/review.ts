import { PERIODS, Period, periodText } from '../contract';
import { Message, msg } from './message';
import { FlatCriterion, Rubric, flatten } from './rubric';
import type {
  CriterionStats,
  FlagKind,
  HalfYearPair,
  ReviewFlag,
  ReviewImprovement,
  ReviewResult,
  ReviewedWorkbook,
  Unreadable,
  WorkbookFacts,
} from './reviewTypes';

/**
 * A review of many workbooks, in pure code: the facts each workbook gave (read elsewhere) become ranks,
 * per-criterion statistics, the open improvements of every office and what a reviewer should look at.
 */

// ---------------------------------------------------------------------------------------------------------------
// Order and groups
// ---------------------------------------------------------------------------------------------------------------

/** Code-point order: the same on every machine, whatever its ICU (localeCompare is not). */
const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Unknown (null) after every known value. */
function nullsLast<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return cmp(a, b);
}

type Ordered = Pick<WorkbookFacts, 'year' | 'period' | 'total' | 'office' | 'file'>;

/** Year, half, total (highest first), office, file. */
export function compareWorkbooks(a: Ordered, b: Ordered): number {
  return (
    nullsLast(a.year, b.year, (x, y) => x - y) ||
    nullsLast(a.period, b.period, (x, y) => PERIODS.indexOf(x) - PERIODS.indexOf(y)) ||
    b.total - a.total ||
    nullsLast(a.office, b.office, cmpText) ||
    cmpText(a.file, b.file)
  );
}

/** Workbooks rank among those of the same year and half; an unknown year or half is a group of its own. */
const groupKey = (w: Pick<WorkbookFacts, 'year' | 'period'>) => `${w.year ?? '?'}|${w.period ?? '?'}`;

/** The runs of sorted workbooks that share a year and half, as index ranges (inclusive). */
export function groupsOf(sorted: Pick<WorkbookFacts, 'year' | 'period'>[]): { first: number; last: number }[] {
  const out: { first: number; last: number }[] = [];
  sorted.forEach((w, i) => {
    if (i > 0 && groupKey(sorted[i - 1]) === groupKey(w)) out[out.length - 1].last = i;
    else out.push({ first: i, last: i });
  });
  return out;
}

/** 1 + how many of the same year and half have a higher total: ties share a rank, as RANK.EQ gives it. */
function ranksOf(sorted: WorkbookFacts[]): number[] {
  return sorted.map((w) => 1 + sorted.filter((o) => groupKey(o) === groupKey(w) && o.total > w.total).length);
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------------------------

/** One criterion's scored values, exactly (the review sheets' formulas compute the same from the matrix). */
export interface ScoreStats {
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** sample standard deviation, as STDEV.S; null below two values */
  stdev: number | null;
  /** share of the values at (or above) the cap, as COUNTIF(">="&cap)/COUNT */
  atCap: number | null;
}

export function scoreStats(values: number[], cap: number): ScoreStats {
  const n = values.length;
  if (n === 0) return { count: 0, mean: null, min: null, max: null, stdev: null, atCap: null };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const stdev = n < 2 ? null : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return {
    count: n,
    mean,
    min: Math.min(...values),
    max: Math.max(...values),
    stdev,
    atCap: values.filter((v) => v >= cap).length / n,
  };
}

/** The scored values of criterion i: blanks and cells needing a fix are not scores. */
export const scoredValues = (workbooks: { scores: (number | null)[] }[], i: number): number[] =>
  workbooks.map((w) => w.scores[i]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

const round = (x: number | null, digits: number) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** For JSON: points to 2 decimals, the share at cap to 4 (a percentage to 2). */
function criterionStats(c: FlatCriterion, i: number, workbooks: { scores: (number | null)[] }[]): CriterionStats {
  const s = scoreStats(scoredValues(workbooks, i), c.cap);
  return {
    id: c.id,
    mean: round(s.mean, 2),
    min: round(s.min, 2),
    max: round(s.max, 2),
    stdev: round(s.stdev, 2),
    atCap: round(s.atCap, 4),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------------------------------

/** "台東區營業處 114 年度 1 月至 6 月" / "台東區營業處 114 H1", leaving out what the workbook does not say. */
function whoseZh(w: Ordered): string {
  return [w.office, w.year === null ? null : `${w.year} 年度`, w.period && periodText(w.period)].filter(Boolean).join(' ');
}
function whoseEn(w: Ordered): string {
  return [w.office, w.year, w.period].filter((x) => x !== null).join(' ');
}
/** The file, and whose it is when known: "a.xlsx（台東區營業處 114 年度 1 月至 6 月）". */
const namedZh = (w: Ordered) => (whoseZh(w) ? `${w.file}（${whoseZh(w)}）` : w.file);
const namedEn = (w: Ordered) => (whoseEn(w) ? `${w.file} (${whoseEn(w)})` : w.file);

const flag = (kind: FlagKind, ws: Ordered[], message: Message): ReviewFlag => ({ kind, files: ws.map((w) => w.file), message });

/** A score vector as a key, or undefined when nothing is scored (blank forms are alike, not suspicious). */
const vectorKey = (w: WorkbookFacts) => (w.scores.some((s) => s !== null) ? JSON.stringify(w.scores) : undefined);

function identicalScores(sorted: WorkbookFacts[]): ReviewFlag[] {
  const groups = new Map<string, WorkbookFacts[]>();
  for (const w of sorted) {
    const k = vectorKey(w);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), w]);
  }
  return [...groups.values()]
    .filter((g) => g.some((a, i) => g.slice(i + 1).some((b) => suspiciousPair(a, b))))
    .map((g) =>
      flag(
        'identicalScores',
        g,
        msg(
          `${g.map(namedZh).join('、')} 的各項自評分數完全相同；請確認是否重複送出同一份檔案或照抄分數。`,
          `${g.map(namedEn).join(', ')} have exactly the same self-score for every criterion; check that no file was sent twice or copied.`
        )
      )
    );
}

/**
 * Two workbooks with the same scores worth a look: different offices (or offices unknown), or the same office's same
 * half twice. One office's two halves alike is unchangedFromPrevious's to say.
 */
const suspiciousPair = (a: WorkbookFacts, b: WorkbookFacts) =>
  a.office === null || a.office !== b.office || (a.year === b.year && a.period === b.period);

function allAtCap(sorted: WorkbookFacts[], flat: FlatCriterion[]): ReviewFlag[] {
  return sorted
    .filter((w) => w.scores.length === flat.length && flat.every((c, i) => (w.scores[i] ?? -Infinity) >= c.cap))
    .map((w) =>
      flag(
        'allAtCap',
        [w],
        msg(
          `${namedZh(w)}：${flat.length} 個評核項目自評全為滿分（總分 ${w.total}）；請確認各項評分依據。`,
          `${namedEn(w)}: all ${flat.length} criteria are scored at their cap (total ${w.total}); check the evidence behind each score.`
        )
      )
    );
}

/** The half before (H1 of y+1 follows H2 of y). */
const previousOf = (year: number, period: Period) =>
  period === 'H2' ? { year, period: 'H1' as const } : { year: year - 1, period: 'H2' as const };

function unchangedFromPrevious(sorted: WorkbookFacts[]): ReviewFlag[] {
  const out: ReviewFlag[] = [];
  for (const w of sorted) {
    const k = vectorKey(w);
    if (w.office === null || w.year === null || w.period === null || k === undefined) continue;
    const prev = previousOf(w.year, w.period);
    const before = sorted.filter(
      (p) => p.office === w.office && p.year === prev.year && p.period === prev.period && vectorKey(p) === k
    );
    for (const p of before) {
      out.push(
        flag(
          'unchangedFromPrevious',
          [p, w],
          msg(
            `${namedZh(w)} 的各項自評分數與上一期 ${namedZh(p)} 完全相同；請確認本期分數是否已更新。`,
            `${namedEn(w)} has exactly the same self-scores as the half before, ${namedEn(p)}; check that this half's scores were updated.`
          )
        )
      );
    }
  }
  return out;
}

/** Criteria left blank: neither a valid score nor a cell that needs fixing (invalid() says those). */
const blanks = (w: WorkbookFacts) => w.of - w.entered - w.problems;

function incomplete(sorted: WorkbookFacts[]): ReviewFlag[] {
  return sorted
    .filter((w) => blanks(w) > 0)
    .map((w) =>
      flag(
        'incomplete',
        [w],
        msg(
          `${namedZh(w)}：${w.of} 項中有 ${blanks(w)} 項未評分；請確認是否尚未完成，總分未含未評項目。`,
          `${namedEn(w)}: ${blanks(w)} of ${w.of} criteria are not scored; check whether it is finished (the total leaves them out).`
        )
      )
    );
}

function invalid(sorted: WorkbookFacts[]): ReviewFlag[] {
  return sorted
    .filter((w) => w.problems > 0)
    .map((w) =>
      flag(
        'invalid',
        [w],
        msg(
          `${namedZh(w)}：有 ${w.problems} 個自評儲存格需要修正，總分未計入這些格；請該單位以 scorecard check 檢查後修正。`,
          `${namedEn(w)}: ${w.problems} self-score cell(s) need fixing and are left out of the total; ask the office to run scorecard check and fix them.`
        )
      )
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Pairs, improvements, the review
// ---------------------------------------------------------------------------------------------------------------

/** Offices with both halves of a year; with duplicates, the first in review order (the higher total). */
function pairsOf(sorted: WorkbookFacts[]): HalfYearPair[] {
  const side = (w: WorkbookFacts) => ({ file: w.file, total: w.total, dimensions: w.dimensions.map((d) => ({ ...d })) });
  const out: HalfYearPair[] = [];
  for (const h1 of sorted) {
    if (h1.office === null || h1.year === null || h1.period !== 'H1') continue;
    if (out.some((p) => p.office === h1.office && p.year === h1.year)) continue;
    const h2 = sorted.find((w) => w.office === h1.office && w.year === h1.year && w.period === 'H2');
    if (h2) out.push({ office: h1.office, year: h1.year, h1: side(h1), h2: side(h2) });
  }
  return out.sort((a, b) => a.year - b.year || cmpText(a.office, b.office));
}

function improvementsOf(sorted: WorkbookFacts[]): ReviewImprovement[] {
  return sorted.flatMap((w) =>
    w.improvements.map((i) => ({
      file: w.file,
      office: w.office,
      criterionId: i.criterionId,
      item: i.item,
      suggestion: i.suggestion,
      progress: i.progress,
      since: i.since,
    }))
  );
}

type WorkbookRow = Omit<ReviewedWorkbook, 'scores'>;

/** A workbook's row of the review, as `review --json` documents it: its own copy, nothing else the source holds. */
function rowOf(w: Omit<WorkbookRow, 'rank' | 'openImprovements'>, rank: number, openImprovements: number): WorkbookRow {
  return {
    file: w.file,
    office: w.office,
    year: w.year,
    period: w.period,
    dimensions: w.dimensions.map((d) => ({ id: d.id, total: d.total })),
    total: w.total,
    rank,
    entered: w.entered,
    of: w.of,
    problems: w.problems,
    openImprovements,
  };
}

function reviewed(w: WorkbookFacts, rank: number): ReviewedWorkbook {
  return { ...rowOf(w, rank, w.improvements.length), scores: [...w.scores] };
}

/** The review of many workbooks' facts; `unreadable` are the files that could not be read, passed through. */
export function reviewOf(rubric: Rubric, facts: WorkbookFacts[], unreadable: Unreadable[]): ReviewResult {
  const flat = flatten(rubric);
  const sorted = [...facts].sort(compareWorkbooks);
  const ranks = ranksOf(sorted);
  const workbooks = sorted.map((w, i) => reviewed(w, ranks[i]));
  return {
    workbooks,
    unreadable: unreadable.map((u) => ({ file: u.file, message: { ...u.message } })),
    criteria: flat.map((c, i) => criterionStats(c, i, workbooks)),
    openImprovements: improvementsOf(sorted),
    flags: [
      ...identicalScores(sorted),
      ...allAtCap(sorted, flat),
      ...unchangedFromPrevious(sorted),
      ...incomplete(sorted),
      ...invalid(sorted),
    ],
    pairs: pairsOf(sorted),
  };
}

/** `scorecard review --json`: exactly the documented object (no score matrix, no pairs). */
export function reviewJson(r: ReviewResult) {
  return {
    workbooks: r.workbooks.map((w) => rowOf(w, w.rank, w.openImprovements)),
    unreadable: r.unreadable.map((u) => ({ file: u.file, message: { zh: u.message.zh, en: u.message.en } })),
    criteria: r.criteria.map((c) => ({ id: c.id, mean: c.mean, min: c.min, max: c.max, stdev: c.stdev, atCap: c.atCap })),
    openImprovements: r.openImprovements.map((i) => ({
      file: i.file,
      office: i.office,
      criterionId: i.criterionId,
      suggestion: i.suggestion,
      progress: i.progress,
    })),
    flags: r.flags.map((f) => ({ kind: f.kind, files: [...f.files], message: { zh: f.message.zh, en: f.message.en } })),
  };
}
