import { RUBRIC_114 } from '../../../src/domain/defaultRubric';
import { NAMES, SHEET_NAMES } from '../../../src/contract';
import { insertTemplates } from '../../../src/operations';
import type { CheckOutcome } from '../../../src/operations';
import { missingName } from '../../../src/operations/messages';
import type { HostResult } from '../../../src/adapters/office/api';
import { createOfficeHost } from '../../../src/adapters/office/host';
import { type FakeExcel, createFakeExcel } from '../../support/fakeExcel';
import { EXAMPLE_INPUT } from '../../support/books';

/**
 * The live check (host.watchScores): a change that touches SelfScores re-runs the check operation
 * (debounced), one elsewhere costs no round trip at all. A check is two trips (names and sheets; the
 * ranges); the first one also registers the change handler on the scores' sheet (two more).
 */

const S = SHEET_NAMES;
const DEBOUNCE = 5;
const RETRY = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(opts: { templates?: boolean } = {}) {
  const fake = createFakeExcel();
  const host = createOfficeHost({
    rubric: RUBRIC_114,
    run: fake.run,
    isSetSupported: fake.isSetSupported,
    debounceMs: DEBOUNCE,
    retryMs: RETRY,
  });
  if (opts.templates !== false) {
    const r = await host.run(insertTemplates, EXAMPLE_INPUT);
    if (!r.ok) throw new Error(r.error.en);
  }
  fake.resetCounters();
  return { fake, host };
}

/** Start watching; collect every result, and let a test wait for the next one. */
async function watching(fake: FakeExcel, host: Awaited<ReturnType<typeof setup>>['host']) {
  const results: HostResult<CheckOutcome>[] = [];
  let wake: (() => void) | undefined;
  const next = () => new Promise<void>((r) => (wake = r));
  const stop = await host.watchScores((r) => {
    results.push(r);
    wake?.();
  });
  return { results, next, stop };
}

const problems = (r: HostResult<CheckOutcome> | undefined) => (r?.ok ? r.value.problems.map((p) => [p.address, p.kind]) : r);

