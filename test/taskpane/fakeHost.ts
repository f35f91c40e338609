/**
 * Shared by the task pane tests: check results built with the real checker, operation outcomes, and a FAKE
 * Host (a plain object that records calls) whose run(op, input) answers by op.id.
 */
import type { Capabilities, Counted, Host, HostResult } from '../../src/adapters/office/api';
import { checkScores, type RawCell } from '../../src/domain/check';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { type Message, msg } from '../../src/domain/message';
import type { AdoptOutcome } from '../../src/operations/adopt';
import { type CheckOutcome, check as checkOp } from '../../src/operations/check';
import type { InsertOutcome } from '../../src/operations/insertTemplates';
import type { NextOutcome } from '../../src/operations/next';
import type { TrackOutcome } from '../../src/operations/track';
import type { NameRef, Operation, RangeSnap, Snapshot } from '../../src/operations/types';

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

export const ADOPT: AdoptOutcome = {
  already: false,
  found: [
    { what: msg('考核評分表（自評欄）', 'The scorecard (self-scores)'), where: '考核評分表!D5:D7,D10:D12' },
    { what: msg(`彙整表 ${XSS}`, `Summary ${XSS}`), where: `'${XSS}'!A1:F20` },
  ],
  added: [
    { what: msg('定義名稱 SelfScores', 'The defined name SelfScores'), where: '考核評分表!D5:D7,D10:D12' },
    { what: msg('改善追蹤表', 'The tracking sheet'), where: '改善追蹤' },
  ],
  notes: [msg('找不到 <b>優點</b> 欄。', 'No <b>strengths</b> column was found.')],
  summary: msg('已接手您的考核評分表：<b>12</b> 項。', 'Took over your scorecard: <b>12</b> criteria.'),
};

export const NEXT: NextOutcome = {
  from: { office: '台東區營業處', rocYear: 114, period: 'H1' },
  to: { office: '台東區營業處', rocYear: 114, period: 'H2' },
  sheets: { plan: '執行計畫 (2)', scorecard: '考核評分表 (2)', summary: '彙整表 (2)', tracking: '改善追蹤 (2)' },
  carried: 3,
  kept: ['SelfScores', 'TotalScore'],
  summary: msg('已新增 114 年 7 月至 12 月的工作表。', 'Added the sheets of July to December 114.'),
};

/**
 * Stand-ins for operations the pane loads as chunks (jest cannot import() them), injected through Loaders:
 * the fake host answers by id and never calls them.
 */
export const fakeOp = <I, R>(id: string): Operation<I, R> => ({
  id,
  needs: () => ({ ranges: [] }),
  decide: () => {
    throw new Error(`the fake host answers ${id} itself`);
  },
});

/** What the real check decides for a workbook read as `s`, when it fails: the host's error, word for word. */
export function checkError(s: Partial<Snapshot>): Message {
  const d = checkOp.decide({ sheets: [], names: [], ranges: {}, below: {}, ...s }, { rubric: RUBRIC_114 });
  if (d.ok) throw new Error('the check found nothing wrong');
  return d.error;
}

/** A workbook without any scorecard: no SelfScores name at all (a first run). */
export const NO_SCORECARD = checkError({});
/** SelfScores refers to a sheet that was deleted. */
export const DELETED_SHEET = checkError({
  names: [{ name: 'SelfScores', refersTo: '=#REF!$E$5:$E$16' } satisfies NameRef],
});
/** SelfScores holds 10 cells where the rubric has 12 criteria. */
export const WRONG_SIZE = checkError({
  sheets: [SHEET],
  names: [
    { name: 'SelfScores', sheet: SHEET, rect: { top: 5, left: 5, bottom: 14, right: 5 }, refersTo: `=${SHEET}!$E$5:$E$14` },
  ],
  ranges: {
    SelfScores: {
      sheet: SHEET,
      rect: { top: 5, left: 5, bottom: 14, right: 5 },
      cells: Array.from({ length: 10 }, () => [{ kind: 'empty', value: null }]),
    } satisfies RangeSnap,
  },
});

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
    adoptResult: { ok: true, value: ADOPT } as HostResult<AdoptOutcome>,
    nextResult: { ok: true, value: NEXT } as HostResult<NextOutcome>,
    /** what the workbook checks as once adopt or next has run (the live check is started again) */
    afterWrite: null as HostResult<CheckOutcome> | null,
    /** the pending adopt or next resolves when this settles */
    opGate: null as Promise<void> | null,
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
      case 'adopt':
      case 'nextPeriod': {
        if (state.opGate) await state.opGate;
        const r: HostResult<unknown> = id === 'adopt' ? state.adoptResult : state.nextResult;
        if (r.ok && state.afterWrite) state.checkResult = state.afterWrite;
        return answer(r, 3);
      }
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
