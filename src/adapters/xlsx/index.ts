import type { Message } from '../../domain/message';
import { Operation } from '../../operations/types';
import { checkPlan } from '../../operations/run';
import { applyPlan } from './apply';
import { XlsxBook } from './book';
import { readSnapshot } from './snapshot';

export { newBook, loadBook, saveBook, type XlsxBook } from './book';

export type Ran<R> = { ok: true; value: R; wrote: boolean } | { ok: false; error: Message };

/** Run one operation on a workbook in memory: read its snapshot, decide, apply the plan. */
export function runOnBook<I, R>(book: XlsxBook, op: Operation<I, R>, input: I): Ran<R> {
  const decision = op.decide(readSnapshot(book, op.needs(input)), input);
  if (!decision.ok) return decision;
  const bad = checkPlan(decision.plan);
  if (bad) return { ok: false, error: bad };
  applyPlan(book, decision.plan);
  return { ok: true, value: decision.result, wrote: decision.plan.edits.length > 0 };
}
