/**
 * `scorecard review` of many workbooks against the script a manager's IT colleague would write with
 * openpyxl (bench/openpyxl_review.py), both run as the user runs them, on the same generated files, in the
 * same run: wall time (median, runs interleaved so both see the same machine), peak memory (/usr/bin/time
 * %M, the largest resident set; worker threads share it), and `review --out review.xlsx`.
 *
 * BENCH_REVIEW_N sets the number of workbooks (default 1000), BENCH_REVIEW_RUNS the runs of each (default 3).
 * Every run's output is checked against what the generator wrote: a figure of a run that read the files
 * wrong would be a figure of something else.
 */
import { spawn } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import path from 'path';
import { GeneratedWorkbook, generateWorkbooks } from './generate';

const ROOT = path.resolve(__dirname, '..', '..');
/** The command measured; SCORECARD_BIN measures another build (as the CLI tests allow). */
const BIN = process.env.SCORECARD_BIN ?? path.join(ROOT, 'bin', 'scorecard.js');
const SCRIPT = path.join(ROOT, 'bench', 'openpyxl_review.py');
const PYTHON = process.env.OPENPYXL_PYTHON ?? '/usr/bin/python3';
const TIME = '/usr/bin/time';
const SEED = 114;

interface Ran {
  ms: number;
  /** peak resident set, KB; null without /usr/bin/time */
  kb: number | null;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a program with its stdout into a file (as `> file` would), timing it and taking its peak memory. */
async function timed(cmd: string, args: string[], work: string): Promise<Ran> {
  const out = path.join(work, 'stdout');
  const mem = path.join(work, 'maxrss');
  const handle = await fs.open(out, 'w');
  const withTime = existsSync(TIME);
  const [file, argv] = withTime ? [TIME, ['-f', '%M', '-o', mem, cmd, ...args]] : [cmd, args];
  let stderr = '';
  const t0 = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', handle.fd, 'pipe'] });
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await handle.close();
  // time(1) writes "Command exited with non-zero status 1" before the figure when the program fails
  const kb = withTime ? Number((await fs.readFile(mem, 'utf8')).trim().split('\n').pop()) : NaN;
  return { ms, kb: Number.isFinite(kb) ? kb : null, code, stdout: await fs.readFile(out, 'utf8'), stderr };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const ms = (xs: Ran[]) => Math.round(median(xs.map((r) => r.ms)));
const kb = (xs: Ran[]) => {
  const k = xs.map((r) => r.kb).filter((v): v is number => v !== null);
  return k.length ? median(k) : null;
};
const ratio = (a: number | null, b: number | null) =>
  a !== null && b !== null && b > 0 ? Math.round((a / b) * 100) / 100 : null;
const firstLines = (s: string) => s.trim().split('\n').slice(0, 3).join(' | ').slice(0, 400);

interface ReviewJson {
  workbooks: { file: string; office: string | null; year: number | null; period: string | null; total: number }[];
  unreadable: unknown[];
  criteria: unknown[];
  openImprovements: unknown[];
  flags: { kind: string; files: string[] }[];
}

/** A run's output as a review, or why it is none (the command failed, or printed something else). */
function parseReview(r: Ran): ReviewJson | string {
  if (r.code !== 0 && r.code !== 1) return `exit ${r.code}: ${firstLines(r.stderr)}`;
  try {
    const json = JSON.parse(r.stdout) as ReviewJson;
    return Array.isArray(json?.workbooks) ? json : 'no "workbooks" list in the output';
  } catch {
    return `stdout is not JSON: ${firstLines(r.stdout || r.stderr)}`;
  }
}

/** Why a run's output is not the review of these workbooks, or null when it is. */
function reviewMismatch(r: Ran, expected: GeneratedWorkbook[]): string | null {
  const json = parseReview(r);
  if (typeof json === 'string') return json;
  if (json.workbooks.length !== expected.length || (json.unreadable ?? []).length)
    return `${json.workbooks.length} workbooks and ${(json.unreadable ?? []).length} unreadable, for ${expected.length} files`;
  const byName = new Map(json.workbooks.map((w) => [path.basename(w.file), w]));
  const wrong = expected.filter((e) => {
    const w = byName.get(e.file);
    return !w || w.office !== e.office || w.year !== e.year || w.period !== e.period || Math.abs(w.total - e.total) > 1e-9;
  });
  return wrong.length ? `${wrong.length} workbooks read wrong, e.g. ${wrong[0].file}` : null;
}

/** The same for the openpyxl script, whose sum counts every number (above the cap too) and skips text. */
function baselineMismatch(r: Ran, expected: GeneratedWorkbook[]): string | null {
  if (r.code !== 0) return `exit ${r.code}: ${firstLines(r.stderr)}`;
  let list: { file: string; total?: number; office?: string; error?: string }[];
  try {
    list = JSON.parse(r.stdout) as typeof list;
  } catch {
    return `stdout is not JSON: ${firstLines(r.stdout || r.stderr)}`;
  }
  const byName = new Map(list.map((w) => [w.file, w]));
  const wrong = expected.filter((e) => {
    const w = byName.get(e.file);
    const sum = e.scores.reduce<number>((a, s) => a + (typeof s === 'number' ? s : 0), 0);
    return !w || w.error !== undefined || w.office !== e.office || Math.abs((w.total ?? NaN) - sum) > 1e-9;
  });
  return list.length !== expected.length
    ? `${list.length} results for ${expected.length} files`
    : wrong.length
      ? `${wrong.length} workbooks read wrong, e.g. ${wrong[0].file}`
      : null;
}

const log = (s: string) => process.stderr.write(`review bench: ${s}\n`);

/** The newest modification time under a folder (ms), 0 when there is none. */
async function newest(dir: string): Promise<number> {
  let t = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? await newest(p) : (await fs.stat(p)).mtimeMs);
  }
  return t;
}

