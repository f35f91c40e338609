import type { Rubric } from '../../domain/rubric';
import type { TemplateOptions } from '../../contract';
import type { Examples } from '../../examples/types';
import { check } from '../../operations/check';
import type { Host } from './api';

/**
 * The operations as the pane and the ribbon run them in Excel: the same ones the command runs, with the
 * same inputs. Only the check is in the first download; inserting (the layouts) and tracking, and the
 * example content, are chunks fetched when first asked for, so the pane opens fast.
 */
export interface Loaders {
  examples: () => Promise<Examples>;
  insertTemplates: () => Promise<typeof import('../../operations/insertTemplates').insertTemplates>;
  track: () => Promise<typeof import('../../operations/track').track>;
}

const LOADERS: Loaders = {
  examples: () => import(/* webpackChunkName: "examples" */ '../../examples/index.js').then((m) => m.EXAMPLES),
  insertTemplates: () =>
    import(/* webpackChunkName: "insert" */ '../../operations/insertTemplates.js').then((m) => m.insertTemplates),
  track: () => import(/* webpackChunkName: "track" */ '../../operations/track.js').then((m) => m.track),
};

export function excelActions(host: Host, rubric: Rubric, loaders: Partial<Loaders> = {}) {
  const load = { ...LOADERS, ...loaders };
  return {
    check: () => host.run(check, { rubric }),
    insertTemplates: async (options: TemplateOptions) => {
      const [op, examples] = await Promise.all([load.insertTemplates(), options.example ? load.examples() : undefined]);
      return host.run(op, { ...options, rubric, examples });
    },
    buildTracking: async () => host.run(await load.track(), { rubric }),
  };
}

export type ExcelActions = ReturnType<typeof excelActions>;
