import type { Rect } from '../../domain/a1';
import { check, type CheckOutcome } from '../../operations/check';
import type { HostResult } from './api';
import { changeTouches, parseAreas } from './convert';
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
type Timer = ReturnType<typeof setTimeout>;

/** The runner, also noting the error code of every request it failed: runOperation's errors are messages. */
function recordingCodes(runner: Runner, codes: string[]): Runner {
  return {
    features: runner.features,
    async counted(body) {
      const r = await runner.counted(body);
      if (!r.ok) codes.push(codeOf(r.error));
      return r;
    },
  };
}

/** One live check: its timers, where the scores are, and the change handler on their sheet. */
class ScoreWatch {
  private readonly debounceMs: number;
  private readonly retryMs: number;
  /** SelfScores at the last check (its areas, when several): changes elsewhere are ignored */
  private areas: Rect[] | undefined;
  private registration: Registration | undefined;
  private registering = false;
  private registerTimer: Timer | undefined;
  private stopped = false;
  /** the debounced refresh */
  private timer: Timer | undefined;
  /** a check is running; `again` asks for another once it is done */
  private busy = false;
  private again = false;

  constructor(
    private readonly runner: Runner,
    private readonly options: OfficeHostOptions,
    private readonly onResult: (r: HostResult<CheckOutcome>) => void
  ) {
    this.debounceMs = options.debounceMs ?? 150;
    this.retryMs = options.retryMs ?? 1000;
  }

  emit(r: HostResult<CheckOutcome>): void {
    if (this.stopped) return;
    try {
      this.onResult(r);
    } catch {
      // The listener's own failure is the UI's to report; it must not stop the watch.
    }
  }

  private schedule(ms = this.debounceMs): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, ms);
  }

  /** One check at a time: a change during a check asks for one more after it. */
  private async refresh(): Promise<void> {
    if (this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      const r = await this.runChecked();
      if (r) this.emit(r);
    } finally {
      this.busy = false;
      if (this.again && !this.stopped) {
        this.again = false;
        this.schedule();
      }
    }
  }

  /**
   * Run the check and follow SelfScores to where it is now; the first success also starts watching its sheet.
   * Undefined when Excel refused because a cell is being edited: a retry is scheduled instead.
   */
  async runChecked(): Promise<HostResult<CheckOutcome> | undefined> {
    const codes: string[] = [];
    const r = await runOperation(recordingCodes(this.runner, codes), check, { rubric: this.options.rubric });
    if (!r.ok && codes.includes(EDIT_MODE)) {
      this.schedule(this.retryMs);
      return undefined;
    }
    if (!r.ok) return { ok: false, error: r.error };
    // "E5:E16", or the areas of a scorecard pasted from Word ("D5:D7,D10:D12"); unreadable: every change counts.
    this.areas = parseAreas(r.value.scores.range);
    if (!this.registration) await this.register(r.value.scores.sheet);
    return { ok: true, value: r.value };
  }

  private async register(sheet: string): Promise<void> {
    if (this.registering || this.registration || this.stopped) return;
    this.registering = true;
    const reg = await this.runner.counted(async (ctx, sync) => {
      const sheets = ctx.workbook.worksheets;
      sheets.load('items/name');
      await sync();
      const ws = sheets.items.find((s) => s.name === sheet);
      if (!ws) return undefined;
      const added = ws.onChanged.add(this.onChanged);
      await sync();
      return added;
    });
    this.registering = false;
    if (reg.ok) {
      if (this.stopped && reg.value) await this.unregister(reg.value);
      else this.registration = reg.value;
    } else if (codeOf(reg.error) === EDIT_MODE && !this.stopped) {
      // Refused because a cell is being edited: without a retry the scores would go unwatched for good.
      clearTimeout(this.registerTimer);
      this.registerTimer = setTimeout(() => void this.register(sheet), this.retryMs);
    }
  }

  private async unregister(r: Registration): Promise<void> {
    try {
      await (this.options.run ?? Excel.run)(r.context, async (ctx) => {
        r.remove();
        await ctx.sync();
      });
    } catch {
      // The workbook was closed or the handler is already gone: nothing is left to stop.
    }
  }

  // Must stay cheap: most changes are elsewhere on the sheet and cost no round trip at all.
  private readonly onChanged = async (event: Excel.WorksheetChangedEventArgs) => {
    try {
      if (this.stopped) return;
      const areas = this.areas;
      if (areas && !areas.some((a) => changeTouches(event, a))) return;
      this.schedule();
    } catch {
      // never let an event turn into an unhandled rejection
    }
  };

  /** Nothing more is checked or reported; pending checks and retries are dropped, the handler removed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    clearTimeout(this.registerTimer);
    this.timer = undefined;
    const r = this.registration;
    this.registration = undefined;
    if (r) await this.unregister(r);
  }
}

export async function watchScores(
  runner: Runner,
  options: OfficeHostOptions,
  onResult: (r: HostResult<CheckOutcome>) => void
): Promise<() => Promise<void>> {
  const watch = new ScoreWatch(runner, options, onResult);
  // The first check finds the scores and starts watching their sheet; while Excel is editing a cell it
  // is retried, and reports when it gets through.
  const first = await watch.runChecked();
  if (first) watch.emit(first);
  if (first && !first.ok) {
    // Nothing was scheduled or registered: stopping only keeps it from ever reporting again.
    void watch.stop();
    return async () => undefined;
  }
  return () => watch.stop();
}
