import { FormMeta, NAMES, PERIODS, Period, YEAR_RANGE, defaultOptions } from '../contract';
import type { CellSnap, Snapshot } from './types';

/** The cells that say whose form a workbook is, as every operation reads them. */
export const META_NAMES = [NAMES.office, NAMES.rocYear, NAMES.period];

const first = (s: Snapshot, name: string): CellSnap | undefined => s.ranges[name]?.cells[0]?.[0];

/** OfficeName, RocYear and Period as the workbook holds them; a missing or unreadable one is left out. */
export function readMeta(s: Snapshot): Partial<FormMeta> {
  const out: Partial<FormMeta> = {};
  const office = first(s, NAMES.office);
  if (office?.kind === 'string' && String(office.value).trim()) out.office = String(office.value).trim();
  const year = first(s, NAMES.rocYear);
  const y =
    year?.kind === 'number'
      ? Number(year.value)
      : year?.kind === 'string'
        ? Number(String(year.value).normalize('NFKC').trim())
        : NaN;
  if (Number.isInteger(y) && y >= YEAR_RANGE.min && y <= YEAR_RANGE.max) out.rocYear = y;
  const period = first(s, NAMES.period);
  const p = period?.kind === 'string' ? String(period.value).trim().toUpperCase() : '';
  if ((PERIODS as readonly string[]).includes(p)) out.period = p as Period;
  return out;
}

/** The same, with the contract's defaults for what is missing. */
export const metaOrDefaults = (s: Snapshot, now?: Date): FormMeta => ({ ...defaultOptions(now), ...readMeta(s) });
