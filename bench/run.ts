/**
 * `npm run bench`: the performance figures, printed as one JSON object. Timings are medians of several
 * runs on this machine; sync counts and payload bytes are exact and do not depend on the machine.
 */
import { promises as fs, existsSync, readFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { gzipSync } from 'zlib';
import { RUBRIC_114 } from '../src/domain/defaultRubric';
import { checkWorkbook, readWorkbook, templateWorkbook, trackWorkbook, writeWorkbook } from '../src/hosts/xlsx/workbook';

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
}

async function xlsxBench(dir: string) {
  const file = path.join(dir, 'bench.xlsx');
  const opts = { rubric: RUBRIC_114, office: '台東區營業處', rocYear: 114, period: 'H1' as const, example: true };
  const template = await median(7, async () => writeWorkbook(templateWorkbook(opts), file));
  const check = await median(7, async () => checkWorkbook(await readWorkbook(file), RUBRIC_114, file));
  const track = await median(7, async () => {
    const wb = await readWorkbook(file);
    trackWorkbook(wb, RUBRIC_114, file);
    await writeWorkbook(wb, path.join(dir, 'tracked.xlsx'));
  });
  const files = await Promise.all(
    Array.from({ length: 100 }, async (_, i) => {
      const f = path.join(dir, `w${i}.xlsx`);
      await fs.copyFile(file, f);
      return f;
    }),
  );
  const check100 = await median(3, async () => {
    for (const f of files) checkWorkbook(await readWorkbook(f), RUBRIC_114, f);
  });
  return {
    'template (example, 4 sheets) ms': template,
    'check one workbook ms': check,
    'track (read, rebuild, write) ms': track,
    'check 100 workbooks ms': check100,
    'workbook bytes': (await fs.stat(file)).size,
  };
}

function paneSize() {
  const js = path.resolve(__dirname, '..', '..', 'dist', 'taskpane.js');
  if (!existsSync(js)) return { note: 'dist/taskpane.js not built: run npm run build first' };
  const raw = readFileSync(js);
  return { 'taskpane.js bytes': raw.length, 'taskpane.js gzip bytes': gzipSync(raw, { level: 9 }).length, 'budget gzip bytes': 60 * 1024 };
}

async function officeFigures() {
  const modPath = path.resolve(__dirname, 'office.js');
  if (!existsSync(modPath)) return { note: 'bench/office.ts not present' };
  const { officeBench } = (await import(modPath)) as { officeBench: () => Promise<unknown> };
  return officeBench();
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scorecard-bench-'));
  try {
    const out = {
      machine: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '' },
      xlsx: await xlsxBench(dir),
      excel: await officeFigures(),
      pane: paneSize(),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
