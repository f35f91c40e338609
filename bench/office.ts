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
import { createExcelHost } from '../src/hosts/office/excelHost';
import { TemplateOptions } from '../src/layouts/common';
import { createFakeExcel } from '../test/support/fakeExcel';

export interface OfficeFigure {
  syncs: number;
  payloadBytes: number;
  ms: number;
}

const TAITUNG: TemplateOptions = { office: '台東區營業處', rocYear: 114, period: 'H1', example: true };
const RUNS = 5;

/** A plan with `n` rows in its strategy table: the Taipei rows, repeated. */
export function syntheticPlan(n: number): PlanExample {
  const rows = Array.from({ length: n }, (_, i) => ({ ...TAIPEI_PLAN_114.rows[i % TAIPEI_PLAN_114.rows.length] }));
  return { ...TAIPEI_PLAN_114, rows };
}

type Fake = ReturnType<typeof createFakeExcel>;
type Host = ReturnType<typeof createExcelHost>;

/** Run `prepare` then the measured `step` RUNS times, each on a fresh workbook; median ms, counts of the last run. */
async function measure(
  make: () => { fake: Fake; host: Host },
  prepare: (fake: Fake, host: Host) => Promise<void>,
  step: (host: Host) => Promise<{ ok?: boolean; error?: { en: string } } | unknown>,
): Promise<OfficeFigure> {
  const times: number[] = [];
  let last = { syncs: 0, payloadBytes: 0 };
  for (let i = 0; i < RUNS; i++) {
    const { fake, host } = make();
    await prepare(fake, host);
    fake.resetCounters();
    const t0 = performance.now();
    const result = await step(host);
    times.push(performance.now() - t0);
    if (result && typeof result === 'object' && (result as { ok?: boolean }).ok === false) {
      throw new Error(`office bench: ${(result as { error: { en: string } }).error.en}`);
    }
    last = { syncs: fake.syncs, payloadBytes: fake.payloadBytes };
  }
  times.sort((a, b) => a - b);
  return { ...last, ms: Math.round(times[Math.floor(times.length / 2)] * 10) / 10 };
}

export async function officeBench(): Promise<Record<string, OfficeFigure>> {
  const plain = () => {
    const fake = createFakeExcel();
    const host = createExcelHost({ rubric: RUBRIC_114, run: fake.run, isSetSupported: fake.isSetSupported });
    return { fake, host };
  };
  const withPlan = (rows: number) => () => {
    const fake = createFakeExcel();
    const host = createExcelHost({ rubric: RUBRIC_114, run: fake.run, isSetSupported: fake.isSetSupported, planExample: syntheticPlan(rows) });
    return { fake, host };
  };
  const inserted = async (_fake: Fake, host: Host) => {
    await host.insertTemplates(TAITUNG);
  };
  const none = async () => undefined;

  return {
    'insertTemplates (blank)': await measure(plain, none, (h) => h.insertTemplates({ ...TAITUNG, example: false })),
    'insertTemplates (example)': await measure(plain, none, (h) => h.insertTemplates(TAITUNG)),
    'insertTemplates (500 plan rows)': await measure(withPlan(500), none, (h) => h.insertTemplates(TAITUNG)),
    check: await measure(plain, inserted, (h) => h.check()),
    'buildTracking (first build: new sheet)': await measure(
      plain,
      async (fake, host) => {
        await host.insertTemplates(TAITUNG);
        fake.deleteSheet('改善追蹤');
        fake.deleteName('ImprovementTracking');
      },
      (h) => h.buildTracking(),
    ),
    'buildTracking (rebuild: one row added, typed text kept)': await measure(
      plain,
      async (fake, host) => {
        await host.insertTemplates(TAITUNG);
        await fake.edit('改善追蹤', 'C6', '已於 5 月完成訓練');
        const findings = fake.names().find((n) => n.name === 'Findings')!;
        const top = Number(/\d+/.exec(findings.range)![0]);
        fake.setCell(findings.sheet, `D${top + 2}`, { value: '簡化線上申辦流程' });
      },
      (h) => h.buildTracking(),
    ),
  };
}
