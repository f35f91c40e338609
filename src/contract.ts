import { Message, msg } from './domain/message';

/**
 * The public contract of a scorecard workbook, in one place: the defined names other tools rely on, the
 * header texts tables are recognised by, the sheet names the templates use, and the defaults of the
 * template options. Everything else imports these; no other module spells them.
 */

/** Workbook-scoped defined names, each a single rectangle (README: "Public contract"). */
export const NAMES = {
  planActions: 'PlanActions',
  scoreCaps: 'ScoreCaps',
  selfScores: 'SelfScores',
  dimensionTotals: 'DimensionTotals',
  totalScore: 'TotalScore',
  findings: 'Findings',
  tracking: 'ImprovementTracking',
  office: 'OfficeName',
  rocYear: 'RocYear',
  period: 'Period',
} as const;
export type ContractName = (typeof NAMES)[keyof typeof NAMES];

export type SheetKey = 'plan' | 'scorecard' | 'summary' | 'tracking';
export const SHEET_ORDER: readonly SheetKey[] = ['plan', 'scorecard', 'summary', 'tracking'];
export const SHEET_NAMES: Readonly<Record<SheetKey, string>> = {
  plan: '執行計畫',
  scorecard: '考核評分表',
  summary: '彙整表',
  tracking: '改善追蹤',
};

export const PLAN_HEADER = ['服務內涵', '服務策略', '具體作法', '承辦部門', '完成期限'] as const;
export const SCORECARD_HEADER = ['執行構面', '評核項目', '配分', '評分重點', '自評', '計入', '檢核'] as const;
export const FINDINGS_HEADER = ['考核項目', '優點', '缺點', '建議改善事項', '改善事項辦理情形', '備註'] as const;
/** 項目代碼 and 建立依據 are the tool's bookkeeping (hidden); 狀態 is written by the tool only. */
export const TRACKING_HEADER = ['考核項目', '建議改善事項', '改善辦理情形', '備註', '狀態', '項目代碼', '建立依據'] as const;
/**
 * The column staff mark a tracking row done in, beside the tool's columns: theirs (the tool writes it only into the
 * rows of a sheet it makes), a drop-down of DONE_CHOICES. Found by its header, never by position.
 */
export const DONE_HEADER = '辦理狀態';
export const IN_PROGRESS = '辦理中';
export const DONE = '已完成';
export const DONE_CHOICES = [IN_PROGRESS, DONE] as const;
/** The sign-off line under each table, as each seed form has it: the summary's has no 課長, the tracking table's has. */
export const SIGN_OFF = {
  summary: ['經辦', '經理', '副處長', '處長'],
  tracking: ['經辦', '課長', '經理', '副處長', '處長'],
} as const;

export const PERIODS = ['H1', 'H2'] as const;
export type Period = (typeof PERIODS)[number];
export const periodText = (p: Period) => (p === 'H1' ? '1 月至 6 月' : '7 月至 12 月');

/** ROC years a form can be written for (2001–2161): wide enough for history, narrow enough to catch typos. */
export const YEAR_RANGE = { min: 90, max: 250 } as const;
export const OFFICE_MAX = 40;

export const DEFAULT_OFFICE = '○○區營業處';
/** The ROC year of a date: Gregorian − 1911 (2025 → 114). */
export const rocYearOf = (d: Date): number => d.getFullYear() - 1911;
/** The half a self-assessment is usually written for at a date: the one that is ending or just ended. */
export const periodOf = (d: Date): Period => (d.getMonth() < 6 ? 'H1' : 'H2');

// Control characters cannot be typed into a cell and break some readers; tabs and newlines are text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export interface TemplateOptions {
  office: string;
  rocYear: number;
  period: Period;
  example: boolean;
}
export type TemplateField = 'office' | 'rocYear' | 'period';

/** The rule each option breaks, said the same way by the CLI and the pane. */
export const OPTION_RULES: Record<'office' | 'rocYear' | 'period' | 'example', Message> = {
  office: msg(
    `單位名稱須為 1 到 ${OFFICE_MAX} 字，不可含控制字元，例如 台東區營業處`,
    `the office name takes 1 to ${OFFICE_MAX} characters without control characters, e.g. 台東區營業處`
  ),
  rocYear: msg(
    `年度須為 ${YEAR_RANGE.min} 到 ${YEAR_RANGE.max} 的民國年整數，例如 114`,
    `the year is a ROC year from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}, e.g. 114`
  ),
  period: msg('期間須為 H1（1 月至 6 月）或 H2（7 月至 12 月）', 'the period is H1 (January–June) or H2 (July–December)'),
  example: msg('範例須為是或否', 'example is yes or no'),
};

export type OptionsResult =
  { ok: true; value: TemplateOptions } | { ok: false; issues: { field: keyof typeof OPTION_RULES; message: Message }[] };

/**
 * Parse template options from outside (CLI flags, the pane's form, a ribbon default). Four fields, checked
 * by hand: the pane's bundle carries no schema library for them.
 */
export function parseTemplateOptions(input: unknown): OptionsResult {
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const office = typeof o.office === 'string' ? o.office.trim() : '';
  const bad: (keyof typeof OPTION_RULES)[] = [];
  if (office.length < 1 || office.length > OFFICE_MAX || CONTROL.test(office)) bad.push('office');
  const y = o.rocYear;
  if (typeof y !== 'number' || !Number.isInteger(y) || y < YEAR_RANGE.min || y > YEAR_RANGE.max) bad.push('rocYear');
  if (!(PERIODS as readonly unknown[]).includes(o.period)) bad.push('period');
  if (typeof o.example !== 'boolean') bad.push('example');
  if (bad.length) return { ok: false, issues: bad.map((field) => ({ field, message: OPTION_RULES[field] })) };
  return { ok: true, value: { office, rocYear: y as number, period: o.period as Period, example: o.example as boolean } };
}

/** Options for a blank template written now, with nothing chosen. */
export const defaultOptions = (now: Date = new Date()): TemplateOptions => ({
  office: DEFAULT_OFFICE,
  rocYear: rocYearOf(now),
  period: periodOf(now),
  example: false,
});

/** Whose form this is, as the workbook's OfficeName, RocYear and Period hold it. */
export interface FormMeta {
  office: string;
  rocYear: number;
  period: Period;
}

/** The half-year after `m`: H1 → H2 of the same year, H2 → H1 of the next. */
export const followingPeriod = (m: Pick<FormMeta, 'rocYear' | 'period'>): Pick<FormMeta, 'rocYear' | 'period'> =>
  m.period === 'H1' ? { rocYear: m.rocYear, period: 'H2' } : { rocYear: m.rocYear + 1, period: 'H1' };

/** "台東區營業處 114 年度 1 月至 6 月", the way the documents name whose form this is */
export const formOwner = (m: FormMeta) => `${m.office} ${m.rocYear} 年度 ${periodText(m.period)}`;