describe('watchScores', () => {
  it('reports at once, after a check and the handler registration: four trips', async () => {
    const { fake, host } = await setup();
    const w = await watching(fake, host);
    expect(fake.syncs).toBe(4);
    expect(fake.handlerCount(S.scorecard)).toBe(1);
    expect(w.results).toEqual([
      expect.objectContaining({ ok: true, value: expect.objectContaining({ valid: true, total: 939 }) }),
    ]);
    await w.stop();
  });

  it('a change outside SelfScores costs no round trip at all', async () => {
    const { fake, host } = await setup();
    const w = await watching(fake, host);
    fake.resetCounters();
    await fake.edit(S.scorecard, 'D5', '新的評分重點');
    await fake.edit(
      S.scorecard,
      'F5:G16',
      Array.from({ length: 12 }, () => ['', ''])
    );
    await fake.edit(S.scorecard, 'E17', '999');
    await fake.fireChange(S.scorecard, 'A1:D4');
    await fake.insertRows(S.scorecard, 20, 2);
    await sleep(DEBOUNCE * 6);
    expect(fake.syncs).toBe(0);
    expect(w.results).toHaveLength(1);
    await w.stop();
  });

  it('a multi-cell paste that overlaps SelfScores is one check (two trips) and one result', async () => {
    const { fake, host } = await setup();
    const w = await watching(fake, host);
    fake.resetCounters();
    const got = w.next();
    await fake.edit(S.scorecard, 'D4:E6', [
      ['評分重點', '自評'],
      ['x', '150'],
      ['y', '90'],
    ]);
    await got;
    expect(fake.syncs).toBe(2);
    expect(w.results).toHaveLength(2);
    expect(problems(w.results[1])).toEqual([['E5', 'aboveCap']]);
    await w.stop();
  });

  it('debounces a burst of edits into one check', async () => {
    const { fake, host } = await setup();
    const w = await watching(fake, host);
    fake.resetCounters();
    const got = w.next();
    await fake.edit(S.scorecard, 'E5', '1');
    await fake.edit(S.scorecard, 'E6', '2');
    await fake.edit(S.scorecard, 'E7', '300');
    await got;
    await sleep(DEBOUNCE * 6);
    expect(fake.syncs).toBe(2);
    expect(w.results).toHaveLength(2);
    expect(problems(w.results[1])).toEqual([['E7', 'aboveCap']]);
    await w.stop();
  });

  it('re-checks when rows are inserted above SelfScores, and follows it to its new place', async () => {
    const { fake, host } = await setup();
    const w = await watching(fake, host);
    let got = w.next();
    await fake.insertRows(S.scorecard, 2, 1);
    await got;
    const moved = w.results[1];
    expect(moved.ok && moved.value.scores).toEqual({ sheet: S.scorecard, range: 'E6:E17' });
    expect(moved.ok && moved.value.criteria[0].address).toBe('E6');
    // the old first row is outside now; the new last row is inside
    fake.resetCounters();
    await fake.edit(S.scorecard, 'E5', '999');
    await sleep(DEBOUNCE * 6);
    expect(fake.syncs).toBe(0);
    got = w.next();
    await fake.edit(S.scorecard, 'E17', '999');
    await got;
    expect(fake.syncs).toBe(2);
    expect(problems(w.results[2])).toEqual([['E17', 'aboveCap']]);
    await w.stop();
  });

  it('stops: the handler is removed and later changes cost nothing', async () => {
    const { fake, host } = await setup();
    const w = await watching(fake, host);
    await w.stop();
    expect(fake.handlerCount()).toBe(0);
    fake.resetCounters();
    await fake.edit(S.scorecard, 'E5', '1');
    await sleep(DEBOUNCE * 6);
    expect(fake.syncs).toBe(0);
    expect(w.results).toHaveLength(1);
  });

  it('stopping while a check is pending drops it', async () => {
    const { fake, host } = await setup();
    const w = await watching(fake, host);
    await fake.edit(S.scorecard, 'E5', '1');
    await w.stop();
    fake.resetCounters();
    await sleep(DEBOUNCE * 6);
    expect(fake.syncs).toBe(0);
    expect(w.results).toHaveLength(1);
  });

  it('without SelfScores it reports the missing name once, never throws, and watches nothing', async () => {
    const { fake, host } = await setup({ templates: false });
    const w = await watching(fake, host);
    expect(w.results).toEqual([{ ok: false, error: missingName(NAMES.selfScores) }]);
    expect(fake.handlerCount()).toBe(0);
    await expect(w.stop()).resolves.toBeUndefined();
  });

  it('SelfScores deleted while watching: the next change to the scores reports it missing', async () => {
    const { fake, host } = await setup();
    const w = await watching(fake, host);
    fake.deleteName(NAMES.selfScores);
    const got = w.next();
    await fake.edit(S.scorecard, 'E5', '1');
    await got;
    expect(w.results[1]).toEqual({ ok: false, error: missingName(NAMES.selfScores) });
    await w.stop();
  });

  it('a listener that throws does not stop the watch', async () => {
    const { fake, host } = await setup();
    let calls = 0;
    const stop = await host.watchScores(() => {
      calls++;
      throw new Error('the pane failed');
    });
    await fake.edit(S.scorecard, 'E5', '1');
    await sleep(DEBOUNCE * 6);
    expect(calls).toBe(2);
    await stop();
  });

  describe('while Excel is in cell-edit mode', () => {
    it('the first check waits and retries, and reports once editing ends; no error meanwhile', async () => {
      const { fake, host } = await setup();
      fake.setCellEditMode(true);
      const w = await watching(fake, host);
      await sleep(RETRY * 4);
      // it kept trying: one refused trip per attempt, nothing reported
      expect(fake.syncLog.length).toBeGreaterThanOrEqual(2);
      expect(fake.syncLog.every((s) => s.error === 'InvalidOperationInCellEditMode')).toBe(true);
      expect(w.results).toEqual([]);
      expect(fake.handlerCount()).toBe(0);

      fake.resetCounters();
      const got = w.next();
      fake.setCellEditMode(false);
      await got;
      expect(w.results).toEqual([expect.objectContaining({ ok: true })]);
      // the handler is registered once the check gets through, so changes are watched from then on
      await sleep(RETRY);
      expect(fake.handlerCount(S.scorecard)).toBe(1);
      expect(fake.syncs).toBe(4);
      await sleep(RETRY * 3);
      expect(w.results).toHaveLength(1);
      await w.stop();
    });

    it('a change made while a cell is being edited is checked once editing ends', async () => {
      const { fake, host } = await setup();
      const w = await watching(fake, host);
      await fake.edit(S.scorecard, 'E5', '150');
      fake.setCellEditMode(true);
      await sleep(RETRY * 4);
      expect(w.results).toHaveLength(1);
      const got = w.next();
      fake.setCellEditMode(false);
      await got;
      expect(problems(w.results[1])).toEqual([['E5', 'aboveCap']]);
      await sleep(RETRY * 3);
      expect(w.results).toHaveLength(2);
      await w.stop();
    });

    it('editing starts between the first check and the handler registration: it registers once editing ends', async () => {
      const fake = createFakeExcel();
      const make = (run: typeof Excel.run) =>
        createOfficeHost({ rubric: RUBRIC_114, run, isSetSupported: fake.isSetSupported, debounceMs: DEBOUNCE, retryMs: RETRY });
      await make(fake.run).run(insertTemplates, {
        office: '台東區營業處',
        rocYear: 114,
        period: 'H1',
        example: false,
        rubric: RUBRIC_114,
      });
      let runs = 0;
      // the user starts editing a cell right after the first check's Excel.run
      const run = ((...args: unknown[]) => {
        if (++runs === 2) fake.setCellEditMode(true);
        return (fake.run as (...a: unknown[]) => unknown)(...args);
      }) as typeof Excel.run;
      const w = await watching(fake, make(run));
      expect(w.results).toEqual([expect.objectContaining({ ok: true })]);
      expect(fake.handlerCount()).toBe(0);
      await sleep(RETRY * 2);
      fake.setCellEditMode(false);
      await sleep(RETRY * 6);
      expect(fake.handlerCount(S.scorecard)).toBe(1);
      const got = w.next();
      await fake.edit(S.scorecard, 'E5', '150');
      await got;
      expect(problems(w.results[1])).toEqual([['E5', 'aboveCap']]);
      await w.stop();
      expect(fake.handlerCount()).toBe(0);
    });

    it('stop ends the retries', async () => {
      const { fake, host } = await setup();
      fake.setCellEditMode(true);
      const w = await watching(fake, host);
      await w.stop();
      fake.resetCounters();
      fake.setCellEditMode(false);
      await sleep(RETRY * 3);
      expect(fake.syncs).toBe(0);
      expect(w.results).toEqual([]);
      expect(fake.handlerCount()).toBe(0);
    });
  });
});
