import type { Period } from '../../src/contract';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import type { WorkbookFacts } from '../../src/domain/reviewTypes';
import { flatten } from '../../src/domain/rubric';

/** Facts of workbooks for the review's tests (test/domain and test/operations review.test.ts), default rubric. */

const FLAT = flatten(RUBRIC_114);
/** Each criterion's cap, rubric order: 100 100 100 140 130 130 50 50 50 50 50 50. */
export const CAPS = FLAT.map((c) => c.cap);

/** A workbook's facts from its scores, with dimension totals, total and counts as the reader gives them. */
export function workbookFacts(
  file: string,
  office: string | null,
  year: number | null,
  period: Period | null,
  scores: (number | null)[],
  more: Partial<WorkbookFacts> = {}
): WorkbookFacts {
  let at = 0;
  const dimensions = RUBRIC_114.dimensions.map((d) => {
    const part = scores.slice(at, (at += d.criteria.length));
    return { id: d.id, total: part.reduce<number>((s, v) => s + (v ?? 0), 0) };
  });
  return {
    file,
    office,
    year,
    period,
    scores,
    dimensions,
    total: dimensions.reduce((s, d) => s + d.total, 0),
    entered: scores.filter((s) => s !== null).length,
    of: FLAT.length,
    problems: 0,
    improvements: [],
    source: 'names',
    ...more,
  };
}
