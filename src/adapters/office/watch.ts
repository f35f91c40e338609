import { type Rect, parseRange } from '../../domain/a1';
import { check, type CheckOutcome } from '../../operations/check';
import type { HostResult } from './api';
import { changeTouches } from './convert';
import type { OfficeHostOptions } from './host';
import { type Runner, runOperation } from './runner';

/**
 * The live check: whenever a change touches the scores, re-run the check operation (debounced) and report.
 * While Excel is in cell-edit mode it rejects every request; the check waits and tries again instead of
 * showing an error for something the user is in the middle of.
 */

const EDIT_MODE = 'InvalidOperationInCellEditMode';
const codeOf = (e: unknown) => String((e as { code?: unknown } | undefined)?.code ?? '');
type Registration = OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs>;

export async function watchScores(
  runner: Runner,
  options: OfficeHostOptions,
  onResult: (r: HostResult<CheckOutcome>) => void
): Promise<() => Promise<void>> {
  const debounceMs = options.debounceMs ?? 150;
  const retryMs = options.retryMs ?? 1000;
  let rect: Rect | undefined;
  let registration: Registration | undefined;
  let registering = false;
  let registerTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = false;
  let again = false;

  const emit = (r: HostResult<CheckOutcome>) => {
    if (stopped) return;
    try {
      onResult(r);
    } catch {
      // The listener's own failure is the UI's to report; it must not stop the watch.
    }
  };
  const schedule = (ms = debounceMs) => {
    if (stopped) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void refresh();
    }, ms);
  };

  async function refresh() {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      const r = await runChecked();
      if (r) emit(r);
    } finally {
      busy = false;
      if (again && !stopped) {
        again = false;
        schedule();
      }
    }
  }

  async function runChecked(): Promise<HostResult<CheckOutcome> | undefined> {
    const codes: string[] = [];
    const spy: Runner = {
      features: runner.features,
      async counted(body) {
        const r = await runner.counted(body);
        if (!r.ok) codes.push(codeOf(r.error));
        return r;
      },
    };
    const r = await runOperation(spy, check, { rubric: options.rubric });
    if (!r.ok && codes.includes(EDIT_MODE)) {
      schedule(retryMs);
      return undefined;
    }
    if (!r.ok) return { ok: false, error: r.error };
    rect = parseRange(r.value.scores.range);
    if (!registration) await register(r.value.scores.sheet);
    return { ok: true, value: r.value };
  }

  async function register(sheet: string) {
    if (registering || registration || stopped) return;
    registering = true;
    const reg = await runner.counted(async (ctx, sync) => {
      const sheets = ctx.workbook.worksheets;
      sheets.load('items/name');
      await sync();
      const ws = sheets.items.find((s) => s.name === sheet);
      if (!ws) return undefined;
      const added = ws.onChanged.add(handler);
      await sync();
      return added;
    });
    registering = false;
    if (reg.ok) {
      if (stopped && reg.value) await unregister(reg.value);
      else registration = reg.value;
    } else if (codeOf(reg.error) === EDIT_MODE && !stopped) {
      // Refused because a cell is being edited: without a retry the scores would go unwatched for good.
      clearTimeout(registerTimer);
      registerTimer = setTimeout(() => void register(sheet), retryMs);
    }
  }

  async function unregister(r: Registration) {
    try {
      await (options.run ?? Excel.run)(r.context, async (ctx) => {
        r.remove();
        await ctx.sync();
      });
    } catch {
      // The workbook was closed or the handler is already gone: nothing is left to stop.
    }
  }

  // Must stay cheap: most changes are elsewhere on the sheet and cost no round trip at all.
  const handler = async (event: Excel.WorksheetChangedEventArgs) => {
    try {
      if (stopped) return;
      if (rect && !changeTouches(event, rect)) return;
      schedule();
    } catch {
      // never let an event turn into an unhandled rejection
    }
  };

  // The first check finds the scores and starts watching their sheet; while Excel is editing a cell it
  // is retried, and reports when it gets through.
  const first = await runChecked();
  if (first) emit(first);
  if (first && !first.ok) {
    stopped = true;
    return async () => undefined;
  }

  return async () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    clearTimeout(registerTimer);
    timer = undefined;
    const r = registration;
    registration = undefined;
    if (r) await unregister(r);
  };
}
