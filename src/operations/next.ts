import type { Message } from '../domain/message';
import type { Rubric } from '../domain/rubric';
import type { FormMeta, SheetKey } from '../contract';
import type { Operation } from './types';

/**
 * The next period (H1 → H2 of the same year, H2 → H1 of the next) in the same workbook, beside the earlier one.
 */
export interface NextInput {
  rubric: Rubric;
  /** "today", for the defaults of a workbook that does not say its year and period */
  now?: Date;
}

export interface NextOutcome {
  from: FormMeta;
  to: FormMeta;
  /** the new period's sheets, by role */
  sheets: Record<SheetKey, string>;
  /** improvements not yet done, carried into the new tracking sheet */
  carried: number;
  /** the contract names the earlier period keeps as sheet-scoped copies */
  kept: string[];
  summary: Message;
}

export declare const nextPeriod: Operation<NextInput, NextOutcome>;