/** The command runs lib/, which `npm run bench` does not build: say so when its sources are newer. */
async function staleLib(): Promise<string | null> {
  const lib = await newest(path.join(path.dirname(BIN), '..', 'lib'));
  // the folders tsconfig.build.json compiles into lib/
  const built = ['cli', 'operations', 'domain', 'layouts', 'examples', path.join('adapters', 'xlsx'), 'contract.ts'];
  let src = 0;
  for (const p of built) {
    const full = path.join(ROOT, 'src', p);
    src = Math.max(src, p.endsWith('.ts') ? (await fs.stat(full)).mtimeMs : await newest(full));
  }
  return src > lib ? 'src/ is newer than lib/: these figures are of the last build (npm run build:cli)' : null;
}

/** The review figures; `help` is the `scorecard --help` median the startup figures measured. */
export async function reviewBench(tmp: string, help?: number): Promise<Record<string, unknown>> {
  const n = Number(process.env.BENCH_REVIEW_N ?? 1000);
  const runs = Number(process.env.BENCH_REVIEW_RUNS ?? 3);
  if (!Number.isInteger(n) || n < 4) throw new Error(`BENCH_REVIEW_N must be a whole number of at least 4, not ${n}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`BENCH_REVIEW_RUNS must be a whole number of at least 1, not ${runs}`);
  const quarter = Math.round(n / 4);
  const all = path.join(tmp, 'review', 'all');
  const part = path.join(tmp, 'review', 'quarter');
  const work = path.join(tmp, 'review', 'work');
  for (const d of [all, part, work]) await fs.mkdir(d, { recursive: true });

  log(`generating ${n} workbooks`);
  const g0 = process.hrtime.bigint();
  const books = await generateWorkbooks(all, n, SEED);
  const generateMs = Math.round(Number(process.hrtime.bigint() - g0) / 1e6);
  // workbook i does not depend on n: the first quarter is the same files, linked rather than written again
  for (const b of books.slice(0, quarter)) await fs.link(path.join(all, b.file), path.join(part, b.file));
  let bytes = 0;
  for (const b of books) bytes += (await fs.stat(path.join(all, b.file))).size;

  const out: Record<string, unknown> = {
    workbooks: n,
    'workbooks (N/4)': quarter,
    runs,
    'generate N workbooks ms': generateMs,
    'workbook bytes (mean)': Math.round(bytes / n),
    'with a problem': books.filter((b) => b.problems.length).length,
    'with suggestions': books.filter((b) => b.suggestions.some((s) => s !== null && s !== '無')).length,
    'same scores as another': books.filter((b) => b.sameScoresAs).length,
    'scorecard --help ms': help ?? null,
  };
  const stale = await staleLib();
  if (stale) {
    out.note = stale;
    log(`WARNING ${stale}`);
  }

  const review = (dir: string, extra: string[]) => timed(process.execPath, [BIN, 'review', dir, ...extra], work);
  const reviewXlsx = path.join(work, 'review.xlsx');
  const baseline = () => timed(PYTHON, [SCRIPT, all], work);

  // A first run on the quarter warms the caches and says whether the command is there yet.
  log(`probing scorecard review on ${quarter} workbooks`);
  const probe = await review(part, ['--json']);
  const parsed = parseReview(probe);
  const available = typeof parsed !== 'string';
  const problems = new Set<string>();
  const probeBad = available && reviewMismatch(probe, books.slice(0, quarter));
  if (probeBad) problems.add(`review --json (N/4, first run): ${probeBad}`);

  const rAll: Ran[] = [];
  const rPart: Ran[] = [];
  const rOut: Ran[] = [];
  const py: Ran[] = [];
  for (let i = 0; i < runs; i++) {
    log(`run ${i + 1} of ${runs}`);
    if (available) {
      const r = await review(all, ['--json']);
      const bad = reviewMismatch(r, books);
      if (bad) problems.add(`review --json (N): ${bad}`);
      rAll.push(r);
    }
    const p = await baseline();
    const bad = baselineMismatch(p, books);
    if (bad) problems.add(`openpyxl script: ${bad}`);
    py.push(p);
    if (available) {
      const q = await review(part, ['--json']);
      const badQ = reviewMismatch(q, books.slice(0, quarter));
      if (badQ) problems.add(`review --json (N/4): ${badQ}`);
      rPart.push(q);
      await fs.rm(reviewXlsx, { force: true });
      const o = await review(all, ['--out', reviewXlsx]);
      if ((o.code !== 0 && o.code !== 1) || !existsSync(reviewXlsx))
        problems.add(`review --out: exit ${o.code}, ${existsSync(reviewXlsx) ? '' : 'no review.xlsx; '}${firstLines(o.stderr)}`);
      rOut.push(o);
    }
  }

  const baseMs = ms(py);
  out['openpyxl script (baseline) ms'] = baseMs;
  out['openpyxl peak KB'] = kb(py);
  if (!available) {
    out['scorecard review'] = `not available: ${parsed as string}`;
  } else {
    const reviewMs = ms(rAll);
    const last = parseReview(rAll[rAll.length - 1]);
    const json: Partial<ReviewJson> = typeof last === 'string' ? {} : last;
    const flags: Record<string, number> = {};
    for (const f of json.flags ?? []) flags[f.kind] = (flags[f.kind] ?? 0) + 1;
    Object.assign(out, {
      'review --json ms': reviewMs,
      'review / baseline (aim ≤ 0.5)': ratio(reviewMs, baseMs),
      'review ms per workbook': Math.round((reviewMs / n) * 100) / 100,
      'review --json ms (N/4)': ms(rPart),
      'review peak KB (N/4)': kb(rPart),
      'review peak KB (N)': kb(rAll),
      'peak KB N / (N/4) (flat ≈ 1)': ratio(kb(rAll), kb(rPart)),
      'review --out review.xlsx ms': ms(rOut),
      'review.xlsx bytes': existsSync(reviewXlsx) ? (await fs.stat(reviewXlsx)).size : null,
      'review exit code': rAll[rAll.length - 1].code,
      'review output': {
        'open improvements': Array.isArray(json.openImprovements) ? json.openImprovements.length : null,
        flags,
      },
    });
  }
  out['outputs checked against the generator'] = problems.size ? [...problems] : 'ok';
  for (const p of problems) log(`WARNING ${p}`);
  return out;
}
