/**
 * The live check's order and lifecycle (src/taskpane/live.ts) against the fake Host: no DOM.
 */
import type { HostResult } from '../../src/adapters/office/api';
import { msg } from '../../src/domain/message';
import type { CheckOutcome } from '../../src/operations/check';
import { liveScores, newestOnly } from '../../src/taskpane/live';
import { thrownMessage } from '../../src/taskpane/ui';
import { check, fakeHost } from './fakeHost';

const flush = () => new Promise((r) => setTimeout(r, 0));

function watched(fake = fakeHost()) {
  const shown: HostResult<CheckOutcome>[] = [];
  const live = liveScores(fake.host, (r) => shown.push(r), thrownMessage);
  const totals = () => shown.map((r) => (r.ok ? r.value.total : 'error'));
  return { fake, live, shown, totals };
}

describe('newestOnly', () => {
  it('a ticket is current until a newer one is asked for', () => {
    const order = newestOnly();
    const a = order.ask();
    expect(order.current(a)).toBe(true);
    const b = order.ask();
    expect(order.current(a)).toBe(false);
    expect(order.current(b)).toBe(true);
  });
});

describe('liveScores', () => {
  it("shows the watch's first check, and every change after it, without a check of its own", async () => {
    const { fake, live, totals } = watched();
    await live.restart();
    expect(totals()).toEqual([939]);
    fake.change({ ok: true, value: check([100]) });
    expect(totals()).toEqual([939, 100]);
    expect(fake.ran('check')).toHaveLength(0);
    expect(fake.called('watchScores')).toHaveLength(1);
  });

  it('restart stops the watch before and shows only the new one', async () => {
    const { fake, live, totals } = watched();
    await live.restart();
    await live.restart();
    expect(fake.state.stopped).toBe(1);
    expect(fake.listeners.size).toBe(1);
    fake.change({ ok: true, value: check([50]) });
    expect(totals()).toEqual([939, 939, 50]);
  });

  it('a slow watch that was replaced is stopped when it answers, and what it read is never shown', async () => {
    const fake = fakeHost({ ok: false, error: msg('找不到 SelfScores。', 'No SelfScores.') });
    let release!: () => void;
    fake.state.watchGate = new Promise<void>((r) => (release = r));
    const { live, shown, totals } = watched(fake);
    const first = live.restart();
    await flush();
    fake.state.checkResult = { ok: true, value: check([]) };
    await live.restart();
    expect(totals()).toEqual([0]);
    release();
    await first;
    expect(shown).toHaveLength(1); // the stale "no SelfScores" never showed
    expect(fake.state.stopped).toBe(1); // and the stale watch was stopped
    fake.change({ ok: true, value: check([100]) });
    expect(totals()).toEqual([0, 100]);
  });

  it('a host that cannot start watching says why instead of leaving "checking…"', async () => {
    const fake = fakeHost();
    fake.state.watchError = new Error('boom');
    const { live, shown } = watched(fake);
    await live.restart();
    expect(shown).toEqual([{ ok: false, error: { zh: '發生未預期的錯誤：boom', en: 'Something went wrong: boom' } }]);
  });

  it('after stop nothing is shown, even from a watch still starting', async () => {
    const fake = fakeHost();
    let release!: () => void;
    fake.state.watchGate = new Promise<void>((r) => (release = r));
    const { live, shown } = watched(fake);
    const first = live.restart();
    await flush();
    await live.stop();
    release();
    await first;
    expect(shown).toEqual([]);
    expect(fake.state.stopped).toBe(1);
    expect(fake.listeners.size).toBe(0);
  });

  it('a stop that fails does not keep the next watch from starting', async () => {
    const fake = fakeHost();
    const { live, totals } = watched(fake);
    const watch = fake.host.watchScores.bind(fake.host);
    fake.host.watchScores = async (on) => {
      await watch(on);
      return async () => {
        throw new Error('workbook closed');
      };
    };
    await live.restart();
    await live.restart();
    expect(totals()).toEqual([939, 939]);
    await expect(live.stop()).resolves.toBeUndefined();
  });
});
