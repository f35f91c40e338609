import type { Message } from '../domain/message';
import type { Rubric } from '../domain/rubric';
import type { Operation } from './types';

/** Attach the contract (names, validation, totals, tracking) to a scorecard staff made by hand. */
export interface AdoptInput {
  rubric: Rubric;
  /** "today", for the year and period of a workbook whose title does not say them */
  now?: Date;
}

/** One thing adopt found or added: what, and where ("考核評分表!D5:D7,D10:D12"). */
export interface AdoptPart {
  what: Message;
  where: string;
}

export interface AdoptOutcome {
  /** the workbook carried the contract already: nothing was written */
  already: boolean;
  found: AdoptPart[];
  added: AdoptPart[];
  /** what was looked for and not found or not used (a findings table, the summary's total cells): not errors */
  notes: Message[];
  summary: Message;
}

export declare const adopt: Operation<AdoptInput, AdoptOutcome>;
