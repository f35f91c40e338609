import { TAIPEI_PLAN_114 } from './taipeiPlan';
import { TAITUNG_SCORECARD_114_H1 } from './taitungScorecard';
import { Examples } from './types';

/** Example content for `--example`: the Taipei plan's rows and the Taitung self-scores and findings. */
export const EXAMPLES: Examples = { plan: TAIPEI_PLAN_114, scorecard: TAITUNG_SCORECARD_114_H1 };
