/**
 * Figures for the Office.js host, measured against the in-memory fake (test/support/fakeExcel.ts):
 * round trips (`syncs`) and payload bytes (JSON of every value written and read, as Excel on the web
 * would carry them; its limit is 5 MB per request) are exact and machine-independent; `ms` is the
 * median time of the host's own work plus the fake's, not Excel's (a real sync costs tens to hundreds
 * of ms on the web, so `syncs` is the figure that predicts the user's wait).
 */
import { RUBRIC_114 } from '../src/domain/defaultRubric';
import { TAIPEI_PLAN_114 } from '../src/examples/taipeiPlan';
import type { PlanExample } from '../src/examples/types';
import { adopt, check, insertTemplates, nextPeriod, track } from '../src/operations';
import { addr } from '../src/domain/a1';
import { SEED_FINDINGS_ROWS, SEED_SCORECARD_ROWS, SEED_SUMMARY_ROWS } from '../test/support/handmade';
import type { Counted, Host, HostResult } from '../src/adapters/office/api';
import { createOfficeHost } from '../src/adapters/office/host';
import { createFakeExcel } from '../test/support/fakeExcel';
import { BLANK_INPUT, EXAMPLE_INPUT } from '../test/support/books';

export interface OfficeFigure {
  syncs: number;
  payloadBytes: number;
  ms: number;
}

const TAITUNG = EXAMPLE_INPUT;
const BLANK = BLANK_INPUT;
const RUBRIC = { rubric: RUBRIC_114 };
const RUNS = 5;

/** A plan with `n` rows in its strategy table: the Taipei rows, repeated. */
export function syntheticPlan(n: number): PlanExample {
  const rows = Array.from({ length: n }, (_, i) => ({ ...TAIPEI_PLAN_114.rows[i % TAIPEI_PLAN_114.rows.length] }));
  return { ...TAIPEI_PLAN_114, rows };
}

type Fake = ReturnType<typeof createFakeExcel>;

function make(): { fake: Fake; host: Host } {
  const fake = createFakeExcel();
  return { fake, host: createOfficeHost({ rubric: RUBRIC_114, run: fake.run, isSetSupported: fake.isSetSupported }) };
}

/** Run `prepare` then the measured `step` RUNS times (after a warm-up), each on a fresh workbook; median ms, counts of the last run. */
async function measure(
  prepare: (fake: Fake, host: Host) => Promise<void>,
  step: (host: Host) => Promise<Counted<HostResult<unknown>>>
): Promise<OfficeFigure> {
  const times: number[] = [];
  let last = { syncs: 0, payloadBytes: 0 };
  // run -1 warms the code up and is not counted
  for (let i = -1; i < RUNS; i++) {
    const { fake, host } = make();
    await prepare(fake, host);
    fake.resetCounters();
    const t0 = performance.now();
    const result = await step(host);
    if (i >= 0) times.push(performance.now() - t0);
    // a figure of a failed run would be a figure of something else
    if (!result.ok) throw new Error(`office bench: ${result.error.en}`);
    if (result.syncs !== fake.syncs)
      throw new Error(`office bench: the host counted ${result.syncs} syncs, the fake ${fake.syncs}`);
    last = { syncs: fake.syncs, payloadBytes: fake.payloadBytes };
  }
  times.sort((a, b) => a - b);
  return { ...last, ms: Math.round(times[Math.floor(times.length / 2)] * 10) / 10 };
}

async function inserted(fake: Fake, host: Host) {
  const r = await host.run(insertTemplates, TAITUNG);
  if (!r.ok) throw new Error(`office bench: ${r.error.en}`);
}

/** The seed's scorecard, summary and findings pasted into Sheet1 by hand, one table under the other. */
async function pastedSeed(fake: Fake) {
  let r = 1;
  for (const rows of [SEED_SCORECARD_ROWS, [[]], SEED_SUMMARY_ROWS, [[]], SEED_FINDINGS_ROWS]) {
    for (const row of rows) {
      row.forEach((v, j) => {
        if (v === '') return;
        fake.setCell('Sheet1', addr(r, j + 1), { value: /^\d+$/.test(v) ? Number(v) : v });
      });
      r++;
    }
  }
}

export async function officeBench(): Promise<Record<string, OfficeFigure>> {
  const none = async () => undefined;
  return {
    'insertTemplates (blank)': await measure(none, (h) => h.run(insertTemplates, BLANK)),
    'insertTemplates (example)': await measure(none, (h) => h.run(insertTemplates, TAITUNG)),
    'insertTemplates (500 plan rows)': await measure(none, (h) =>
      h.run(insertTemplates, { ...TAITUNG, planExample: syntheticPlan(500) })
    ),
    check: await measure(inserted, (h) => h.run(check, RUBRIC)),
    'adopt (the seed pasted by hand)': await measure(pastedSeed, (h) => h.run(adopt, RUBRIC)),
    'nextPeriod (the example, H1 → H2)': await measure(inserted, (h) => h.run(nextPeriod, RUBRIC)),
    'buildTracking (first build: new sheet)': await measure(
      async (fake, host) => {
        await inserted(fake, host);
        fake.deleteSheet('改善追蹤');
        fake.deleteName('ImprovementTracking');
      },
      (h) => h.run(track, RUBRIC)
    ),
    'buildTracking (rebuild: one row added, typed text kept)': await measure(
      async (fake, host) => {
        await inserted(fake, host);
        await fake.edit('改善追蹤', 'C6', '已於 5 月完成訓練');
        const findings = fake.names().find((n) => n.name === 'Findings')!;
        const top = Number(/\d+/.exec(findings.range)![0]);
        fake.setCell(findings.sheet, `D${top + 2}`, { value: '簡化線上申辦流程' });
      },
      (h) => h.run(track, RUBRIC)
    ),
  };
}
