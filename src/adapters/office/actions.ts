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
 * same inputs. Only the check is in the first download; inserting (the layouts), tracking, the example content
 * and reviewing other workbooks (the .xlsx reader) are chunks fetched when first asked for, so the pane opens fast.
 */
export interface Loaders {
  examples: () => Promise<Examples>;
  insertTemplates: () => Promise<typeof import('../../operations/insertTemplates').insertTemplates>;
  track: () => Promise<typeof import('../../operations/track').track>;
  review: () => Promise<ReviewKit>;
}

const LOADERS: Loaders = {
  examples: () => import(/* webpackChunkName: "examples" */ '../../examples/index.js').then((m) => m.EXAMPLES),
  insertTemplates: () =>
    import(/* webpackChunkName: "insert" */ '../../operations/insertTemplates.js').then((m) => m.insertTemplates),
  track: () => import(/* webpackChunkName: "track" */ '../../operations/track.js').then((m) => m.track),
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
    /** Start fetching the review chunk, e.g. while the user is choosing files; errors surface on use. */
    prepareReview: () => void reviewKit().catch(() => undefined),
    readWorkbooks: async (files: readonly File[], progress?: ReadProgress) =>
      (await reviewKit()).readWorkbooks(files, rubric, progress),
    reviewWorkbooks: async (read: ReadWorkbooks) => host.run((await reviewKit()).reviewWorkbooks, { rubric, ...read }),
  };
}

export type ExcelActions = ReturnType<typeof excelActions>;
