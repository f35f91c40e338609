import { parseTemplateOptions, type TemplateOptions } from '../contract';
import type { TextKey } from './i18n';

/** The insert form as the DOM gives it: strings and a flag. */
export interface FormValues {
  office: string;
  rocYear: string;
  period: string;
  example: boolean;
}

export type Field = 'office' | 'rocYear' | 'period';
export type FieldErrors = Partial<Record<Field, TextKey>>;

export type FormResult = { ok: true; value: TemplateOptions } | { ok: false; errors: FieldErrors };

export { DEFAULT_OFFICE, periodOf, rocYearOf } from '../contract';

/** "１１４" and " 114 " read as 114; "", "abc", "114年" do not read as a number at all. */
export function yearNumber(text: string): number {
  const t = text.normalize('NFKC').trim();
  return /^[+-]?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

const FIELD_ERROR: Record<Field, TextKey> = {
  office: 'officeError',
  rocYear: 'rocYearError',
  period: 'periodError',
};

/** Parse the pane's form with the same schema the CLI uses; errors are keys into the pane's strings. */
export function parseForm(v: FormValues): FormResult {
  const r = parseTemplateOptions({
    office: v.office,
    rocYear: yearNumber(v.rocYear),
    period: v.period,
    example: v.example,
  });
  if (r.ok) return { ok: true, value: r.value };
  const errors: FieldErrors = {};
  for (const issue of r.issues) {
    const field = issue.field;
    if (field === 'office' || field === 'rocYear' || field === 'period') errors[field] = FIELD_ERROR[field];
  }
  return { ok: false, errors };
}
