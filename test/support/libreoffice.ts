/**
 * Test helper: recalculate an .xlsx with headless LibreOffice Calc and read
 * back what the formulas evaluate to.
 *
 * Why: ExcelJS writes formulas without (or with stale) cached results, and
 * ExcelJS itself never evaluates anything. Round-tripping the workbook through
 * LibreOffice with "recalculate on load = always" gives the values a user
 * would see when opening the file.
 *
 * Reliability measures:
 *  - every soffice run gets its own throwaway user profile
 *    (-env:UserInstallation=file:///tmp/...), so concurrent runs - in this
 *    process or in other jest workers - never share a profile or the
 *    single-instance pipe LibreOffice derives from it;
 *  - the profile's registrymodifications.xcu forces OOXMLRecalcMode = 0 and
 *    ODFRecalcMode = 0 ("always recalculate"). Without it LibreOffice keeps
 *    cached <v> values it finds in the file (it only computes formulas that
 *    have no cached value at all);
 *  - the profile of the first successful run of a process is kept as a
 *    template and copied for later runs (saves LibreOffice's first-start work,
 *    ~0.25 s of ~1.7 s per run here);
 *  - within a process runs are limited to MAX_PARALLEL at a time;
 *  - execFile with a timeout, no shell; after a timeout or failure, leftover
 *    processes of the run (soffice.bin outlives the oosplash wrapper that
 *    execFile kills) are found by their unique profile argument and killed;
 *  - soffice may exit 0 without producing output: the output file is checked,
 *    and a failed run is retried once with a fresh profile copy.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import ExcelJS from 'exceljs';

/** Timeout of one soffice run. */
export const SOFFICE_TIMEOUT_MS = 120_000;
/** Suggested jest timeout for a test (or beforeAll) that calls recalc. */
export const LIBREOFFICE_TEST_TIMEOUT_MS = 180_000;
/** Simultaneous soffice runs per test process (jest workers are separate processes). */
const MAX_PARALLEL = 2;

const RECALC_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

// ---------------------------------------------------------------------------
// Locating LibreOffice
// ---------------------------------------------------------------------------

let sofficeCache: string | null | undefined;

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Path of soffice/libreoffice, or null. If the environment variable SOFFICE is
 * set, only that path is considered (SOFFICE=/nonexistent simulates absence).
 */
export function findSoffice(): string | null {
  if (sofficeCache !== undefined) return sofficeCache;
  if (process.env.SOFFICE) {
    sofficeCache = isExecutableFile(process.env.SOFFICE) ? process.env.SOFFICE : null;
    return sofficeCache;
  }
  const candidates: string[] = [];
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir) for (const n of names) candidates.push(path.join(dir, n));
  }
  candidates.push(
    '/usr/bin/soffice',
    '/usr/bin/libreoffice',
    '/usr/lib/libreoffice/program/soffice',
    '/opt/libreoffice/program/soffice',
    '/snap/bin/libreoffice',
    '/Applications/LibreOffice.app/Contents/MacOS/soffice',
    'C:\\Program Files\\LibreOffice\\program\\soffice.exe'
  );
  sofficeCache = candidates.find(isExecutableFile) ?? null;
  return sofficeCache;
}

const warnedSuites = new Set<string>();

/**
 * Gate a suite on LibreOffice being installed:
 *   const d = requireLibreOffice('my suite') ? describe : describe.skip;
 * Absent LibreOffice fails under CI=true (throws) and is a loud skip elsewhere.
 */
export function requireLibreOffice(suiteName: string): boolean {
  if (findSoffice()) return true;
  const hint = 'apt-get install libreoffice-calc-nogui';
  if (process.env.CI === 'true') {
    throw new Error(`${suiteName} needs LibreOffice, which was not found (CI=true, so this is a failure; ${hint})`);
  }
  if (!warnedSuites.has(suiteName)) {
    warnedSuites.add(suiteName);
    console.warn(`SKIPPED: ${suiteName} needs LibreOffice (${hint})`);
  }
  return false;
}

