/**
 * Shared by the task pane tests: check results built with the real checker, operation outcomes, and a FAKE
 * Host (a plain object that records calls) whose run(op, input) answers by op.id.
 */
import type { Capabilities, Counted, Host, HostResult } from '../../src/adapters/office/api';
import { checkScores, type RawCell } from '../../src/domain/check';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { msg } from '../../src/domain/message';
import type { CheckOutcome } from '../../src/operations/check';
import type { InsertOutcome } from '../../src/operations/insertTemplates';
import type { TrackOutcome } from '../../src/operations/track';

export const SHEET = '考核評分表';
export const XSS = '<img src=x onerror=alert(1)>';

/** Score cells for the default rubric (12 criteria), in E5.. order, from plain values. */
export function cells(values: (number | string | null)[]): RawCell[] {
  return Array.from({ length: 12 }, (_, i) => {
    const v = values[i] ?? null;
    const address = `E${5 + i}`;
    if (v === null) return { address, kind: 'empty', value: null };
    return typeof v === 'number' ? { address, kind: 'number', value: v } : { address, kind: 'string', value: v };
  });
}

/** A check outcome as the check operation gives it, for SelfScores at 考核評分表!E5:E16. */
export const check = (values: (number | string | null)[]): CheckOutcome => ({
  ...checkScores(RUBRIC_114, cells(values), SHEET),
  meta: {},
  scores: { sheet: SHEET, range: 'E5:E16' },
});

/** The Taitung example: 285 + 381 + 136 + 137 = 939. */
export const TAITUNG = [95, 95, 95, 128, 126, 127, 45, 45, 46, 45, 46, 46];

export const REPORT: InsertOutcome = {
  sheets: { plan: '執行計畫', scorecard: '考核評分表 (2)', summary: '彙整表', tracking: '改善追蹤' },
  renamed: ['scorecard'],
  namesKept: ['SelfScores'],
  summary: msg('已插入 4 張工作表。', 'Inserted 4 sheets.'),
};

export const TRACK: TrackOutcome = {
  sheet: '改善追蹤',
  created: true,
  rows: 3,
  entries: [
    { item: '1. 創新性-提供在地化及客製化關懷服務', suggestion: '補充人力', progress: '', status: '' },
    { item: '4. 效益及影響-提供在地化及客製化關懷服務', suggestion: XSS, progress: '', status: '' },
    { item: '7. 可持續性-提供在地化及客製化關懷服務', suggestion: '多元訓練', progress: '', status: '彙整表已無此建議（保留）' },
  ],
  report: { added: ['1', '4', '7'], replaced: [], updated: [], unchanged: [], orphaned: [], conflicts: [] },
  summary: msg('追蹤表有 3 列。', 'The tracking sheet has 3 rows.'),
};

export type Call =
  { method: 'run'; op: string; input: unknown } | { method: 'select'; args: [string, string] } | { method: 'watchScores' };

type Listener = (r: HostResult<CheckOutcome>) => void;

/**
 * A fake Host: answers from fields the test sets and records every call. Like the real one, watchScores
 * reads the scores when called, emits that first check itself, then resolves with its stop function (a
 * no-op one when the first check failed: nothing to watch). `change` is a change in SelfScores.
 */
export function fakeHost(initial: HostResult<CheckOutcome> = { ok: true, value: check(TAITUNG) }) {
  const calls: Call[] = [];
  const listeners = new Set<Listener>();
  const state = {
    checkResult: initial,
    insertResult: { ok: true, value: REPORT } as HostResult<InsertOutcome>,
    insertError: null as Error | null,
    trackResult: { ok: true, value: TRACK } as HostResult<TrackOutcome>,
    selectResult: { ok: true, value: undefined } as HostResult<void>,
    selectError: null as Error | null,
    capabilities: { dataValidation: true, print: true } as Capabilities | Error,
    /** watchScores rejects with this */
    watchError: null as Error | null,
    /** the next watch reads at once but emits (and resolves) only when this settles: a slow Excel */
    watchGate: null as Promise<void> | null,
    /** the pending insert resolves when this settles (to see busy states) */
    gate: null as Promise<void> | null,
    stopped: 0,
  };

  const answer = <T>(r: HostResult<T>, syncs: number): Counted<HostResult<T>> => ({ ...r, syncs });

  async function runOp(id: string): Promise<Counted<HostResult<unknown>>> {
    switch (id) {
      case 'insertTemplates':
        if (state.gate) await state.gate;
        if (state.insertError) throw state.insertError;
        return answer(state.insertResult, 3);
      case 'track':
        return answer(state.trackResult, 2);
      case 'check':
        return answer(state.checkResult, 2);
      default:
        throw new Error(`fake host: no operation ${id}`);
    }
  }

  const host: Host = {
    async run(op, input) {
      calls.push({ method: 'run', op: op.id, input });
      return (await runOp(op.id)) as never;
    },
    async select(sheet, address) {
      calls.push({ method: 'select', args: [sheet, address] });
      if (state.selectError) throw state.selectError;
      return answer(state.selectResult, 2);
    },
    async watchScores(onResult) {
      calls.push({ method: 'watchScores' });
      if (state.watchError) throw state.watchError;
      const first = state.checkResult;
      const gate = state.watchGate;
      state.watchGate = null;
      if (gate) await gate;
      onResult(first);
      if (first.ok) listeners.add(onResult);
      return async () => {
        state.stopped += 1;
        listeners.delete(onResult);
      };
    },
    capabilities() {
      if (state.capabilities instanceof Error) throw state.capabilities;
      return state.capabilities;
    },
  };

  /** the operations run, by id, with their inputs */
  const ran = (op: string) => calls.flatMap((c) => (c.method === 'run' && c.op === op ? [c.input] : []));
  const called = (method: Call['method']) => calls.filter((c) => c.method === method);
  /** a change in SelfScores, reported to every watch still running */
  const change = (r: HostResult<CheckOutcome>) => {
    state.checkResult = r;
    for (const l of [...listeners]) l(r);
  };
  return { host, calls, ran, called, state, change, listeners };
}
