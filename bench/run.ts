/**
 * `npm run bench`: the performance figures, printed as one JSON object. Timings are medians of several
 * runs on this machine; sync counts and payload bytes are exact and do not depend on the machine.
 */
import { promises as fs, existsSync, readFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { gzipSync } from 'zlib';
import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { RUBRIC_114 } from '../src/domain/defaultRubric';
import { EXAMPLES } from '../src/examples';
import { loadBook, newBook, runOnBook, saveBook } from '../src/adapters/xlsx';
import { check, insertTemplates, track } from '../src/operations';
import { reviewBench } from './review';

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

const ROOT = path.resolve(__dirname, '..', '..');

async function xlsxBench(dir: string) {
  const file = path.join(dir, 'bench.xlsx');
  const opts = {
    rubric: RUBRIC_114,
    office: '台東區營業處',
    rocYear: 114,
    period: 'H1' as const,
    example: true,
    examples: EXAMPLES,
  };
  const template = await median(7, async () => {
    const book = newBook();
    runOnBook(book, insertTemplates, opts);
    await fs.writeFile(file, await saveBook(book));
  });
  // The baseline: ExcelJS alone reading the same file, with nothing decided or checked.
  const loadOnly = await median(7, async () =>
    new ExcelJS.Workbook().xlsx.load((await fs.readFile(file)) as unknown as ExcelJS.Buffer)
  );
  const checkOne = await median(7, async () =>
    runOnBook(await loadBook(await fs.readFile(file), file), check, { rubric: RUBRIC_114 })
  );
  const trackOne = await median(7, async () => {
    const book = await loadBook(await fs.readFile(file), file);
    runOnBook(book, track, { rubric: RUBRIC_114 });
    await fs.writeFile(path.join(dir, 'tracked.xlsx'), await saveBook(book));
  });
  return {
    'template (example, 4 sheets) ms': template,
    'exceljs load only (baseline) ms': loadOnly,
    'check one workbook ms': checkOne,
    'check / baseline': Math.round((checkOne / loadOnly) * 100) / 100,
    'track (read, rebuild, write) ms': trackOne,
    'track / baseline': Math.round((trackOne / loadOnly) * 100) / 100,
    'workbook bytes': (await fs.stat(file)).size,
  };
}

/** How soon the command answers: `--help` against starting node itself, in the same run. */
function startup() {
  const bin = path.join(ROOT, 'bin', 'scorecard.js');
  const time = (args: string[]) =>
    median(7, async () => {
      execFileSync(process.execPath, args, { stdio: 'ignore' });
    });
  return Promise.all([time(['-e', '0']), time([bin, '--help'])]).then(([node, help]) => ({
    'node -e 0 (baseline) ms': node,
    'scorecard --help ms': help,
    'help / baseline': Math.round((help / node) * 100) / 100,
  }));
}

/** The add-in's JavaScript as Excel downloads it, against the budgets test/bundle.test.ts enforces. */
function bundles() {
  const budget = 30 * 1024;
  const out: Record<string, unknown> = {};
  for (const name of ['taskpane', 'commands']) {
    const js = path.join(ROOT, 'dist', `${name}.js`);
    if (!existsSync(js)) {
      out[name] = 'not built: run npm run build first';
      continue;
    }
    const gzip = gzipSync(readFileSync(js), { level: 9 }).length;
    out[`${name}.js gzip bytes`] = gzip;
    out[`${name}.js / budget`] = Math.round((gzip / budget) * 100) / 100;
  }
  return { ...out, 'budget gzip bytes': budget };
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
      startup: await startup(),
      excel: await officeFigures(),
      bundles: bundles(),
    };
    // the review of many workbooks, last: it takes a minute or more (the openpyxl baseline most of it)
    const review = await reviewBench(dir, out.startup['scorecard --help ms']);
    process.stdout.write(JSON.stringify({ ...out, review }, null, 2) + '\n');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