// ---------------------------------------------------------------------------
// Temp dirs
//
// Everything lives under one root per process, os.tmpdir()/lo-recalc-<pid>-*.
// It is removed on 'exit' - but inside jest `process` is a sandboxed object
// whose 'exit' never fires - so each process also sweeps the roots of
// processes that are gone.
// ---------------------------------------------------------------------------

const ROOT_PREFIX = 'lo-recalc-';
let processRoot: string | undefined;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sweepStaleRoots(): void {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const e of entries) {
    const m = new RegExp(`^${ROOT_PREFIX}(\\d+)-`).exec(e);
    if (m && Number(m[1]) !== process.pid && !isAlive(Number(m[1]))) {
      rmQuiet(path.join(os.tmpdir(), e));
    }
  }
}

function getProcessRoot(): string {
  if (!processRoot) {
    sweepStaleRoots();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `${ROOT_PREFIX}${process.pid}-`));
    processRoot = root;
    process.once('exit', () => rmQuiet(root));
  }
  return processRoot;
}

function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(getProcessRoot(), `${prefix}-`));
}

function rmQuiet(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    /* best effort */
  }
}

function fileUrl(p: string): string {
  // -env:UserInstallation wants a file URL; pathToFileURL percent-encodes.
  return pathToFileURL(p).href;
}

// ---------------------------------------------------------------------------
// Running soffice
// ---------------------------------------------------------------------------

interface RunResult {
  stdout: string;
  stderr: string;
}

/**
 * Kill leftover LibreOffice processes of one run, identified by the run's
 * unique -env:UserInstallation argument. Needed after a timeout: execFile
 * kills only its child (the oosplash wrapper), and soffice.bin, re-parented,
 * would keep running. (execFile does not pass `detached` on to spawn, so a
 * process-group kill is not available.) Linux /proc only; a no-op elsewhere.
 */
function killStragglers(marker: string): void {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return;
  }
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.includes(marker)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone, or not ours to read */
    }
  }
}

function timeoutMs(): number {
  const env = Number(process.env.LO_RECALC_TIMEOUT_MS);
  return Number.isFinite(env) && env > 0 ? env : SOFFICE_TIMEOUT_MS;
}

