import type { Operation } from '../../operations/types';
import { checkPlan } from '../../operations/run';
import type { Counted, HostResult } from './api';
import { localNamesOf, queuePlan } from './apply';
import { explain } from './explain';
import { readSnapshot } from './read';
import type { Features } from './render';

/** Running operations through Excel.run: counted round trips, features from requirement sets. */

export type Sync = () => Promise<void>;

export interface Runner {
  features: () => Features;
  /** One Excel.run with a counting sync: its value or what it threw, and the round trips it took either way. */
  counted<T>(
    body: (ctx: Excel.RequestContext, sync: Sync) => Promise<T>
  ): Promise<Counted<{ ok: true; value: T } | { ok: false; error: unknown }>>;
}

export interface RunnerOptions {
  /** Excel.run; defaults to the global */
  run?: typeof Excel.run;
  /** Office.context.requirements.isSetSupported; defaults to the global (false outside Office) */
  isSetSupported?: (set: string, version: string) => boolean;
}

export function createRunner(options: RunnerOptions): Runner {
  const run: typeof Excel.run =
    options.run ?? (((...args: unknown[]) => (Excel.run as (...a: unknown[]) => unknown)(...args)) as typeof Excel.run);
  const supported =
    options.isSetSupported ??
    ((set: string, version: string) =>
      typeof Office !== 'undefined' &&
      !!Office.context?.requirements &&
      Office.context.requirements.isSetSupported(set, version));
  const api = (version: string) => {
    try {
      return !!supported('ExcelApi', version);
    } catch {
      return false;
    }
  };
  return {
    features: () => ({
      validation: api('1.8'),
      print: api('1.9'),
      conditionalFormats: api('1.6'),
      sheetView: api('1.7'),
      names: api('1.4'),
      mergedAreas: api('1.13'),
    }),
    async counted(body) {
      let syncs = 0;
      try {
        const value = await run(async (ctx) =>
          body(ctx, async () => {
            syncs++;
            await ctx.sync();
          })
        );
        return { ok: true, value, syncs };
      } catch (error) {
        return { ok: false, error, syncs };
      }
    },
  };
}

/** Run an operation through a runner: the same read, decide, apply for every capability. */
export async function runOperation<I, R>(runner: Runner, op: Operation<I, R>, input: I): Promise<Counted<HostResult<R>>> {
  const f = runner.features();
  const r = await runner.counted(async (ctx, sync) => {
    const snapshot = await readSnapshot(ctx, sync, op.needs(input), f);
    const decision = op.decide(snapshot, input);
    if (!decision.ok) return decision;
    const refused = checkPlan(decision.plan);
    if (refused) return { ok: false as const, error: refused };
    if (decision.plan.edits.length) {
      // Sheet-scoped names the plan replaces: a round trip of its own, only for plans that set them (see there).
      const local = await localNamesOf(ctx, sync, decision.plan, snapshot, f);
      queuePlan(ctx, decision.plan, snapshot, f, local);
      await sync();
    }
    return { ok: true as const, value: decision.result };
  });
  if (!r.ok) return { ok: false, error: explain(r.error), syncs: r.syncs };
  return { ...r.value, syncs: r.syncs };
}
