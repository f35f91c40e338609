import { flatten } from '../domain/rubric';
import { mergeTracking } from '../domain/tracking';
import { TAIPEI_PLAN_114 } from '../examples/taipeiPlan';
import { TAITUNG_SCORECARD_114_H1 } from '../examples/taitungScorecard';
import { LayoutContext, DEFAULT_SHEET_NAMES } from './common';
import { planSheet } from './plan';
import { scorecardSheet } from './scorecard';
import { summarySheet } from './summary';
import { readFindings, trackingSheet } from './tracking';
import { FINDINGS_HEADER } from './summary';
import { SheetKey, WorkbookLayout } from './types';

export const SHEET_ORDER: SheetKey[] = ['plan', 'scorecard', 'summary', 'tracking'];

/** Example content for `--example`: the Taipei plan's rows and the Taitung self-scores and findings. */
export const EXAMPLES = { plan: TAIPEI_PLAN_114, scorecard: TAITUNG_SCORECARD_114_H1 };

export type BuildContext = Omit<LayoutContext, 'sheetNames' | 'planExample' | 'scorecardExample'> & {
  sheetNames?: Partial<Record<SheetKey, string>>;
};

/** All four sheets, in order. With `example`, tracking is what building tracking makes of the findings. */
export function buildWorkbook(c: BuildContext): WorkbookLayout {
  const ctx: LayoutContext = {
    ...c,
    sheetNames: { ...DEFAULT_SHEET_NAMES, ...c.sheetNames },
    planExample: c.example ? EXAMPLES.plan : undefined,
    scorecardExample: c.example ? EXAMPLES.scorecard : undefined,
  };
  const flat = flatten(ctx.rubric);
  const findings = ctx.scorecardExample
    ? readFindings(flat, [
        [...FINDINGS_HEADER],
        ...ctx.scorecardExample.findings.map((f, i) => [
          flat[i].label.zh,
          f.strengths,
          f.weaknesses,
          f.suggestion,
          f.progress,
          f.remarks,
        ]),
      ])
    : [];
  const tracking = mergeTracking(flat, findings, []).rows;
  return {
    sheets: [planSheet(ctx), scorecardSheet(ctx), summarySheet(ctx), trackingSheet(ctx, tracking)],
  };
}
