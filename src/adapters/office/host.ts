import { parseArea } from '../../domain/a1';
import { msg } from '../../domain/message';
import type { Rubric } from '../../domain/rubric';
import type { Capabilities, Counted, Host, HostResult } from './api';
import { explain, missingSheet } from './explain';
import { createRunner, runOperation } from './runner';
import { watchScores } from './watch';

/**
 * The Host of the task pane and the ribbon commands: the only module of the product that calls Office.js.
 * An operation takes two round trips to read (what is there; the ranges) and one to write, however large
 * the sheets are. Failures come back as bilingual messages; nothing here rejects.
 */

export interface OfficeHostOptions {
  /** the rubric the live check uses */
  rubric: Rubric;
  /** Excel.run; defaults to the global */
  run?: typeof Excel.run;
  /** Office.context.requirements.isSetSupported; defaults to the global (false outside Office) */
  isSetSupported?: (set: string, version: string) => boolean;
  /** quiet time before the live check re-reads after a burst of changes; default 150 ms */
  debounceMs?: number;
  /** wait before the live check tries again while Excel is in cell-edit mode; default 1000 ms */
  retryMs?: number;
}

export function createOfficeHost(options: OfficeHostOptions): Host {
  const runner = createRunner(options);
  const features = runner.features;

  async function select(sheet: string, address: string): Promise<Counted<HostResult<void>>> {
    if (!parseArea(address)) {
      return {
        ok: false,
        syncs: 0,
        error: msg(`「${address}」不是儲存格位址（例如 E5）。`, `"${address}" is not a cell address (for example E5).`),
      };
    }
    const r = await runner.counted(async (ctx, sync) => {
      const sheets = ctx.workbook.worksheets;
      sheets.load('items/name');
      await sync();
      // Only a sheet known to exist is used: a deleted or renamed one gets its own message.
      const ws = sheets.items.find((s) => s.name === sheet);
      if (!ws) return false;
      ws.activate();
      ws.getRange(address).select();
      await sync();
      return true;
    });
    if (!r.ok) return { ok: false, error: explain(r.error), syncs: r.syncs };
    return r.value ? { ok: true, value: undefined, syncs: r.syncs } : { ok: false, error: missingSheet(sheet), syncs: r.syncs };
  }

  function capabilities(): Capabilities {
    const f = features();
    return { dataValidation: f.validation, print: f.print };
  }

  return {
    run: (op, input) => runOperation(runner, op, input),
    select,
    watchScores: (onResult) => watchScores(runner, options, onResult),
    capabilities,
  };
}