/** Run soffice with a given profile; `args` must not contain the profile argument. */
function runSoffice(profileDir: string, args: string[], cwd: string): Promise<RunResult> {
  const bin = findSoffice();
  if (!bin) return Promise.reject(new Error('LibreOffice (soffice) not found'));
  const marker = profileArg(profileDir);
  const allArgs = [marker, ...SOFFICE_FLAGS, ...args];
  const limit = timeoutMs();
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      allArgs,
      {
        cwd,
        encoding: 'utf8',
        timeout: limit,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error) {
          killStragglers(marker);
          const why = error.killed ? `timed out after ${limit} ms` : error.message;
          reject(new Error(`soffice ${allArgs.join(' ')} failed: ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
          return;
        }
        resolve({ stdout, stderr });
      }
    );
  });
}

function profileArg(profileDir: string): string {
  return `-env:UserInstallation=${fileUrl(profileDir)}`;
}

/** The flags every soffice run of the tests takes: no window, no recovery, no lock checks, no start centre. */
export const SOFFICE_FLAGS = ['--headless', '--invisible', '--norestore', '--nolockcheck', '--nologo', '--nodefault'];

/** Write the recalc-forcing registrymodifications.xcu into a bare profile dir. */
function writeBareProfile(profileDir: string): void {
  fs.mkdirSync(path.join(profileDir, 'user'), { recursive: true });
  fs.writeFileSync(path.join(profileDir, 'user', 'registrymodifications.xcu'), RECALC_XCU);
}

function profileHasRecalcSetting(profileDir: string): boolean {
  try {
    const xcu = fs.readFileSync(path.join(profileDir, 'user', 'registrymodifications.xcu'), 'utf8');
    return /OOXMLRecalcMode[^]*?<value>0<\/value>/.test(xcu) && /ODFRecalcMode[^]*?<value>0<\/value>/.test(xcu);
  } catch {
    return false;
  }
}

// Profile reuse. LibreOffice's first start with a new profile does one-off work
// (extension registry sync, graphics render tests); a copy of a profile that
// has been through one conversion saves that on every later run. The first
// run of the process uses a bare profile that, on success, is kept as the
// template - no extra warm-up run. Runs that start while there is no template
// yet use bare profiles. LO_RECALC_NO_TEMPLATE=1 disables reuse.
let template: string | null = null;
let templateClaimed = false;

interface Profile {
  dir: string;
  /** Call after the run: keeps the profile as template or deletes it. */
  release(runSucceeded: boolean): void;
}

function newProfile(workDir: string, n: number): Profile {
  const dir = path.join(workDir, `profile-${n}`);
  if (template) {
    fs.cpSync(template, dir, { recursive: true });
    return { dir, release: () => rmQuiet(dir) };
  }
  writeBareProfile(dir);
  if (templateClaimed || process.env.LO_RECALC_NO_TEMPLATE === '1') {
    return { dir, release: () => rmQuiet(dir) };
  }
  templateClaimed = true;
  return {
    dir,
    release(ok) {
      // LibreOffice rewrites registrymodifications.xcu on exit: keep the
      // profile only if our settings survived.
      if (ok && profileHasRecalcSetting(dir)) {
        const kept = path.join(makeTempDir('template'), 'profile');
        fs.cpSync(dir, kept, { recursive: true });
        fs.rmSync(path.join(kept, 'user', '.lock'), { force: true });
        template = kept;
      } else {
        templateClaimed = false;
      }
      rmQuiet(dir);
    },
  };
}

// Tiny semaphore limiting parallel soffice runs inside one process.
let running = 0;
const waiting: Array<() => void> = [];
async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * Recalculate `xlsxPath` with LibreOffice (all formulas, on load) and write it
 * back out as xlsx. Returns the path of the recalculated copy, which lives in a
 * temp dir of this process (see uniqueTempPath). The input is not modified.
 */
export async function recalc(xlsxPath: string): Promise<string> {
  const input = path.resolve(xlsxPath);
  if (!fs.existsSync(input)) throw new Error(`recalc: no such file ${input}`);
  // Convert a copy with a plain ASCII name (the output takes the input's base
  // name), which keeps odd characters in the caller's path away from soffice.
  const work = makeTempDir('run');
  const inDir = path.join(work, 'in');
  const outDir = path.join(work, 'out');
  fs.mkdirSync(inDir);
  fs.mkdirSync(outDir);
  const src = path.join(inDir, 'book.xlsx');
  fs.copyFileSync(input, src);
  const out = path.join(outDir, 'book.xlsx');
  const args = ['--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, src];

  return withSlot(async () => {
    const errors: string[] = [];
    for (let n = 1; n <= 2; n++) {
      fs.rmSync(out, { force: true });
      const profile = newProfile(work, n);
      let ok = false;
      try {
        const r = await runSoffice(profile.dir, args, work);
        ok = fs.existsSync(out) && fs.statSync(out).size > 0;
        if (ok) return out;
        errors.push(`attempt ${n}: soffice exited 0 but wrote no ${out}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      } catch (e) {
        errors.push(`attempt ${n}: ${(e as Error).message}`);
        if (/timed out/.test((e as Error).message)) break; // do not wait twice
      } finally {
        profile.release(ok);
      }
    }
    throw new Error(`LibreOffice recalculation of ${input} failed:\n${errors.join('\n')}`);
  });
}

// ---------------------------------------------------------------------------
// Reading evaluated values
// ---------------------------------------------------------------------------

export interface RecalculatedWorkbook {
  /** Evaluated value of one cell: the formula result for formula cells, the value otherwise. */
  value(sheet: string, address: string): unknown;
  /** Evaluated values of the range a workbook-level defined name refers to (rows of cells). */
  named(name: string): unknown[][];
  workbook: ExcelJS.Workbook;
}

function isFormulaValue(v: unknown): v is { formula?: string; sharedFormula?: string; result?: unknown } {
  return typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v);
}

