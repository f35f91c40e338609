import { SHEET_NAMES, SHEET_ORDER, SheetKey, TemplateOptions } from '../contract';
import { Rubric, flatten } from '../domain/rubric';
import { FindingRow, planTracking } from '../domain/tracking';
import type { Examples, PlanExample } from '../examples/types';
import { LayoutContext, PlanTableRow } from './common';
import { planSheet } from './plan';
import { scorecardSheet } from './scorecard';
import { summarySheet } from './summary';
import { TrackingRow, trackingSheet } from './tracking';
import { WorkbookLayout } from './types';

export { SHEET_ORDER };

export type BuildContext = TemplateOptions & {
  rubric: Rubric;
  sheetNames?: Partial<Record<SheetKey, string>>;
  /** the example content (src/examples): required when `example` is true */
  examples?: Examples;
  /** plan rows to use instead of the blank or example ones (benchmarks, tests) */
  planExample?: PlanExample;
  /** the strategy table's rows under the blank plan's sections (the next period's plan) */
  planRows?: PlanTableRow[];
  /** the plan's sections and opening lines, word for word (the next period's plan) */
  planSections?: LayoutContext['planSections'];
  planOpening?: LayoutContext['planOpening'];
  /** the tracking sheet's rows instead of those built from the findings (improvements carried into the next period) */
  trackingRows?: TrackingRow[];
};

/** All four sheets, in order. With `example`, tracking is what building tracking makes of the findings. */
export function buildWorkbook(c: BuildContext): WorkbookLayout {
  if (c.example && !c.examples) throw new Error('buildWorkbook: example requested but no example content given');
  const { examples, planExample, trackingRows, ...rest } = c;
  const ctx: LayoutContext = {
    ...rest,
    sheetNames: { ...SHEET_NAMES, ...c.sheetNames },
    planExample: planExample ?? (c.example ? examples?.plan : undefined),
    scorecardExample: c.example ? examples?.scorecard : undefined,
  };
  const findings: FindingRow[] = ctx.scorecardExample?.findings ?? [];
  const tracking = trackingRows ?? planTracking(flatten(ctx.rubric), findings, []).added;
  return {
    sheets: [planSheet(ctx), scorecardSheet(ctx), summarySheet(ctx, tracking), trackingSheet(ctx, tracking)],
  };
}
