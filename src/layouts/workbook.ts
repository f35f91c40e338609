import { flatten } from '../domain/rubric';
import { mergeTracking } from '../domain/tracking';
import type { Examples, PlanExample } from '../examples/types';
import { LayoutContext, DEFAULT_SHEET_NAMES } from './common';
import { planSheet } from './plan';
import { scorecardSheet } from './scorecard';
import { summarySheet } from './summary';
import { readFindings, trackingSheet } from './tracking';
import { FINDINGS_HEADER } from './summary';
import { SheetKey, WorkbookLayout } from './types';

export const SHEET_ORDER: SheetKey[] = ['plan', 'scorecard', 'summary', 'tracking'];

export type BuildContext = Omit<LayoutContext, 'sheetNames' | 'planExample' | 'scorecardExample'> & {
  sheetNames?: Partial<Record<SheetKey, string>>;
  /** the example content (src/examples): required when `example` is true */
  examples?: Examples;
  /** plan rows to use instead of the blank or example ones (benchmarks, tests) */
  planExample?: PlanExample;
};

/** All four sheets, in order. With `example`, tracking is what building tracking makes of the findings. */
export function buildWorkbook(c: BuildContext): WorkbookLayout {
  if (c.example && !c.examples) throw new Error('buildWorkbook: example requested but no example content given');
  const { examples, planExample, ...rest } = c;
  const ctx: LayoutContext = {
    ...rest,
    sheetNames: { ...DEFAULT_SHEET_NAMES, ...c.sheetNames },
    planExample: planExample ?? (c.example ? examples?.plan : undefined),
    scorecardExample: c.example ? examples?.scorecard : undefined,
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
