import { type FormMeta, SHEET_ORDER } from '../contract';
import type { CheckResult } from '../domain/check';
import type { Message } from '../domain/message';
import type { Rubric } from '../domain/rubric';
import type { AdoptOutcome, AdoptPart } from '../operations/adopt';
import { check } from '../operations/check';
import type { InsertOutcome } from '../operations/insertTemplates';
import type { NextOutcome } from '../operations/next';
import type { TrackOutcome } from '../operations/track';
import type { Snapshot } from '../operations/types';
import { type Lang, STRINGS, pick } from './i18n';

/**
 * What the pane shows, as plain data: pure functions from host results to strings, tested without a
 * DOM. view.ts turns these into elements (textContent only).
 */

/** Scores the way the sheet shows them (number format 0.##). */
export const num = (n: number): string => String(Math.round(n * 100) / 100);

export interface DimensionView {
  id: string;
  name: string;
  score: string;
  /** "285 / 300" */
  text: string;
  /** for screen readers: "創新性 285 / 300 分" */
  label: string;
  /** 0..1, for the bar */
  fraction: number;
}

export interface ProblemView {
  key: string;
  message: string;
  sheet: string;
  address: string;
  /** "go to cell 考核評分表!E5", the button's accessible name */
  goToLabel: string;
}

export interface ScoresView {
  total: string;
  totalCap: string;
  totalLabel: string;
  /** "尚有 2 項需修正、1 項未評分，總分未定" until every criterion holds a valid score, as the sheet's note says; then '' */
  notFinal: string;
  entered: string;
  dimensions: DimensionView[];
  problems: ProblemView[];
  problemCount: string;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** A1 sheet references quote names that are not plain identifiers: '考核評分表 (2)'!E5. */
export function where(sheet: string, address: string): string {
  // No space or punctuation: letters of any script, digits, _ and . (ES2017-safe: no \p{…} escapes).
  const plain = !/[\s!"#$%&'()*+,\-/:;<=>?@[\\\]^`{|}~]/.test(sheet);
  return `${plain ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${address}`;
}

export function scoresView(r: CheckResult, lang: Lang): ScoresView {
  const s = STRINGS[lang];
  return {
    total: num(r.total),
    totalCap: num(r.totalCap),
    totalLabel: s.totalLabel(num(r.total), num(r.totalCap)),
    notFinal: r.entered === r.of ? '' : s.notFinal(r.problems.length, r.of - r.entered - r.problems.length),
    entered: s.entered(r.entered, r.of),
    dimensions: r.dimensions.map((d) => ({
      id: d.id,
      name: pick(d.name, lang),
      score: num(d.total),
      text: `${num(d.total)} / ${num(d.cap)}`,
      label: s.dimensionLabel(pick(d.name, lang), num(d.total), num(d.cap)),
      fraction: clamp01(d.cap > 0 ? d.total / d.cap : 0),
    })),
    problems: r.problems.map((p, i) => ({
      key: `${p.sheet}!${p.address}#${i}`,
      message: pick(p.message, lang),
      sheet: p.sheet,
      address: p.address,
      goToLabel: s.goToLabel(where(p.sheet, p.address)),
    })),
    problemCount: s.problemCount(r.problems.length),
  };
}

export interface ReportLine {
  label: string;
  value: string;
}

export interface ReportView {
  summary: string;
  lines: ReportLine[];
}

/**
 * The host's summary already names the sheets; the lines repeat, as a list, only what needs a second
 * look: sheets that got another name, and defined names that were left pointing elsewhere.
 */
export function insertReportView(r: InsertOutcome, lang: Lang): ReportView {
  const s = STRINGS[lang];
  const lines: ReportLine[] = [];
  if (r.renamed.length) {
    lines.push({ label: s.renamed, value: r.renamed.map((k) => `${s.sheetKey[k] ?? k} → ${r.sheets[k] ?? ''}`).join(s.listSep) });
  }
  if (r.namesKept.length) lines.push({ label: s.namesKept, value: r.namesKept.join(s.listSep) });
  return { summary: pick(r.summary, lang), lines };
}

export function trackReportView(r: TrackOutcome, lang: Lang): ReportView {
  const s = STRINGS[lang];
  return {
    summary: pick(r.summary, lang),
    lines: [
      { label: s.trackingSheet, value: s.sheetState(r.sheet, r.created, r.rows) },
      // Each row's item and suggestion, as the sheet holds them (workbook text: shown as text only).
      ...r.entries.map((e) => ({ label: e.item, value: e.status ? `${e.suggestion}（${e.status}）` : e.suggestion })),
    ],
  };
}

/** One part adopt found or added, as the pane lists it: what, and where in the workbook. */
export interface PartView {
  what: string;
  where: string;
}

export interface AdoptView {
  summary: string;
  found: PartView[];
  added: PartView[];
  notes: string[];
}

export function adoptReportView(r: AdoptOutcome, lang: Lang): AdoptView {
  const part = (p: AdoptPart): PartView => ({ what: pick(p.what, lang), where: p.where });
  return {
    summary: pick(r.summary, lang),
    found: r.found.map(part),
    added: r.added.map(part),
    notes: r.notes.map((n) => pick(n, lang)),
  };
}

/** The half-year after `m`: 1 月至 6 月 → 7 月至 12 月 of the same year, 7 月至 12 月 → 1 月至 6 月 of the next. */
export const followingPeriod = (m: Pick<FormMeta, 'rocYear' | 'period'>): Pick<FormMeta, 'rocYear' | 'period'> =>
  m.period === 'H1' ? { rocYear: m.rocYear, period: 'H2' } : { rocYear: m.rocYear + 1, period: 'H1' };

/**
 * What the confirm step says before the next period is added: from → to, when the workbook's RocYear and
 * Period say where it stands (as the last check read them); otherwise without them, rather than a guess.
 */
export function nextConfirmText(meta: Partial<FormMeta>, lang: Lang): string {
  const s = STRINGS[lang];
  if (meta.rocYear === undefined || meta.period === undefined) return s.nextConfirm(null, null);
  const to = followingPeriod({ rocYear: meta.rocYear, period: meta.period });
  return s.nextConfirm(s.periodSpan(meta.rocYear, meta.period), s.periodSpan(to.rocYear, to.period));
}

export function nextReportView(r: NextOutcome, lang: Lang): ReportView {
  const s = STRINGS[lang];
  const sheets = SHEET_ORDER.map((k) => r.sheets[k]).filter((n): n is string => Boolean(n));
  const lines: ReportLine[] = [
    { label: s.nextSheets, value: sheets.join(s.listSep) },
    { label: s.nextCarried, value: String(r.carried) },
  ];
  if (r.kept.length) lines.push({ label: s.nextKept, value: r.kept.join(s.listSep) });
  return { summary: pick(r.summary, lang), lines };
}

/** A workbook with nothing in it, as far as the check reads one. */
const NOTHING: Snapshot = { sheets: [], names: [], ranges: {}, below: {} };

/**
 * Whether a failed check means "no scorecard here yet" (a first run: welcome, not an error) rather than a broken
 * one (a name pointing at a deleted sheet, a range of the wrong size: those say what to fix). The host's error is
 * compared with what the check itself decides for a workbook without any name, so the pane follows the check's
 * own answer rather than matching its words.
 */
export function noScorecardYet(error: Message, rubric: Rubric): boolean {
  const d = check.decide(NOTHING, { rubric });
  return !d.ok && d.error.zh === error.zh && d.error.en === error.en;
}
