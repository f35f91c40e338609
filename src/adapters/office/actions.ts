import type { Rubric } from '../../domain/rubric';
import type { TemplateOptions } from '../../contract';
import type { Examples } from '../../examples/types';
import { check } from '../../operations/check';
import type { Host } from './api';
import type { ReadProgress, ReadWorkbooks } from './reviewFiles';

/** What the review chunk brings: reading picked files in the browser, and the review operation. */
export type ReviewKit = Pick<typeof import('./reviewFiles'), 'readWorkbooks' | 'reviewWorkbooks'>;

/**
 * The operations as the pane and the ribbon run them in Excel: the same ones the command runs, with the
 * same inputs. Only the check is in the first download; inserting (the layouts), tracking, the example content,
 * adopting a sheet made by hand, the next period and reviewing other workbooks (the .xlsx reader) are chunks
 * fetched when first asked for, so the pane opens fast.
 */
export interface Loaders {
  examples: () => Promise<Examples>;
  insertTemplates: () => Promise<typeof import('../../operations/insertTemplates').insertTemplates>;
  track: () => Promise<typeof import('../../operations/track').track>;
  adopt: () => Promise<typeof import('../../operations/adopt').adopt>;
  nextPeriod: () => Promise<typeof import('../../operations/next').nextPeriod>;
  review: () => Promise<ReviewKit>;
}

const LOADERS: Loaders = {
  examples: () => import(/* webpackChunkName: "examples" */ '../../examples/index.js').then((m) => m.EXAMPLES),
  insertTemplates: () =>
    import(/* webpackChunkName: "insert" */ '../../operations/insertTemplates.js').then((m) => m.insertTemplates),
  track: () => import(/* webpackChunkName: "track" */ '../../operations/track.js').then((m) => m.track),
  adopt: () => import(/* webpackChunkName: "adopt" */ '../../operations/adopt.js').then((m) => m.adopt),
  nextPeriod: () => import(/* webpackChunkName: "next" */ '../../operations/next.js').then((m) => m.nextPeriod),
  review: () => import(/* webpackChunkName: "review" */ './reviewFiles.js'),
};

export function excelActions(host: Host, rubric: Rubric, loaders: Partial<Loaders> = {}) {
  const load = { ...LOADERS, ...loaders };
  // Fetched once; a failed fetch (offline) is tried again on the next use rather than remembered.
  let review: Promise<ReviewKit> | undefined;
  const reviewKit = () =>
    (review ??= load.review().catch((e: unknown) => {
      review = undefined;
      throw e;
    }));
  return {
    check: () => host.run(check, { rubric }),
    insertTemplates: async (options: TemplateOptions) => {
      const [op, examples] = await Promise.all([load.insertTemplates(), options.example ? load.examples() : undefined]);
      return host.run(op, { ...options, rubric, examples });
    },
    buildTracking: async () => host.run(await load.track(), { rubric }),
    /** Attach the names, validation, totals and tracking to the scorecard staff made by hand in this workbook. */
    adopt: async (now?: Date) => host.run(await load.adopt(), { rubric, now }),
    /** Add the next half-year's sheets beside this period's. */
    nextPeriod: async (now?: Date) => host.run(await load.nextPeriod(), { rubric, now }),
    /** Start fetching the review chunk, e.g. while the user is choosing files; errors surface on use. */
    prepareReview: () => void reviewKit().catch(() => undefined),
    readWorkbooks: async (files: readonly File[], progress?: ReadProgress) =>
      (await reviewKit()).readWorkbooks(files, rubric, progress),
    reviewWorkbooks: async (read: ReadWorkbooks) => host.run((await reviewKit()).reviewWorkbooks, { rubric, ...read }),
  };
}

export type ExcelActions = ReturnType<typeof excelActions>;
