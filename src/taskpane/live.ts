import type { Host, HostResult } from '../adapters/office/api';
import type { Message } from '../domain/message';
import type { CheckOutcome } from '../operations/check';

/**
 * Results apply in the order they were asked for. Each request takes a ticket; once a newer one is asked,
 * whatever still arrives for an older one is stale (it read the workbook as it was before) and is dropped.
 */
export function newestOnly() {
  let asked = 0;
  return {
    /** a new request; every earlier ticket is stale from now on */
    ask: (): number => ++asked,
    /** whether results for `ticket` may still be shown */
    current: (ticket: number): boolean => ticket === asked,
  };
}

export interface LiveScores {
  /**
   * Watch the scores (again): stop the watch before, then start one whose first check is shown like every
   * later one. Settles once that first check has been shown, or why it could not run.
   */
  restart(): Promise<void>;
  /** stop for good; nothing is shown after this */
  stop(): Promise<void>;
}

/**
 * The live check. The host's watchScores emits the first check itself, so the pane never checks on its own:
 * at start and after inserting templates it watches again. A watch that was replaced meanwhile (a slow
 * start, then an insert) is stopped as soon as it answers, and what it reports is never shown.
 */
export function liveScores(
  host: Pick<Host, 'watchScores'>,
  show: (r: HostResult<CheckOutcome>) => void,
  thrown: (e: unknown) => Message
): LiveScores {
  const order = newestOnly();
  let stopCurrent: (() => Promise<void>) | null = null;
  let stopped = false;
  const live = (ticket: number) => !stopped && order.current(ticket);

  async function stopPrevious(): Promise<void> {
    const stop = stopCurrent;
    stopCurrent = null;
    // a watch that cannot be stopped (the workbook is gone) is no reason not to watch again
    if (stop) await stop().catch(() => undefined);
  }

  async function restart(): Promise<void> {
    const ticket = order.ask();
    await stopPrevious();
    if (!live(ticket)) return;
    try {
      const stop = await host.watchScores((r) => {
        if (live(ticket)) show(r);
      });
      if (live(ticket)) stopCurrent = stop;
      else await stop().catch(() => undefined);
    } catch (e) {
      // the host could not start watching, so no check was shown: say why instead of "checking…" forever
      if (live(ticket)) show({ ok: false, error: thrown(e) });
    }
  }

  return {
    restart,
    async stop() {
      stopped = true;
      order.ask();
      await stopPrevious();
    },
  };
}