/** The evaluated value of an ExcelJS cell (formula result, or plain value). */
export function evaluated(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  // Read the result from the cell: ExcelJS's cell.value drops a falsy result such as 0.
  return isFormulaValue(v) ? (cell as unknown as { result: unknown }).result : v;
}

function sheetOrThrow(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) {
    const names = wb.worksheets.map((w) => w.name).join(', ');
    throw new Error(`no worksheet "${name}" (sheets: ${names})`);
  }
  return ws;
}

/** Split "'It''s'!$A$1:$B$3" / "Sheet!A1" into sheet name and range. */
function parseRangeRef(ref: string): { sheet: string; range: string } {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!(.+)$/.exec(ref.trim());
  if (!m) throw new Error(`cannot parse range reference ${ref}`);
  return { sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], range: m[3].replace(/\$/g, '') };
}

function colToNumber(col: string): number {
  let n = 0;
  for (const ch of col.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function parseCell(a: string): { row: number; col: number } {
  const m = /^([A-Za-z]{1,3})(\d+)$/.exec(a);
  if (!m) throw new Error(`cannot parse cell address ${a}`);
  return { col: colToNumber(m[1]), row: Number(m[2]) };
}

function readRange(wb: ExcelJS.Workbook, sheet: string, range: string): unknown[][] {
  const ws = sheetOrThrow(wb, sheet);
  const [a, b = a] = range.split(':');
  const p = parseCell(a);
  const q = parseCell(b);
  const rows: unknown[][] = [];
  for (let r = Math.min(p.row, q.row); r <= Math.max(p.row, q.row); r++) {
    const row: unknown[] = [];
    for (let c = Math.min(p.col, q.col); c <= Math.max(p.col, q.col); c++) {
      row.push(evaluated(ws.getCell(r, c)));
    }
    rows.push(row);
  }
  return rows;
}

function wrap(wb: ExcelJS.Workbook): RecalculatedWorkbook {
  return {
    workbook: wb,
    value(sheet, address) {
      return evaluated(sheetOrThrow(wb, sheet).getCell(address.replace(/\$/g, '')));
    },
    named(name) {
      const found = wb.definedNames.getRanges(name) as { name: string; ranges: string[] } | undefined;
      if (!found || found.ranges.length === 0) {
        throw new Error(`no defined name "${name}" (or ExcelJS could not resolve it to a range)`);
      }
      // Several areas: rows of each area, in order.
      return found.ranges.flatMap((ref) => {
        const { sheet, range } = parseRangeRef(ref);
        return readRange(wb, sheet, range);
      });
    },
  };
}

/** Load an xlsx (no recalculation) with the same accessors as recalcAndRead. */
export async function readEvaluated(xlsxPath: string): Promise<RecalculatedWorkbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsxPath);
  return wrap(wb);
}

/** Recalculate with LibreOffice and load the result; the temp copy is removed afterwards. */
export async function recalcAndRead(xlsxPath: string): Promise<RecalculatedWorkbook> {
  const out = await recalc(xlsxPath);
  try {
    return await readEvaluated(out);
  } finally {
    rmQuiet(path.dirname(path.dirname(out)));
  }
}

export interface FormulaError {
  sheet: string;
  address: string;
  formula: string;
  result: string;
}

/** Every formula cell whose (cached / recalculated) result is an Excel error such as #DIV/0!. */
export function formulaErrors(wb: ExcelJS.Workbook): FormulaError[] {
  const found: FormulaError[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        if (!isFormulaValue(v)) return;
        const r = v.result;
        if (typeof r === 'object' && r !== null && 'error' in r) {
          found.push({
            sheet: ws.name,
            address: cell.address,
            formula: String(cell.formula ?? v.formula ?? v.sharedFormula ?? ''),
            result: String((r as { error: unknown }).error),
          });
        }
      });
    });
  });
  return found;
}

/**
 * A path `name` in a fresh temp dir of this process, for tests writing their
 * own workbooks (removed with the process's other LibreOffice temp files).
 */
export function uniqueTempPath(name: string): string {
  return path.join(makeTempDir('test'), name);
}
