import type { Period } from '../contract';
import type { Message } from './message';

/**
 * What a review knows of one workbook, read once (by the command's workers or the pane) and then
 * aggregated in pure code. Small on purpose: a worker sends this back, never the workbook.
 */
export interface WorkbookFacts {
  /** the path as the user gave it (or the file name, in the pane) */
  file: string;
  /** from OfficeName, RocYear, Period (or, for a hand-made sheet, its title); null when unknown */
  office: string | null;
  year: number | null;
  period: Period | null;
  /** the score each criterion counts, in rubric order; null when blank or needing a fix */
  scores: (number | null)[];
  /** the sum of the counted scores of each dimension, rubric order */
  dimensions: { id: string; total: number }[];
  total: number;
  /** criteria with a valid score, of how many */
  entered: number;
  of: number;
  /** cells that need fixing (the checker's problems) */
  problems: number;
  /** improvements not yet done, in the workbook's order */
  improvements: OpenImprovement[];
  /** how the scores were found: the contract's names, or recognised in a sheet made by hand */
  source: 'names' | 'recognized';
}

export interface OpenImprovement {
  criterionId: string;
  /** the criterion's label as the workbook writes it ("1. 創新性-提供在地化及客製化關懷服務") */
  item: string;
  suggestion: string;
  progress: string;
  /** where the improvement comes from ("114 H1"); "" when the workbook does not say */
  since: string;
}

export interface Unreadable {
  file: string;
  message: Message;
}

export type FlagKind = 'identicalScores' | 'allAtCap' | 'unchangedFromPrevious' | 'incomplete' | 'invalid';

export interface ReviewFlag {
  kind: FlagKind;
  files: string[];
  message: Message;
}

/** One workbook's line in the review (and in `review --json`). */
export interface ReviewedWorkbook {
  file: string;
  office: string | null;
  year: number | null;
  period: Period | null;
  dimensions: { id: string; total: number }[];
  total: number;
  /** 1 = highest total among the workbooks of the same year and period; ties share a rank */
  rank: number;
  entered: number;
  of: number;
  problems: number;
  openImprovements: number;
  /** the counted scores, rubric order (the review sheets' score matrix; not in `review --json`) */
  scores: (number | null)[];
}

export interface CriterionStats {
  id: string;
  /** over the workbooks that scored the criterion; null when none did */
  mean: number | null;
  min: number | null;
  max: number | null;
  /** sample standard deviation (STDEV.S); null with fewer than two scores */
  stdev: number | null;
  /** share of the scoring workbooks at the cap, 0..1; null when none scored */
  atCap: number | null;
}

export interface ReviewImprovement {
  file: string;
  office: string | null;
  criterionId: string;
  /** the criterion's label as the workbook writes it (shown when the rubric does not know criterionId) */
  item: string;
  suggestion: string;
  progress: string;
  since: string;
}

/** An office with both halves of a year: H1 and H2 side by side. */
export interface HalfYearPair {
  office: string;
  year: number;
  h1: { file: string; total: number; dimensions: { id: string; total: number }[] };
  h2: { file: string; total: number; dimensions: { id: string; total: number }[] };
}

export interface ReviewResult {
  workbooks: ReviewedWorkbook[];
  unreadable: Unreadable[];
  criteria: CriterionStats[];
  openImprovements: ReviewImprovement[];
  flags: ReviewFlag[];
  pairs: HalfYearPair[];
}
