import type { Message } from '../../domain/message';
import type { CheckOutcome } from '../../operations/check';
import type { Operation } from '../../operations/types';

/**
 * What the task pane and the ribbon commands may ask of Excel. They hold one of these and never touch
 * Office.js themselves; ./host is the only module that calls Excel.
 */
export interface Host {
  /** Run one operation: read its snapshot, decide, apply its plan; with the round trips it took. */
  run<I, R>(op: Operation<I, R>, input: I): Promise<Counted<HostResult<R>>>;
  /** Select a cell so the user can fix it ("go to cell"). */
  select(sheet: string, address: string): Promise<Counted<HostResult<void>>>;
  /**
   * Call `onResult` with a fresh check whenever a change touches the scores (typing, paste, fill, delete);
   * changes elsewhere cost nothing. Returns a function that stops watching.
   */
  watchScores(onResult: (r: HostResult<CheckOutcome>) => void): Promise<() => Promise<void>>;
  /** Which optional features this Excel offers (data validation needs ExcelApi 1.8, …). */
  capabilities(): Capabilities;
}

export type HostResult<T> = { ok: true; value: T } | { ok: false; error: Message };

/** An operation's result and the `context.sync()` round trips it took. */
export type Counted<T> = T & { syncs: number };

export interface Capabilities {
  /** ExcelApi 1.8: range.dataValidation */
  dataValidation: boolean;
  /** ExcelApi 1.9: page layout (print setup) */
  print: boolean;
}
