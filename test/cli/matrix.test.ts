/**
 * An independent, adversarial matrix against real engines. Workbooks are made the way other programs and
 * people make them (openpyxl typing into the example, LibreOffice saving it, junk and damaged files), the
 * built `scorecard` command runs on them, and every case is judged by what LibreOffice and openpyxl read
 * back — not by ExcelJS, which the command itself uses.
 *
 *  1. check agrees with the sheet: random score cells of every kind; `check --json` on the openpyxl file
 *     and on LibreOffice's recalculated copy, against the copy's DimensionTotals, TotalScore, 計入 (F) and
 *     檢核 (G) as LibreOffice computed them, and against what was typed.
 *  2. track keeps everything typed: random typing in and beside the tracking table, staff rows, merges,
 *     links, comments, sorted rows, formulas pointing into the table from everywhere, changed findings;
 *     every cell that is not the tool's own must come back with the same value, type and format, moved
 *     down exactly as Excel's Insert › Entire Row moves it; the output is valid OOXML and prints in
 *     LibreOffice; a second run is up to date and changes nothing.
 *  3. files from LibreOffice: the example saved by LibreOffice, checked and tracked.
 *  4. faults: junk, truncated zips, .csv, .xls, .docx → exit 2, a short bilingual message, nothing written.
 *
 * Reproducible: everything random comes from one seed, MATRIX_SEED (default below); a failure names its
 * case and the seed. The heavy work is batched: one openpyxl process writes every workbook, one more
 * reads them all back, LibreOffice converts each batch in one run, ooxml-validate checks every output in
 * one run; the command runs two at a time.
 */
import { execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import JSZip from 'jszip';
import { SOFFICE_FLAGS, findSoffice, requireLibreOffice } from '../support/libreoffice';
import { OPENPYXL_PYTHON, requireOpenpyxl } from '../support/openpyxl';
import { ooxmlViolations, requireOoxmlValidator } from '../support/ooxml';

const SUITE = 'CLI matrix against LibreOffice and openpyxl';
const SEED = Number(process.env.MATRIX_SEED ?? 1146301);
const ROOT = path.resolve(__dirname, '..', '..');
/** The command under test. MATRIX_BIN swaps in another script (a deliberately broken wrapper shows the matrix can fail). */
const BIN = process.env.MATRIX_BIN ?? path.join(ROOT, 'bin', 'scorecard.js');
const SC = '考核評分表';
const SUM = '彙整表';
const TR = '改善追蹤';
const PLAN = '執行計畫';

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------------------

class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** mulberry32 */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}

// ---------------------------------------------------------------------------------------------------------
// What openpyxl is told to write
// ---------------------------------------------------------------------------------------------------------

/** A value as openpyxl assigns it: numbers, text, booleans, formulas ('=…'), error literals, dates, times. */
type Val =
  | { t: 'n'; v: number; fmt?: string }
  | { t: 's'; v: string }
  | { t: 'b'; v: boolean }
  | { t: 'f'; v: string }
  | { t: 'e'; v: string }
  | { t: 'dt'; v: string; fmt?: string }
  | { t: 'date'; v: string }
  | { t: 'time'; v: string }
  | { t: 'none' };

type Op =
  | { op: 'set'; sheet: string; cell: string; val: Val; link?: string; location?: string; comment?: string }
  | { op: 'merge'; sheet: string; range: string }
  | { op: 'name'; name: string; ref: string }
  | { op: 'shift'; sheet: string; from: number; count: number }
  | { op: 'permute'; sheet: string; rows: number[]; order: number[]; cols: number }
  | { op: 'epoch1904' }
  /** what other programs put on a sheet: a list validation, a conditional format, an autofilter, a hidden row, a print area */
  | { op: 'dv' | 'cf' | 'autofilter' | 'printArea'; sheet: string; ref: string }
  | { op: 'hideRow'; sheet: string; row: number };

interface Job {
  base: string;
  out: string;
  ops: Op[];
}

const GEN_SCRIPT = String.raw`
import datetime, json, sys
import openpyxl
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.hyperlink import Hyperlink

def val(v):
    t = v['t']
    if t == 'none': return None
    if t == 'dt': return datetime.datetime.fromisoformat(v['v'])
    if t == 'date': return datetime.date.fromisoformat(v['v'])
    if t == 'time': return datetime.time.fromisoformat(v['v'])
    return v['v']

def set_name(wb, name, ref):
    dn = wb.defined_names
    if hasattr(dn, 'definedName'):
        for d in list(dn.definedName):
            if d.name == name and d.localSheetId is None:
                dn.definedName.remove(d)
        dn.append(DefinedName(name, attr_text=ref))
    else:
        if name in dn:
            del dn[name]
        dn[name] = DefinedName(name, attr_text=ref)

failed = {}
for job in json.load(open(sys.argv[1], encoding='utf-8')):
    try:
        wb = openpyxl.load_workbook(job['base'])
        for op in job['ops']:
            k = op['op']
            if k == 'epoch1904':
                from openpyxl.utils.datetime import CALENDAR_MAC_1904
                wb.epoch = CALENDAR_MAC_1904
            elif k == 'set':
                c = wb[op['sheet']][op['cell']]
                c.value = val(op['val'])
                if op['val'].get('fmt'):
                    c.number_format = op['val']['fmt']
                if op.get('link'):
                    c.hyperlink = op['link']
                if op.get('location'):
                    c.hyperlink = Hyperlink(ref=c.coordinate, location=op['location'])
                if op.get('comment'):
                    c.comment = Comment(op['comment'], 'QA')
            elif k == 'merge':
                wb[op['sheet']].merge_cells(op['range'])
            elif k == 'name':
                set_name(wb, op['name'], op['ref'])
            elif k == 'shift':
                ws = wb[op['sheet']]
                ws.move_range('A%d:%s%d' % (op['from'], get_column_letter(ws.max_column), ws.max_row), rows=op['count'])
            elif k == 'dv':
                from openpyxl.worksheet.datavalidation import DataValidation
                dv = DataValidation(type='list', formula1='"是,否,進行中"', allow_blank=True)
                wb[op['sheet']].add_data_validation(dv)
                for part in op['ref'].split():
                    dv.add(part)
            elif k == 'cf':
                from openpyxl.formatting.rule import CellIsRule
                from openpyxl.styles import PatternFill
                wb[op['sheet']].conditional_formatting.add(op['ref'], CellIsRule(operator='equal', formula=['"延後"'], fill=PatternFill('solid', fgColor='FFFF00')))
            elif k == 'autofilter':
                wb[op['sheet']].auto_filter.ref = op['ref']
            elif k == 'printArea':
                wb[op['sheet']].print_area = op['ref']
            elif k == 'hideRow':
                wb[op['sheet']].row_dimensions[op['row']].hidden = True
            elif k == 'permute':
                ws = wb[op['sheet']]
                rows, n = op['rows'], op['cols']
                vals = [[ws.cell(r, c).value for c in range(1, n + 1)] for r in rows]
                for i, r in enumerate(rows):
                    for c in range(1, n + 1):
                        ws.cell(r, c).value = vals[op['order'][i]][c - 1]
        wb.save(job['out'])
    except Exception as e:
        failed[job['out']] = '%s: %s' % (type(e).__name__, e)
json.dump(failed, sys.stdout, ensure_ascii=False)
`;

// ---------------------------------------------------------------------------------------------------------
// What openpyxl reads back
// ---------------------------------------------------------------------------------------------------------

/** A cell value as openpyxl reads it; dates and times carry their serial number too. */
type PyVal = string | number | boolean | null | { $date: string; serial: number };
/** [value, openpyxl data_type (n s b f e d), number_format] */
type PyCell = [PyVal, string, string];
interface PySheet {
  cells: Record<string, PyCell>;
  merged: string[];
  links: Record<string, [string | null, string | null]>;
  comments: Record<string, string>;
  print: Record<string, unknown>;
  dv: string[];
  cf: string[];
  autofilter: string | null;
  hiddenRows: number[];
  freeze: string | null;
}
interface PyBook {
  error?: string;
  date1904: boolean;
  names: Array<[string, string, number | null]>;
  sheets: Record<string, PySheet>;
  order: string[];
}

const DUMP_SCRIPT = String.raw`
import datetime, json, sys
import openpyxl
from openpyxl.utils.datetime import to_excel

def enc(v, epoch):
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        try:
            s = to_excel(v, epoch)
        except TypeError:
            s = to_excel(v)
        return {'$date': str(v), 'serial': s}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)

import openpyxl.worksheet._reader as _reader
_from_excel = _reader.from_excel

def dump(path, values):
    # Values: the numbers as stored (openpyxl's dates cannot hold serial 60, Excel's phantom 1900-02-29).
    _reader.from_excel = (lambda v, *a, **k: v) if values else _from_excel
    wb = openpyxl.load_workbook(path, data_only=values)
    out = {'date1904': wb.epoch.year == 1904, 'names': [], 'sheets': {}, 'order': wb.sheetnames}
    dn = wb.defined_names
    if hasattr(dn, 'definedName'):
        out['names'] = [[d.name, d.attr_text, d.localSheetId] for d in dn.definedName]
    else:
        out['names'] = [[d.name, d.attr_text, None] for d in dn.values()]
        for i, ws in enumerate(wb.worksheets):
            out['names'] += [[d.name, d.attr_text, i] for d in ws.defined_names.values()]
    for ws in wb.worksheets:
        cells, links, comments = {}, {}, {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells[c.coordinate] = [enc(c.value, wb.epoch), c.data_type, c.number_format]
                if c.hyperlink is not None:
                    links[c.coordinate] = [c.hyperlink.target, c.hyperlink.location]
                if c.comment is not None:
                    comments[c.coordinate] = c.comment.text
        ps, pr = ws.page_setup, ws.sheet_properties.pageSetUpPr
        out['sheets'][ws.title] = {
            'cells': cells, 'links': links, 'comments': comments,
            'merged': sorted(str(r) for r in ws.merged_cells.ranges),
            'print': {'paperSize': None if ps.paperSize is None else int(ps.paperSize), 'orientation': ps.orientation,
                      'fitToWidth': None if ps.fitToWidth is None else int(ps.fitToWidth),
                      'fitToHeight': None if ps.fitToHeight is None else int(ps.fitToHeight),
                      'fitToPage': None if pr is None or pr.fitToPage is None else bool(pr.fitToPage),
                      'titleRows': ws.print_title_rows, 'area': ws.print_area},
            'dv': sorted(str(v.sqref) for v in ws.data_validations.dataValidation),
            'cf': sorted(str(f.sqref) for f in ws.conditional_formatting),
            'autofilter': ws.auto_filter.ref,
            'hiddenRows': sorted(r for r, dim in ws.row_dimensions.items() if dim.hidden),
            'freeze': ws.freeze_panes,
        }
    return out

res = {}
for r in json.load(open(sys.argv[1], encoding='utf-8')):
    try:
        res[r['label']] = dump(r['file'], r.get('values', False))
    except Exception as e:
        res[r['label']] = {'error': '%s: %s' % (type(e).__name__, e)}
with open(sys.argv[2], 'w', encoding='utf-8') as f:
    json.dump(res, f, ensure_ascii=False)
`;

// ---------------------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------------------

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function limiter(n: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
const cliSlot = limiter(2);

function exec(file: string, args: string[], timeout: number, cwd?: string): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { encoding: 'utf8', timeout, cwd, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: number | string }) | null;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : -1) : 0,
          stdout,
          stderr: stderr || (e && typeof e.code !== 'number' ? e.message : ''),
        });
      }
    );
  });
}

/** The built command, as a user runs it. */
const scorecard = (args: string[], cwd?: string) => cliSlot(() => exec(process.execPath, [BIN, ...args], 120_000, cwd));

async function python(script: string, args: string[]): Promise<string> {
  const r = await exec(OPENPYXL_PYTHON, ['-c', script, ...args], 300_000);
  if (r.code !== 0) throw new Error(`python exited ${r.code}: ${r.stderr.slice(-3000)}`);
  return r.stdout;
}

const RECALC_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** One soffice process (its own profile, so runs never share an instance); the whole process group is killed on timeout. */
function sofficeOnce(profile: string, args: string[], cwd: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(findSoffice()!, [`-env:UserInstallation=${pathToFileURL(profile).href}`, ...SOFFICE_FLAGS, ...args], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 180_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * Convert many files in one LibreOffice run (`recalc`: the profile forces recalculation on load, as
 * test/support/libreoffice.ts does). Returns the output path of each input converted. A file that makes
 * LibreOffice abort takes the rest of its batch down with it: the first file missing after a run is set aside,
 * the others are run again, and what is still missing at the end gets a run of its own. Unless `allowMissing`,
 * a file not converted is an error.
 */
async function convertAll(
  files: string[],
  outDir: string,
  filter: string,
  ext: string,
  recalc: boolean,
  allowMissing = false
): Promise<Map<string, string>> {
  fs.mkdirSync(outDir, { recursive: true });
  const outOf = (f: string) => path.join(outDir, `${path.basename(f, path.extname(f))}.${ext}`);
  const done = (f: string) => fs.existsSync(outOf(f)) && fs.statSync(outOf(f)).size > 0;
  const log: string[] = [];
  const run = async (batch: string[], what: string) => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-lo-'));
    fs.mkdirSync(path.join(profile, 'user'));
    if (recalc) fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), RECALC_XCU);
    const r = await sofficeOnce(profile, ['--convert-to', filter, '--outdir', outDir, ...batch], outDir);
    fs.rmSync(profile, { recursive: true, force: true });
    if (batch.some((f) => !done(f))) log.push(`${what}: exit ${r.code}\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`);
  };
  const suspects: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const batch = files.filter((f) => !done(f) && !suspects.includes(f));
    if (!batch.length) break;
    await run(batch, `run ${attempt}`);
    const first = batch.find((f) => !done(f));
    if (first) suspects.push(first);
  }
  for (const f of files.filter((x) => !done(x))) await run([f], `${path.basename(f)} alone`);
  const missing = files.filter((f) => !done(f));
  if (missing.length && !allowMissing)
    throw new Error(`LibreOffice did not convert ${missing.map((f) => path.basename(f)).join(', ')}:\n${log.join('\n')}`);
  return new Map(files.filter(done).map((f) => [f, outOf(f)]));
}

// ---------------------------------------------------------------------------------------------------------
// A1 helpers
// ---------------------------------------------------------------------------------------------------------

const colNum = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
const colName = (n: number): string =>
  n <= 0 ? '' : colName(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26));
const addr = (row: number, col: number) => `${colName(col)}${row}`;
const parseAddr = (a: string) => {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a)!;
  return { col: colNum(m[1]), row: Number(m[2]) };
};
/** "'改善追蹤'!$A$4:$G$8" → sheet and rectangle. */
function parseRef(ref: string) {
  const m = /^'?(.+?)'?!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref.trim());
  if (!m) throw new Error(`not a single-area reference: ${ref}`);
  return { sheet: m[1], left: colNum(m[2]), top: Number(m[3]), right: colNum(m[4] ?? m[2]), bottom: Number(m[5] ?? m[3]) };
}
const normRef = (ref: string) => ref.replace(/'/g, '');

const num = (v: PyVal | undefined): number | undefined =>
  typeof v === 'number' ? v : v && typeof v === 'object' && '$date' in v ? v.serial : undefined;

// ---------------------------------------------------------------------------------------------------------
// The layout of the example workbook (guarded by a test)
// ---------------------------------------------------------------------------------------------------------

const SCORE_ROWS = Array.from({ length: 12 }, (_, i) => 5 + i);
const CAPS = [100, 100, 100, 140, 130, 130, 50, 50, 50, 50, 50, 50];
const DIM_OF = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3];
const TRACK_ROWS = [5, 6, 7, 8]; // items 1, 4, 7, 11
const TRACK_IDS = ['innovation.local', 'impact.local', 'sustainability.local', 'diffusion.simplify'];
const SIGNOFF_ROW = 10;
const SIGNOFF = ['經辦', '課長', '經理', '副處長', '處長'];
/** The sign-off line: one cell (A, merged across the printed columns) holding the titles spaced out. */
const signOffAt = (cells: Record<string, unknown[]>, row: number) => String(cells[addr(row, 1)]?.[0] ?? '').split(/\s+/);
const FINDINGS_TOP = 12; // header; criterion n at row 12 + n
const HAS_SUGGESTION = [1, 4, 7, 11];

// ---------------------------------------------------------------------------------------------------------
// 1. Score cells
// ---------------------------------------------------------------------------------------------------------

type Expect = { status: 'scored'; score: number } | { status: 'blank' } | { status: 'problem'; kind: string };
const scored = (score: number): Expect => ({ status: 'scored', score });
const problem = (kind: string): Expect => ({ status: 'problem', kind });
const BLANK: Expect = { status: 'blank' };
const byNumber = (n: number, cap: number): Expect => (n < 0 ? problem('belowZero') : n > cap ? problem('aboveCap') : scored(n));
const byFormula = (n: number, cap: number): Expect => (n < 0 || n > cap ? problem('formulaOutOfRange') : scored(n));

interface ScoreCell {
  row: number;
  kind: string;
  val: Val;
  link?: string;
  /** what the checker must say on the openpyxl file */
  a: Expect;
  /** … or this instead (=TRUE() has no stored result, but its result is not in doubt) */
  aAlt?: Expect;
  /** … and on LibreOffice's recalculated copy */
  l: Expect;
  /** a formula: openpyxl stores no result */
  formula: boolean;
  /** merged away under its neighbour */
  merged?: boolean;
}

interface CheckCase {
  name: string;
  epoch1904: boolean;
  cells: ScoreCell[];
  merges: string[];
  file: string;
}

/** The serial number openpyxl writes for a date (1900 system with Excel's phantom 29 Feb 1900, or 1904). */
function serialOf(iso: string, epoch1904: boolean): number {
  const [d, t = '00:00:00'] = iso.split('T');
  const [y, m, dd] = d.split('-').map(Number);
  const [hh, mm, ss] = t.split(':').map(Number);
  const ms = Date.UTC(y, m - 1, dd, hh, mm, ss);
  if (epoch1904) return (ms - Date.UTC(1904, 0, 1)) / 864e5;
  const days = (ms - Date.UTC(1899, 11, 30)) / 864e5;
  return ms < Date.UTC(1900, 2, 1) ? days - 1 : days;
}
const isoPlusDays = (base: [number, number, number], days: number, secs = 0) =>
  new Date(Date.UTC(base[0], base[1] - 1, base[2]) + days * 864e5 + secs * 1000).toISOString().slice(0, 19);
const round2 = (n: number) => Math.round(n * 100) / 100;

const CHECK_KINDS = [
  'int',
  'dec',
  'edge',
  'above',
  'negative',
  'text',
  'emptyText',
  'numText',
  'fullWidth',
  'bool',
  'errLiteral',
  'fIn',
  'fOut',
  'fErr',
  'fText',
  'fNumText',
  'fBool',
  'fEmpty',
  'date',
  'earlyDate',
  'time',
  'pts',
  'pct',
  'dateFormatted',
  'link',
  'blank',
  'extreme',
] as const;
const VALID_KINDS = ['int', 'dec', 'blank', 'pts', 'dateFormatted', 'link', 'time', 'earlyDateValid'] as const;

function scoreCell(r: Rand, kind: string, row: number, epoch1904: boolean): ScoreCell {
  const cap = CAPS[row - 5];
  const plain = (val: Val, e: Expect, extra: Partial<ScoreCell> = {}): ScoreCell => ({
    row,
    kind,
    val,
    a: e,
    l: e,
    formula: false,
    ...extra,
  });
  const formula = (f: string, l: Expect): ScoreCell => ({
    row,
    kind,
    val: { t: 'f', v: f },
    a: problem('uncalculated'),
    l,
    formula: true,
  });
  switch (kind) {
    case 'int': {
      const n = r.int(0, cap);
      return plain({ t: 'n', v: n }, scored(n));
    }
    case 'dec': {
      const n = round2(r.next() * cap);
      return plain({ t: 'n', v: n }, scored(n));
    }
    case 'edge': {
      const n = r.pick([0, cap, cap + 0.5, -0.0001, cap + 1e-9, 0.1 + 0.2, cap - 0.01]);
      return plain({ t: 'n', v: n }, byNumber(n, cap));
    }
    case 'above': {
      const n = cap + r.int(1, 900) + r.pick([0, 0.25]);
      return plain({ t: 'n', v: n }, problem('aboveCap'));
    }
    case 'negative': {
      const n = -r.pick([1, 0.5, r.int(2, 200)]);
      return plain({ t: 'n', v: n }, problem('belowZero'));
    }
    case 'extreme': {
      const n = r.pick([1e300, -1e300, 1e-300, 5e-324, 123456789012345]);
      return plain({ t: 'n', v: n }, byNumber(n, cap));
    }
    case 'text':
      return plain(
        {
          t: 's',
          v: r.pick(['很好', '優', 'N/A', ' ', '\u3000', '九十五', '95分', '1e2', '0x10', '1,000', '95%', 'TRUE', '—', '待補']),
        },
        problem('text')
      );
    case 'emptyText': // openpyxl does not write an empty string: the cell stays blank
      return plain({ t: 's', v: '' }, BLANK);
    case 'numText':
      return plain(
        { t: 's', v: r.pick(['95', ' 88 ', '+5', '.5', '12.', '-3', '007', '1.25', String(cap + 1)]) },
        problem('numberAsText')
      );
    case 'fullWidth':
      return plain({ t: 's', v: r.pick(['９５', '１２．５', '４０', '－３', '９5', '１００']) }, problem('fullWidthDigits'));
    case 'bool':
      return plain({ t: 'b', v: r.chance(0.5) }, problem('boolean'));
    case 'errLiteral':
      return plain(
        { t: 'e', v: r.pick(['#N/A', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!']) },
        problem('errorValue')
      );
    case 'fIn': {
      const a = r.int(0, Math.floor(cap / 2));
      const b = r.int(0, Math.floor(cap / 2));
      const [f, n] = r.pick<[string, number]>([
        [`=${a}+${b}`, a + b],
        [`=C${row}`, cap],
        [`=C${row}/2`, cap / 2],
        [`=SUM(${a},${b})`, a + b],
        [`=MIN(${cap},${a * 3})`, Math.min(cap, a * 3)],
        // Not '=H1' (a blank cell): LibreOffice's ISNUMBER is FALSE for it where Excel's is TRUE.
      ]);
      return formula(f, byFormula(n, cap));
    }
    case 'fOut': {
      const a = r.int(1, 99);
      const [f, n] = r.pick<[string, number]>([
        [`=C${row}+1`, cap + 1],
        [`=-${a}`, -a],
        [`=${cap}*3`, cap * 3],
      ]);
      return formula(f, byFormula(n, cap));
    }
    case 'fErr':
      return formula(r.pick(['=1/0', '=NA()', '=SQRT(-1)', '=VALUE("x")', `=1/0+C${row}`]), problem('errorValue'));
    case 'fText':
      return formula(r.pick(['="abc"', '="優良"', '=REPT("分",2)']), problem('text'));
    case 'fNumText':
      return formula(r.pick(['="95"', '=TEXT(45,"0")']), problem('numberAsText'));
    case 'fBool': {
      const f = r.pick(['=1>0', '=TRUE()', '=FALSE()', `=C${row}<0`]);
      return { ...formula(f, problem('boolean')), ...(/^=(TRUE|FALSE)\(\)$/.test(f) ? { aAlt: problem('boolean') } : {}) };
    }
    case 'fEmpty': // a formula whose result is the empty string: calculated, and not a number
      return formula(r.pick(['=""', '=IF(1>2,1,"")']), problem('text'));
    case 'date': {
      const iso = isoPlusDays([2020, 1, 1], r.int(0, 2500), r.pick([0, 43200]));
      return plain({ t: 'dt', v: iso }, byNumber(serialOf(iso, epoch1904), cap));
    }
    case 'earlyDate':
    case 'earlyDateValid': {
      // dates whose serial number is a plausible score: the first months of the epoch
      const days = kind === 'earlyDateValid' ? r.int(0, cap - 2) : r.int(0, 150);
      const iso = isoPlusDays(epoch1904 ? [1904, 1, 2] : [1900, 1, 1], days, r.pick([0, 0, 21600, 43200]));
      const n = serialOf(iso, epoch1904);
      return plain({ t: 'dt', v: iso, fmt: r.pick(['yyyy/m/d', 'yyyy-mm-dd h:mm', 'm/d']) }, byNumber(n, cap));
    }
    case 'time': {
      const h = r.int(0, 23);
      const m = r.pick([0, 15, 30, 45]);
      const s = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;
      return plain({ t: 'time', v: s }, scored((h * 3600 + m * 60) / 86400));
    }
    case 'pts': {
      const n = r.chance(0.7) ? r.int(0, cap) : cap + r.int(1, 50);
      return plain({ t: 'n', v: n, fmt: '0 "pts"' }, byNumber(n, cap));
    }
    case 'pct': {
      const n = round2(r.next());
      return plain({ t: 'n', v: n, fmt: '0%' }, scored(n));
    }
    case 'dateFormatted': {
      // 60 formatted as a date is Excel's phantom 1900-02-29, a date no calendar library can hold.
      const n = r.chance(0.3) ? 60 : r.int(1, cap);
      return plain({ t: 'n', v: n, fmt: r.pick(['yyyy/m/d', 'yyyy"年"m"月"d"日"', 'mm-dd-yy', 'h:mm']) }, byNumber(n, cap));
    }
    case 'link': {
      const n = r.int(0, cap);
      return plain({ t: 'n', v: n }, scored(n), { link: `https://example.org/evidence?row=${row}&n=${n}` });
    }
    case 'blank':
      return plain({ t: 'none' }, BLANK);
  }
  throw new Error(`unknown kind ${kind}`);
}

function makeCheckCases(r: Rand, count: number, valid: number): Omit<CheckCase, 'file'>[] {
  // A deck holding every kind many times, dealt twelve to a workbook: every kind is covered whatever the seed.
  const deck: string[] = [];
  while (deck.length < count * 12) deck.push(...CHECK_KINDS);
  r.shuffle(deck);
  const cases: Omit<CheckCase, 'file'>[] = [];
  for (let w = 0; w < count + valid; w++) {
    const isValid = w >= count;
    const epoch1904 = r.chance(0.15);
    const cells = SCORE_ROWS.map((row, i) => scoreCell(r, isValid ? r.pick(VALID_KINDS) : deck[w * 12 + i], row, epoch1904));
    const merges: string[] = [];
    if (!isValid && r.chance(0.25)) {
      const at = r.int(5, 15);
      // The score cell below merged away, or the score merged into the 評分重點 cell on its left.
      const below = r.chance(0.6);
      merges.push(below ? `E${at}:E${at + 1}` : `D${at}:E${at}`);
      Object.assign(cells[(below ? at + 1 : at) - 5], {
        kind: 'mergedAway',
        val: { t: 'none' },
        a: problem('merged'),
        l: problem('merged'),
        formula: false,
        merged: true,
        link: undefined,
      });
    }
    const show = (c: ScoreCell) => `E${c.row}=${c.kind}:${'v' in c.val ? JSON.stringify(c.val.v) : ''}`;
    cases.push({
      name: `check#${String(w).padStart(2, '0')}${isValid ? ' (all valid)' : ''}${epoch1904 ? ' 1904' : ''} [${cells.map(show).join(' ')}${merges.length ? ` merge ${merges}` : ''}]`,
      epoch1904,
      cells,
      merges,
    });
  }
  return cases;
}

function checkJob(c: CheckCase, base: string): Job {
  const ops: Op[] = [];
  if (c.epoch1904) ops.push({ op: 'epoch1904' });
  for (const cell of c.cells) {
    if (cell.merged) continue;
    ops.push({ op: 'set', sheet: SC, cell: `E${cell.row}`, val: cell.val, ...(cell.link ? { link: cell.link } : {}) });
  }
  for (const m of c.merges) ops.push({ op: 'merge', sheet: SC, range: m });
  return { base, out: c.file, ops };
}

// ---------------------------------------------------------------------------------------------------------
// 2. Tracking edits
// ---------------------------------------------------------------------------------------------------------

/** A formula whose row numbers are placeholders {0}, {1}, …: after rows are inserted it must point at the same cells. */
interface Tpl {
  tpl: string;
  rows: number[];
}
const render = (t: Tpl, map: (r: number) => number = (r) => r) =>
  t.tpl.replace(/\{(\d+)\}/g, (_, i) => String(map(t.rows[Number(i)])));

interface Typed {
  sheet: string;
  row: number;
  col: number;
  val: Val;
  tpl?: Tpl;
  link?: string;
  location?: string;
  comment?: string;
}

interface TrackCase {
  name: string;
  file: string;
  ops: Op[];
  typed: Typed[];
  /** staff rows typed with no 項目代碼, and whether they are inside the ImprovementTracking name */
  staffRows: number[];
  staffInside: boolean;
  signoffRow: number;
  /** the StaffNote name, when made: its row on 改善追蹤 column H */
  staffNote?: number;
}

const TEXTS = [
  '已完成',
  '進行中\n預計 8 月完成',
  '  前後空白  ',
  '✅ 完成 🎉',
  'TRUE',
  '00123',
  '1/2',
  '＃全形文字',
  'A&B <c> "d"',
  'Ünïcödé ≠ ascii',
  '第一季已辦理 3 場說明會，第二季再辦 2 場。',
];

function variety(r: Rand, rows: number[], lastRow: number): Pick<Typed, 'val' | 'tpl' | 'link' | 'location'> {
  const rowIn = () => r.pick(rows);
  const kind = r.pick([
    'text',
    'text',
    'long',
    'int',
    'float',
    'tiny',
    'pct',
    'money',
    'date',
    'dateOnly',
    'time',
    'bool',
    'error',
    'formula',
    'formula',
    'link',
    'location',
  ] as const);
  switch (kind) {
    case 'text':
      return { val: { t: 's', v: r.pick(TEXTS) } };
    case 'long':
      return { val: { t: 's', v: '長文'.repeat(r.int(150, 1500)) } };
    case 'int':
      return { val: { t: 'n', v: r.int(-1000, 100000) } };
    case 'float':
      return { val: { t: 'n', v: r.pick([3.14159, -2.5, 1234.5678, 0.1 + 0.2]) } };
    case 'tiny':
      return { val: { t: 'n', v: r.pick([1e-7, 123456789012, -0.000123]) } };
    case 'pct':
      return { val: { t: 'n', v: round2(r.next()), fmt: '0.00%' } };
    case 'money':
      return { val: { t: 'n', v: r.int(1000, 9999999), fmt: '#,##0' } };
    case 'date':
      return { val: { t: 'dt', v: isoPlusDays([2024, 1, 1], r.int(0, 900), r.pick([0, 34200])) } };
    case 'dateOnly':
      return { val: { t: 'date', v: isoPlusDays([2025, 1, 1], r.int(0, 400)).slice(0, 10) } };
    case 'time':
      return { val: { t: 'time', v: r.pick(['09:30:00', '17:45:00']) } };
    case 'bool':
      return { val: { t: 'b', v: r.chance(0.5) } };
    case 'error':
      return { val: { t: 'e', v: r.pick(['#N/A', '#DIV/0!']) } };
    case 'formula': {
      const a = rowIn();
      let b = rowIn();
      if (b === a) b = Math.min(lastRow, a + 1);
      const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
      const tpl = r.pick<Tpl>([
        { tpl: '=LEN(B{0})', rows: [a] },
        { tpl: '=H{0}&"|"&J{1}', rows: [a, b] },
        { tpl: '=COUNTA(C{0}:C{1})', rows: [lo, hi] },
        { tpl: '=$C${0}', rows: [a] },
        { tpl: '=LEN($A$4)', rows: [] },
        { tpl: `='${SC}'!E5*2`, rows: [] },
        { tpl: '=ROUND(PI(),2)', rows: [] },
        { tpl: '=IF(ISBLANK(D{0}),"未填","已填")', rows: [a] },
        { tpl: '=SUM(J{0}:J{1},5)', rows: [lo, hi] },
      ]);
      return { val: { t: 'f', v: render(tpl) }, tpl };
    }
    case 'link':
      return {
        val: { t: 's', v: r.pick(['佐證資料', '會議紀錄', 'https://example.org/a?b=1&c=2']) },
        link: `https://example.org/doc/${r.int(1, 9999)}?q=${r.pick(['台東', 'x y'])}`,
      };
    case 'location':
      return { val: { t: 's', v: '見評分表' }, location: `'${SC}'!E${r.int(5, 16)}` };
  }
}

const NEW_SUGGESTIONS = [
  '新增建議：檢討表單',
  '強化跨機關查驗\n並定期追蹤',
  '  前後有空白的建議  ',
  '建議（第二版）',
  'Review the counter staffing.',
];
const WITHDRAWN: Array<string | null> = ['無', '无', '無。', '-', 'N/A', null];

function makeTrackCase(r: Rand, i: number): Omit<TrackCase, 'file'> {
  const ops: Op[] = [];
  const typed: Typed[] = [];
  const tags: string[] = [];
  // Forced features for the first cases, so each appears whatever the seed.
  const force = (k: number) => i === k;
  // 1. Sort the rows (ids and bookkeeping move with them).
  if (force(0) || force(3) || (i > 4 && r.chance(0.35))) {
    const order = r.shuffle([0, 1, 2, 3]);
    ops.push({ op: 'permute', sheet: TR, rows: TRACK_ROWS, order, cols: 7 });
    tags.push(`sorted ${order}`);
  }
  // 2. Staff rows, inside the table's name (as rows inserted into it) or just below it.
  let staffRows: number[] = [];
  let staffInside = false;
  let signoffRow = SIGNOFF_ROW;
  const mode = force(0) ? 'inside' : force(1) ? 'below' : force(2) ? 'none' : r.pick(['none', 'inside', 'below'] as const);
  if (mode !== 'none') {
    const k = mode === 'below' && r.chance(0.5) ? 1 : r.int(1, 2);
    ops.push({ op: 'shift', sheet: TR, from: 9, count: k });
    signoffRow += k;
    staffRows = Array.from({ length: k }, (_, j) => 9 + j);
    staffInside = mode === 'inside';
    if (staffInside) ops.push({ op: 'name', name: 'ImprovementTracking', ref: `'${TR}'!$A$4:$G$${8 + k}` });
    tags.push(`${k} staff row(s) ${mode}`);
  }
  const lastRow = signoffRow + 1;
  const anyRow = Array.from({ length: lastRow - 4 }, (_, j) => 5 + j);
  const hidden = new Set<string>(); // cells of 改善追蹤 merged away
  const set = (t: Typed) => {
    if (t.sheet === TR && hidden.has(addr(t.row, t.col))) return;
    // Typed again: the later value is the one in the cell.
    const before = typed.findIndex((x) => x.sheet === t.sheet && x.row === t.row && x.col === t.col);
    if (before >= 0) typed.splice(before, 1);
    typed.push(t);
  };
  const withComment = (t: Typed) =>
    r.chance(0.12) ? { ...t, comment: `備註 ${t.row}-${t.col}：${r.pick(['請確認', 'QA note'])}` } : t;
  // 3. Merges: a progress cell across two rows; a merge beside the table.
  const merges: string[] = [];
  if (force(0) || force(4) || (i > 4 && r.chance(0.4))) {
    // Case 4: the merge spans the rows of items 4 and 7, and item 5's new row (with progress in the findings) lands inside it.
    const top = force(4) ? 6 : r.pick([5, 6, 7]);
    merges.push(`C${top}:C${top + 1}`);
    hidden.add(`C${top + 1}`);
    set({ sheet: TR, row: top, col: 3, val: { t: 's', v: `合併進度（第 ${top}–${top + 1} 列）` } });
    tags.push(`merged C${top}:C${top + 1}`);
  }
  if (r.chance(0.35)) {
    const top = r.pick(anyRow.slice(0, -1));
    const vertical = r.chance(0.5);
    merges.push(vertical ? `J${top}:J${top + 1}` : `H${top}:I${top}`);
    hidden.add(vertical ? `J${top + 1}` : `I${top}`);
    set({ sheet: TR, row: top, col: vertical ? 10 : 8, val: { t: 's', v: '合併說明' } });
  }
  // 4. Staff rows' content (no 項目代碼).
  for (const row of staffRows) {
    set({ sheet: TR, row, col: 1, val: { t: 's', v: `自訂項目 ${row}` } });
    set({ sheet: TR, row, col: 3, ...variety(r, anyRow, lastRow) });
    if (r.chance(0.6)) set({ sheet: TR, row, col: 4, val: { t: 'dt', v: isoPlusDays([2025, 7, 1], r.int(0, 60)) } });
  }
  // 5. Typing in the table: progress, remarks, a suggestion or a label edited by staff.
  for (const row of TRACK_ROWS) {
    if (r.chance(0.1)) set({ sheet: TR, row, col: 1, val: { t: 's', v: `（改）項目 ${row}` } });
    if (r.chance(0.12)) set({ sheet: TR, row, col: 2, val: { t: 's', v: `承辦人修改的建議 ${row}` } });
    for (const col of [3, 4]) if (r.chance(0.45)) set(withComment({ sheet: TR, row, col, ...variety(r, anyRow, lastRow) }));
  }
  // 6. Beside the table: headers H4:J4 and everything below, down to the sign-off row and one past it.
  for (const col of [8, 9, 10])
    if (r.chance(0.6)) set({ sheet: TR, row: 4, col, val: { t: 's', v: ['負責人', '預定完成', '附註'][col - 8] } });
  for (const row of anyRow)
    for (const col of [8, 9, 10]) if (r.chance(0.35)) set(withComment({ sheet: TR, row, col, ...variety(r, anyRow, lastRow) }));
  // 7. Formulas elsewhere pointing into the tracking sheet, and a name.
  if (force(0) || r.chance(0.4)) {
    const a = r.pick(anyRow);
    const b = r.pick(anyRow);
    set({ sheet: SUM, row: 13, col: 8, val: { t: 'f', v: '' }, tpl: { tpl: `='${TR}'!C{0}`, rows: [a] } });
    set({
      sheet: SUM,
      row: 14,
      col: 8,
      val: { t: 'f', v: '' },
      tpl: { tpl: `=COUNTA('${TR}'!B{0}:B{1})`, rows: [Math.min(a, b), Math.max(a, b)] },
    });
  }
  let staffNote: number | undefined;
  if (force(0) || r.chance(0.3)) {
    staffNote = r.pick(anyRow);
    ops.push({ op: 'name', name: 'StaffNote', ref: `'${TR}'!$H$${staffNote}` });
  }
  // 8. Findings: new suggestions, withdrawn ones, edited ones.
  const findingTags: string[] = [];
  for (let n = 1; n <= 12; n++) {
    const row = FINDINGS_TOP + n;
    const withdraw = i === 1 && n === 4;
    const fresh = (i === 0 && (n === 2 || n === 12)) || (i === 4 && n === 5);
    if (HAS_SUGGESTION.includes(n)) {
      if (withdraw || r.chance(0.2)) {
        const w = r.pick(WITHDRAWN);
        set({ sheet: SUM, row, col: 4, val: w === null ? { t: 'none' } : { t: 's', v: w } });
        findingTags.push(`${n}→${JSON.stringify(w)}`);
      } else if (r.chance(0.25)) {
        set({ sheet: SUM, row, col: 4, val: { t: 's', v: `修訂後的建議 ${n}` } });
        findingTags.push(`${n} edited`);
      }
    } else if (fresh || (i !== 2 && r.chance(0.15))) {
      set({ sheet: SUM, row, col: 4, val: { t: 's', v: r.pick(NEW_SUGGESTIONS) } });
      if ((i === 4 && n === 5) || r.chance(0.5)) set({ sheet: SUM, row, col: 5, val: { t: 's', v: `彙整表的辦理情形 ${n}` } });
      findingTags.push(`${n} new`);
    }
  }
  if (force(2)) {
    // nothing changes in the findings: the table is up to date from the start
    for (let j = typed.length - 1; j >= 0; j--) if (typed[j].sheet === SUM && typed[j].col <= 6) typed.splice(j, 1);
    findingTags.length = 0;
  }
  // Formulas: the typed text is the template with today's rows.
  for (const t of typed) if (t.tpl) t.val = { t: 'f', v: render(t.tpl) };
  for (const t of typed) {
    ops.push({
      op: 'set',
      sheet: t.sheet,
      cell: addr(t.row, t.col),
      val: t.val,
      ...(t.link ? { link: t.link } : {}),
      ...(t.location ? { location: t.location } : {}),
      ...(t.comment ? { comment: t.comment } : {}),
    });
  }
  for (const m of merges) ops.push({ op: 'merge', sheet: TR, range: m });
  // 9. What other programs and people put on a sheet, all of which must move with their rows.
  const tableBottom = 8 + (staffInside ? staffRows.length : 0);
  if (force(5) || r.chance(0.35)) {
    const a = r.pick(anyRow);
    const b = r.pick(anyRow);
    // Columns I and J: H is the template's 辦理狀態, whose own drop-down another program's rule must not overlap.
    ops.push({ op: 'dv', sheet: TR, ref: `I${Math.min(a, b)}:I${Math.max(a, b)} J${r.pick(anyRow)}` });
    tags.push('validation');
  }
  if (force(5) || r.chance(0.35)) {
    // On the status column the tool writes. (Not over typed cells: a boolean under a conditional format, with a
    // print area, can make LibreOffice 7.4 abort printing the workbook openpyxl wrote, before the command ran.)
    ops.push({ op: 'cf', sheet: TR, ref: `E5:E${tableBottom}` });
    tags.push('conditional format');
  }
  if (force(6) || r.chance(0.3)) {
    ops.push({ op: 'autofilter', sheet: TR, ref: `A4:G${tableBottom}` });
    tags.push('autofilter');
  }
  if (force(6) || r.chance(0.3)) {
    const row = r.pick(anyRow);
    ops.push({ op: 'hideRow', sheet: TR, row });
    tags.push(`row ${row} hidden`);
  }
  if (force(7) || r.chance(0.3)) {
    ops.push({ op: 'printArea', sheet: TR, ref: `A1:J${signoffRow}` });
    tags.push('print area');
  }
  const name = `track#${String(i).padStart(2, '0')} [${[...tags, `findings: ${findingTags.join(', ') || 'unchanged'}`, `${typed.length} cells typed`].join('; ')}]`;
  return { name, ops, typed, staffRows, staffInside, signoffRow, staffNote };
}

// ---------------------------------------------------------------------------------------------------------
// The cases (made at load time, so each is its own test)
// ---------------------------------------------------------------------------------------------------------

const rand = new Rand(SEED);
const CHECK_CASES_RAW = makeCheckCases(rand, 18, 4);
const TRACK_CASES_RAW = Array.from({ length: 12 }, (_, i) => makeTrackCase(rand, i));

/** Every file gets `check`; `track` in place and `track --out` are tried on some (each run costs a node start). */
const FAULT_NAMES: Array<{ name: string; file: string; track?: boolean; out?: boolean }> = [
  { name: 'empty file named .xlsx', file: 'empty.xlsx' },
  { name: 'random bytes named .xlsx', file: 'junk1.xlsx' },
  { name: 'random bytes after a zip signature', file: 'junk2.xlsx', track: true },
  { name: 'plain text named .xlsx', file: 'junk3.xlsx' },
  { name: 'truncated in the first bytes', file: 'trunc1.xlsx' },
  { name: 'truncated in the first entry', file: 'trunc2.xlsx', track: true },
  { name: 'truncated at about a third', file: 'trunc3.xlsx', out: true },
  { name: 'truncated at about two thirds', file: 'trunc4.xlsx', track: true },
  { name: 'truncated inside the central directory end', file: 'trunc5.xlsx', track: true },
  { name: 'a .csv', file: 'scores.csv', track: true },
  { name: 'a .csv named .xlsx', file: 'scores-csv.xlsx' },
  { name: 'an .xls made by LibreOffice', file: 'example.xls', track: true, out: true },
  { name: 'a .docx', file: 'report.docx', track: true },
  { name: 'a .docx named .xlsx', file: 'report-docx.xlsx', out: true },
];

// ---------------------------------------------------------------------------------------------------------
// Preparation: everything runs once, batched, in beforeAll
// ---------------------------------------------------------------------------------------------------------

interface CheckResult {
  a?: Ran;
  l?: Ran;
  jA?: CheckJson;
  jL?: CheckJson;
  sheet?: PyBook;
}
interface CheckJson {
  valid: boolean;
  entered: number;
  total: number;
  dimensions: Array<{ id: string; total: number }>;
  criteria: Array<{ id: string; cell: string; status: string; score: number | null; label: { zh: string } }>;
  problems: Array<{ kind: string; cell: string; value: unknown }>;
}
interface TrackResult {
  run1?: Ran;
  run2?: Ran;
  before?: PyBook;
  after1?: PyBook;
  after2?: PyBook;
  bytes1?: Buffer;
  bytes2?: Buffer;
  violations?: string[];
  pdf?: string;
  /** when the output did not print: whether the input does */
  inputPrints?: boolean;
}

const P = {
  dir: '',
  base: '',
  baseJson: undefined as CheckJson | undefined,
  baseDump: undefined as PyBook | undefined,
  errors: {} as Record<string, string>,
  checks: new Map<string, CheckResult>(),
  tracks: new Map<string, TrackResult>(),
  rt: {} as Record<
    string,
    { file?: string; run?: Ran; run2?: Ran; dump?: PyBook; dump2?: PyBook; violations?: string[]; pdf?: string; json?: CheckJson }
  >,
  faults: new Map<string, { before: string; after: string; runs: Array<[string, Ran]>; bytesSame: boolean }>(),
  timing: {} as Record<string, number>,
};

const checkCases: CheckCase[] = [];
const trackCases: TrackCase[] = [];

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) {
    const errs = Object.entries(P.errors)
      .map(([k, e]) => `${k}: ${e}`)
      .join('\n');
    throw new Error(`${what} is missing (seed ${SEED})${errs ? `; preparation failed:\n${errs}` : ''}`);
  }
  return v;
}

const parseJson = (r: Ran): CheckJson | undefined => {
  try {
    return JSON.parse(r.stdout) as CheckJson;
  } catch {
    return undefined;
  }
};

async function stage<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  const t0 = Date.now();
  try {
    return await fn();
  } catch (e) {
    P.errors[name] = (e as Error).stack ?? String(e);
    return undefined;
  } finally {
    P.timing[name] = Date.now() - t0;
  }
}

async function dumpAll(reqs: Array<{ label: string; file: string; values?: boolean }>): Promise<Record<string, PyBook>> {
  const reqFile = path.join(P.dir, `dump-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const outFile = `${reqFile}.out`;
  fs.writeFileSync(reqFile, JSON.stringify(reqs));
  await python(DUMP_SCRIPT, [reqFile, outFile]);
  return JSON.parse(fs.readFileSync(outFile, 'utf8')) as Record<string, PyBook>;
}

const listing = (dir: string) =>
  fs
    .readdirSync(dir)
    .sort()
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return `${f}:${st.size}:${st.mtimeMs}`;
    })
    .join('\n');

async function prepare(): Promise<void> {
  P.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-matrix-'));
  const dir = (...p: string[]) => {
    const d = path.join(P.dir, ...p);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  P.base = path.join(dir('base'), 'example.xlsx');
  const made = await scorecard(['template', '--example', '--out', P.base]);
  if (made.code !== 0) throw new Error(`template --example failed: ${made.stderr}`);
  const baseBytes = fs.readFileSync(P.base);

  checkCases.forEach((c, i) => (c.file = path.join(dir('check'), `c${String(i).padStart(2, '0')}.xlsx`)));
  trackCases.forEach((c, i) => (c.file = path.join(dir('track-in'), `t${String(i).padStart(2, '0')}.xlsx`)));
  const rt2Input = path.join(dir('rt-in'), 'rt2.xlsx');
  const rt1Input = path.join(dir('rt-in'), 'rt1.xlsx');
  fs.copyFileSync(P.base, rt1Input);

  // One openpyxl process writes every workbook.
  const jobs: Job[] = [
    ...checkCases.map((c) => checkJob(c, P.base)),
    ...trackCases.map((c) => ({ base: P.base, out: c.file, ops: c.ops })),
    {
      base: P.base,
      out: rt2Input,
      ops: [
        { op: 'set', sheet: SUM, cell: 'D14', val: { t: 's', v: '跨機關查驗再擴充。' } },
        { op: 'set', sheet: SUM, cell: 'D17', val: { t: 's', v: '流程再簡化。' } },
        { op: 'set', sheet: SUM, cell: 'D24', val: { t: 's', v: '擴大公私協力。' } },
        { op: 'set', sheet: SUM, cell: 'D19', val: { t: 's', v: '無' } },
        { op: 'set', sheet: TR, cell: 'C6', val: { t: 's', v: 'LibreOffice 之前輸入的進度' } },
      ],
    },
  ];
  await stage('openpyxl writes the workbooks', async () => {
    const jobFile = path.join(P.dir, 'jobs.json');
    fs.writeFileSync(jobFile, JSON.stringify(jobs));
    const failed = JSON.parse(await python(GEN_SCRIPT, [jobFile])) as Record<string, string>;
    for (const [f, e] of Object.entries(failed)) P.errors[`openpyxl ${path.basename(f)}`] = e;
  });

  // Fault files.
  const faultDir = (f: string) => dir('faults', f.replace(/\W/g, '_'));
  const fr = new Rand(SEED ^ 0x5a5a);
  const zipOf = async (files: Record<string, string>) => {
    const z = new JSZip();
    for (const [n, t] of Object.entries(files)) z.file(n, t);
    return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  };
  const docx = await zipOf({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>考核報告 report</w:t></w:r></w:p></w:body></w:document>`,
  });
  const csv = '\ufeff考核項目,自評\n1. 創新性-提供在地化及客製化關懷服務,95\n2. 創新性-法規及流程簡化,"94"\n';
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => fr.int(0, 255)));
  const cut = (lo: number, hi: number) => baseBytes.subarray(0, fr.int(lo, hi));
  const contents: Record<string, Buffer | null> = {
    'empty.xlsx': Buffer.alloc(0),
    'junk1.xlsx': randomBytes(fr.int(1, 4000)),
    'junk2.xlsx': Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(fr.int(10, 3000))]),
    'junk3.xlsx': Buffer.from('這不是活頁簿 this is not a workbook\n'.repeat(fr.int(1, 50))),
    'trunc1.xlsx': cut(1, 29),
    'trunc2.xlsx': cut(30, 400),
    'trunc3.xlsx': cut(Math.floor(baseBytes.length * 0.25), Math.floor(baseBytes.length * 0.4)),
    'trunc4.xlsx': cut(Math.floor(baseBytes.length * 0.6), Math.floor(baseBytes.length * 0.75)),
    'trunc5.xlsx': baseBytes.subarray(0, baseBytes.length - fr.int(1, 21)),
    'scores.csv': Buffer.from(csv),
    'scores-csv.xlsx': Buffer.from(csv),
    'example.xls': null,
    'report.docx': docx,
    'report-docx.xlsx': docx,
  };
  for (const [f, b] of Object.entries(contents)) if (b) fs.writeFileSync(path.join(faultDir(f), f), b);

  // Section 3's third workbook: the edited example tracked by the command, for LibreOffice to save.
  const rt3Input = path.join(dir('rt-in'), 'rt3.xlsx');
  if (fs.existsSync(rt2Input)) {
    fs.copyFileSync(rt2Input, rt3Input);
    const pre = await scorecard(['track', rt3Input]);
    if (pre.code !== 0) P.errors['track before LibreOffice saves'] = pre.stderr;
  }

  // Everything that can run at once.
  await Promise.all([
    // One LibreOffice run recalculates the check workbooks and saves section 3's; then the command on each copy.
    (async () => {
      const ready = checkCases.filter((c) => fs.existsSync(c.file));
      const rtIn = [rt1Input, rt2Input, rt3Input].filter((f) => fs.existsSync(f));
      const converted = await stage('LibreOffice recalculates and saves (one run)', () =>
        convertAll([...ready.map((c) => c.file), ...rtIn], dir('lo'), 'xlsx:Calc MS Excel 2007 XML', 'xlsx', true)
      );
      if (!converted) return;
      await Promise.all([
        stage('openpyxl reads the recalculated copies', async () => {
          const dumps = await dumpAll(ready.map((c) => ({ label: c.name, file: converted.get(c.file)!, values: true })));
          for (const c of ready) P.checks.set(c.name, { ...(P.checks.get(c.name) ?? {}), sheet: dumps[c.name] });
        }),
        ...ready.map(async (c) => {
          const l = await scorecard(['check', converted.get(c.file)!, '--json']);
          P.checks.set(c.name, { ...(P.checks.get(c.name) ?? {}), l, jL: parseJson(l) });
        }),
        (async () => {
          const rt1 = converted.get(rt1Input);
          const rt2 = converted.get(rt2Input);
          const rt3 = converted.get(rt3Input);
          if (rt1) {
            const run = await scorecard(['check', rt1, '--json']);
            P.rt.check = { file: rt1, run, json: parseJson(run) };
            const t1 = path.join(dir('rt-out'), 'rt1-tracked.xlsx');
            fs.copyFileSync(rt1, t1);
            P.rt.track1 = { file: t1, run: await scorecard(['track', t1]) };
          }
          if (rt2) {
            const t2 = path.join(dir('rt-out'), 'rt2-tracked.xlsx');
            P.rt.track2 = { file: t2, run: await scorecard(['track', rt2, '--out', t2]) };
          }
          if (rt3) {
            const t3 = path.join(dir('rt-out'), 'rt3-tracked.xlsx');
            fs.copyFileSync(rt3, t3);
            P.rt.track3 = { file: t3, run: await scorecard(['track', t3]) };
            P.rt.track3src = { file: rt3 };
          }
        })(),
      ]);
    })(),
    // check on each openpyxl file.
    Promise.all(
      checkCases
        .filter((c) => fs.existsSync(c.file))
        .map(async (c) => {
          const a = await scorecard(['check', c.file, '--json']);
          P.checks.set(c.name, { ...(P.checks.get(c.name) ?? {}), a, jA: parseJson(a) });
        })
    ),
    // track: twice on each workbook, in place.
    Promise.all(
      trackCases
        .filter((c) => fs.existsSync(c.file))
        .map(async (c) => {
          const work = path.join(dir('track-out'), path.basename(c.file));
          fs.copyFileSync(c.file, work);
          const run1 = await scorecard(['track', work]);
          const bytes1 = fs.readFileSync(work);
          fs.writeFileSync(path.join(dir('track-out1'), path.basename(c.file)), bytes1);
          const run2 = await scorecard(['track', work]);
          P.tracks.set(c.name, { run1, run2, bytes1, bytes2: fs.readFileSync(work) });
        })
    ),
    // The .xls from LibreOffice, then every fault file: check, track in place, and for some track --out.
    (async () => {
      const xls = await stage('LibreOffice makes an .xls', () => convertAll([P.base], dir('xls'), 'xls', 'xls', false));
      if (xls) fs.copyFileSync(xls.get(P.base)!, path.join(faultDir('example.xls'), 'example.xls'));
      await Promise.all(
        FAULT_NAMES.map(async ({ file, track, out }) => {
          const d = faultDir(file);
          const f = path.join(d, file);
          if (!fs.existsSync(f)) return;
          const bytes = fs.readFileSync(f);
          const before = listing(d);
          const runs: Array<[string, Ran]> = [['check', await scorecard(['check', f])]];
          if (track) runs.push(['track', await scorecard(['track', f])]);
          if (out) runs.push(['track --out', await scorecard(['track', f, '--out', path.join(d, 'out.xlsx')])]);
          P.faults.set(file, { before, after: listing(d), runs, bytesSame: bytes.equals(fs.readFileSync(f)) });
        })
      );
    })(),
  ]);

  // Read back, validate and print everything the command wrote.
  const trackOut1 = (c: TrackCase) => path.join(P.dir, 'track-out1', path.basename(c.file));
  const trackOut2 = (c: TrackCase) => path.join(P.dir, 'track-out', path.basename(c.file));
  const written = trackCases.filter((c) => P.tracks.get(c.name)?.run1?.code === 0);
  const rtFiles = (['track1', 'track2', 'track3'] as const)
    .filter((k) => P.rt[k]?.run?.code === 0)
    .map((k) => [k, P.rt[k].file!] as const);
  await Promise.all([
    stage('openpyxl reads the tracking workbooks', async () => {
      const dumps = await dumpAll([
        { label: 'base', file: P.base },
        ...trackCases.filter((c) => fs.existsSync(c.file)).map((c) => ({ label: `in:${c.name}`, file: c.file })),
        ...written.flatMap((c) => [
          { label: `out1:${c.name}`, file: trackOut1(c) },
          { label: `out2:${c.name}`, file: trackOut2(c) },
        ]),
        ...rtFiles.map(([k, f]) => ({ label: `rt:${k}`, file: f })),
        ...(P.rt.track3src ? [{ label: 'rt:track3src', file: P.rt.track3src.file! }] : []),
      ]);
      P.baseDump = dumps.base;
      for (const c of trackCases) {
        const t = P.tracks.get(c.name);
        if (!t) continue;
        t.before = dumps[`in:${c.name}`];
        t.after1 = dumps[`out1:${c.name}`];
        t.after2 = dumps[`out2:${c.name}`];
      }
      for (const [k] of rtFiles) P.rt[k].dump = dumps[`rt:${k}`];
      if (P.rt.track3src) P.rt.track3src.dump = dumps['rt:track3src'];
    }),
    stage('ooxml-validate', async () => {
      const files: Record<string, Buffer> = {};
      for (const c of written) files[c.name] = fs.readFileSync(trackOut1(c));
      for (const [k, f] of rtFiles) files[`rt:${k}`] = fs.readFileSync(f);
      const lines = await ooxmlViolations(files);
      for (const c of written) P.tracks.get(c.name)!.violations = lines.filter((l) => l.startsWith(`${c.name}:`));
      for (const [k] of rtFiles) P.rt[k].violations = lines.filter((l) => l.startsWith(`rt:${k}:`));
      const stray = lines.filter((l) => !Object.keys(files).some((k) => l.startsWith(`${k}:`)));
      if (stray.length) throw new Error(`ooxml-validate lines not attributed to a file:\n${stray.join('\n')}`);
    }),
    stage('LibreOffice prints the outputs', async () => {
      const inputs = [...written.map((c) => trackOut1(c)), ...rtFiles.map(([, f]) => f)];
      const pdfs = await convertAll(inputs, path.join(P.dir, 'pdf'), 'pdf', 'pdf', false, true);
      for (const c of written) P.tracks.get(c.name)!.pdf = pdfs.get(trackOut1(c));
      for (const [k, f] of rtFiles) P.rt[k].pdf = pdfs.get(f);
      // An output LibreOffice cannot print: can it print the workbook the command was given?
      const unprinted = written.filter((c) => !pdfs.has(trackOut1(c)));
      if (unprinted.length) {
        const ins = await convertAll(
          unprinted.map((c) => c.file),
          path.join(P.dir, 'pdf-in'),
          'pdf',
          'pdf',
          false,
          true
        );
        for (const c of unprinted) P.tracks.get(c.name)!.inputPrints = ins.has(c.file);
      }
    }),
    (async () => {
      const r = await scorecard(['check', P.base, '--json']);
      P.baseJson = parseJson(r);
    })(),
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// Judging helpers
// ---------------------------------------------------------------------------------------------------------

const close = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

function namedRef(book: PyBook, name: string): string | undefined {
  return book.names.find(([n, , local]) => n === name && local === null)?.[1];
}

function namedValues(book: PyBook, name: string): PyVal[] {
  const ref = namedRef(book, name);
  if (!ref) throw new Error(`no workbook-scoped name ${name} (names: ${book.names.map((n) => n[0]).join(', ')})`);
  const r = parseRef(ref);
  const out: PyVal[] = [];
  for (let row = r.top; row <= r.bottom; row++)
    for (let col = r.left; col <= r.right; col++) out.push(book.sheets[r.sheet]?.cells[addr(row, col)]?.[0] ?? null);
  return out;
}

const carries = (v: PyVal | undefined) =>
  !(v === null || v === undefined || ['', '無', '无', '無。', '-', 'N/A'].includes(String(v).trim()));
/** Formulas compared as Excel reads them: quotes around a sheet name that needs none make no difference. */
const normF = (f: string) => f.replace(/'([^'!]+)'!/g, '$1!');
const canon = (c: readonly unknown[] | undefined) =>
  !c ? null : c[1] === 'f' && typeof c[0] === 'string' ? [normF(c[0]), ...c.slice(1)] : c;
const same = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined) =>
  JSON.stringify(canon(a)) === JSON.stringify(canon(b));
/** Is this cell covered by a merge without being its top-left cell? */
const mergedAway = (merged: string[], a: string) =>
  merged.some((m) => {
    const [p, q = p] = m.split(':').map(parseAddr);
    const { row, col } = parseAddr(a);
    return row >= p.row && row <= q.row && col >= p.col && col <= q.col && !(row === p.row && col === p.col);
  });
const text = (c: PyCell | undefined) => (c ? String(typeof c[0] === 'object' && c[0] !== null ? c[0].$date : c[0]) : '');

/** Maps each input row to its output row, given the output rows that were inserted (whole rows, as Excel inserts them). */
function rowMapper(inserted: number[]): (r: number) => number {
  const ins = new Set(inserted);
  const map: number[] = [];
  let out = 0;
  for (let r = 1; r <= 400; r++) {
    out++;
    while (ins.has(out)) out++;
    map[r] = out;
  }
  return (r) => map[r];
}

const moveA1 = (a: string, map: (r: number) => number) => {
  const { row, col } = parseAddr(a);
  return addr(map(row), col);
};
const moveRange = (rng: string, map: (r: number) => number) =>
  rng
    .split(':')
    .map((a) => moveA1(a, map))
    .join(':');
/** "H5:H8 J6" → each area moved. */
const moveSqref = (sqref: string, map: (r: number) => number) =>
  sqref
    .split(/\s+/)
    .map((x) => moveRange(x.replace(/\$/g, ''), map))
    .join(' ');

// ---------------------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------------------

const toolsPresent = [requireLibreOffice(SUITE), requireOpenpyxl(SUITE), requireOoxmlValidator(SUITE)].every(Boolean);
const d = toolsPresent ? describe : describe.skip;

for (const c of CHECK_CASES_RAW) checkCases.push({ ...c, file: '' });
for (const c of TRACK_CASES_RAW) trackCases.push({ ...c, file: '' });

d(`${SUITE} (seed ${SEED})`, () => {
  const started = Date.now();
  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.js')))
      throw new Error('lib/cli/main.js is missing: run `npm run build:cli` first');
    await prepare();
  }, 600_000);
  afterAll(() => {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const stages = Object.entries(P.timing)
      .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
      .join('; ');
    console.log(`matrix (seed ${SEED}): ${secs} s; ${stages}; files in ${P.dir}`);
    if (!process.env.MATRIX_KEEP && P.dir) fs.rmSync(P.dir, { recursive: true, force: true });
  });

  it('the example is laid out as the matrix assumes', () => {
    const b = need(P.baseDump, 'openpyxl dump of the example');
    expect(normRef(need(namedRef(b, 'SelfScores'), 'SelfScores'))).toBe(`${SC}!$E$5:$E$16`);
    expect(normRef(need(namedRef(b, 'Findings'), 'Findings'))).toBe(`${SUM}!$A$12:$F$24`);
    expect(normRef(need(namedRef(b, 'ImprovementTracking'), 'ImprovementTracking'))).toBe(`${TR}!$A$4:$G$8`);
    expect(TRACK_ROWS.map((r) => b.sheets[TR].cells[`F${r}`]?.[0])).toEqual(TRACK_IDS);
    expect(signOffAt(b.sheets[TR].cells, SIGNOFF_ROW)).toEqual(SIGNOFF);
    expect(SCORE_ROWS.map((r) => b.sheets[SC].cells[`C${r}`]?.[0])).toEqual(CAPS);
    for (let n = 1; n <= 12; n++)
      expect(carries(b.sheets[SUM].cells[`D${FINDINGS_TOP + n}`]?.[0])).toBe(HAS_SUGGESTION.includes(n));
    expect(Object.keys(P.errors)).toEqual([]);
  });

  // -------------------------------------------------------------------------------------------------------
  describe('1. check agrees with the sheet', () => {
    const get = (c: CheckCase) => {
      const r = need(P.checks.get(c.name), `results of ${c.name}`);
      return {
        a: need(r.a, 'check on the openpyxl file'),
        l: need(r.l, 'check on the LibreOffice copy'),
        jA: need(
          r.jA,
          `check --json output on the openpyxl file (stdout: ${r.a?.stdout.slice(0, 300)} stderr: ${r.a?.stderr.slice(0, 300)})`
        ),
        jL: need(
          r.jL,
          `check --json output on the LibreOffice copy (stdout: ${r.l?.stdout.slice(0, 300)} stderr: ${r.l?.stderr.slice(0, 300)})`
        ),
        sheet: need(r.sheet, 'openpyxl reading of the LibreOffice copy'),
      };
    };
    const verdict = (j: CheckJson, i: number) => {
      const c = j.criteria[i];
      if (c.status === 'problem') return { status: 'problem', kind: j.problems.find((p) => p.cell === c.cell)?.kind };
      return c.status === 'scored' ? { status: 'scored', score: c.score } : { status: c.status };
    };
    const matches = (got: { status: string; kind?: string; score?: number | null }, want: Expect) =>
      got.status === want.status &&
      (want.status !== 'problem' || got.kind === want.kind) &&
      (want.status !== 'scored' || close(got.score ?? undefined, want.score));

    it.each(checkCases)('$name: each cell is judged as what was typed, on the openpyxl file and on LibreOffice’s copy', (c) => {
      const { jA, jL } = get(c);
      const wrong: string[] = [];
      c.cells.forEach((cell, i) => {
        const a = verdict(jA, i);
        const l = verdict(jL, i);
        if (!matches(a, cell.a) && !(cell.aAlt && matches(a, cell.aAlt)))
          wrong.push(
            `E${cell.row} ${cell.kind} ${JSON.stringify(cell.val)}: openpyxl file → ${JSON.stringify(a)}, expected ${JSON.stringify(cell.a)}`
          );
        if (!matches(l, cell.l))
          wrong.push(
            `E${cell.row} ${cell.kind} ${JSON.stringify(cell.val)}: LibreOffice copy → ${JSON.stringify(l)}, expected ${JSON.stringify(cell.l)}`
          );
      });
      expect(wrong).toEqual([]);
    });

    it.each(checkCases)('$name: the checker’s totals are LibreOffice’s (DimensionTotals, TotalScore)', (c) => {
      const { jA, jL, sheet } = get(c);
      const dims = namedValues(sheet, 'DimensionTotals').map((v) => num(v));
      const total = num(namedValues(sheet, 'TotalScore')[0]);
      const wrong: string[] = [];
      // The copy LibreOffice calculated: every total agrees.
      jL.dimensions.forEach((dm, i) => {
        if (!close(dm.total, dims[i])) wrong.push(`LibreOffice copy, ${dm.id}: check ${dm.total}, sheet ${dims[i]}`);
      });
      if (!close(jL.total, total)) wrong.push(`LibreOffice copy, total: check ${jL.total}, sheet ${total}`);
      // The openpyxl file: dimensions without an uncalculated formula agree too.
      const withFormula = new Set(c.cells.filter((x) => x.formula).map((x) => DIM_OF[x.row - 5]));
      jA.dimensions.forEach((dm, i) => {
        if (!withFormula.has(i) && !close(dm.total, dims[i]))
          wrong.push(`openpyxl file, ${dm.id}: check ${dm.total}, sheet (LibreOffice) ${dims[i]}`);
      });
      if (withFormula.size === 0 && !close(jA.total, total))
        wrong.push(`openpyxl file, total: check ${jA.total}, sheet ${total}`);
      expect(wrong).toEqual([]);
    });

    it.each(checkCases)(
      '$name: 檢核 (G) says ✓ exactly for "scored", 未評分 exactly for "blank"; 計入 (F) is the score; exit 1 iff a problem',
      (c) => {
        const { a, l, jA, jL, sheet } = get(c);
        const cells = sheet.sheets[SC].cells;
        const wrong: string[] = [];
        jL.criteria.forEach((cr, i) => {
          const row = SCORE_ROWS[i];
          const g = cells[`G${row}`]?.[0];
          const f = num(cells[`F${row}`]?.[0]);
          if (c.cells[i].merged) {
            // No formula sees a merge: the sheet shows the merged-away cell as not yet scored, the checker flags it.
            if (g !== '未評分' || cr.status !== 'problem')
              wrong.push(`E${row} merged away: G ${JSON.stringify(g)}, check ${cr.status}`);
            return;
          }
          if ((g === '✓') !== (cr.status === 'scored'))
            wrong.push(`E${row}: G says ${JSON.stringify(g)} but check says ${cr.status}`);
          if ((g === '未評分') !== (cr.status === 'blank'))
            wrong.push(`E${row}: G says ${JSON.stringify(g)} but check says ${cr.status}`);
          if (!close(f ?? NaN, cr.status === 'scored' ? cr.score! : 0))
            wrong.push(`E${row}: F counts ${f}, check ${cr.status} ${cr.score}`);
        });
        expect(wrong).toEqual([]);
        expect({ code: a.code, valid: jA.valid }).toEqual({ code: jA.problems.length ? 1 : 0, valid: jA.problems.length === 0 });
        expect({ code: l.code, valid: jL.valid }).toEqual({ code: jL.problems.length ? 1 : 0, valid: jL.problems.length === 0 });
        // A cell that is not a formula reads the same whether openpyxl or LibreOffice saved it.
        c.cells.forEach((cell, i) => {
          if (!cell.formula)
            expect({ cell: `E${cell.row}`, ...verdict(jL, i) }).toEqual({ cell: `E${cell.row}`, ...verdict(jA, i) });
        });
      }
    );
  });

  // -------------------------------------------------------------------------------------------------------
  describe('2. track keeps everything typed', () => {
    interface Judged {
      c: TrackCase;
      t: TrackResult;
      before: PyBook;
      after: PyBook;
      map: (r: number) => number;
      inserted: number[];
      idsIn: Map<number, string>;
      suggestions: PyVal[];
      progressF: PyVal[];
    }
    const ids = () => need(P.baseJson, 'check --json of the example').criteria.map((x) => x.id);
    const judge = (c: TrackCase): Judged => {
      const t = need(P.tracks.get(c.name), `results of ${c.name}`);
      const run1 = need(t.run1, 'first track run');
      if (run1.code !== 0) throw new Error(`track exited ${run1.code}: ${run1.stderr}${run1.stdout}`);
      const before = need(t.before, 'openpyxl dump of the input');
      const after = need(t.after1, 'openpyxl dump of the output');
      if (after.error) throw new Error(`openpyxl cannot open the output: ${after.error}`);
      const all = ids();
      const idsIn = new Map<number, string>();
      for (const [a, v] of Object.entries(before.sheets[TR].cells))
        if (a.startsWith('F') && all.includes(String(v[0]))) idsIn.set(parseAddr(a).row, String(v[0]));
      const suggestions = all.map((_, i) => before.sheets[SUM].cells[`D${FINDINGS_TOP + 1 + i}`]?.[0] ?? null);
      // A formula there (the template's, showing the tracking sheet's progress back) is not progress typed in the
      // findings: track carries only what staff typed.
      const progressF = all.map((_, i) => {
        const v = before.sheets[SUM].cells[`E${FINDINGS_TOP + 1 + i}`]?.[0] ?? null;
        return typeof v === 'string' && v.startsWith('=') ? null : v;
      });
      const present = new Set(idsIn.values());
      const inserted: number[] = [];
      for (const [a, v] of Object.entries(after.sheets[TR].cells))
        if (a.startsWith('F') && all.includes(String(v[0])) && !present.has(String(v[0]))) inserted.push(parseAddr(a).row);
      return { c, t, before, after, map: rowMapper(inserted), inserted, idsIn, suggestions, progressF };
    };
    const expectedFormula = (ty: Typed, map: (r: number) => number) =>
      ty.tpl ? render(ty.tpl, ty.tpl.tpl.includes(`'${TR}'!`) || ty.sheet === TR ? map : (r) => r) : undefined;

    it.each(trackCases)('$name: every typed cell keeps its value, type, format, formula and link', (c) => {
      const j = judge(c);
      const wrong: string[] = [];
      for (const ty of c.typed) {
        const moved = ty.sheet === TR ? j.map : (r: number) => r;
        const from = addr(ty.row, ty.col);
        const to = addr(moved(ty.row), ty.col);
        const was = j.before.sheets[ty.sheet].cells[from];
        const now = j.after.sheets[ty.sheet].cells[to];
        if (ty.sheet === SUM && ty.col <= 6) continue; // findings, read by the tool: compared in the next test
        if (!was) {
          if (now) wrong.push(`${ty.sheet}!${from}→${to}: typed blank, now ${JSON.stringify(now)}`);
          continue;
        }
        const want: PyCell = ty.tpl ? [expectedFormula(ty, j.map)!, 'f', was[2]] : was;
        if (!same(now, want))
          wrong.push(`${ty.sheet}!${from}→${to}: typed ${JSON.stringify(want)}, now ${JSON.stringify(now ?? null)}`);
        const linkWas = j.before.sheets[ty.sheet].links[from];
        const linkNow = j.after.sheets[ty.sheet].links[to];
        if (JSON.stringify(linkWas ?? null) !== JSON.stringify(linkNow ?? null))
          wrong.push(`${ty.sheet}!${from}→${to}: link ${JSON.stringify(linkWas)}, now ${JSON.stringify(linkNow)}`);
      }
      expect(wrong).toEqual([]);
    });

    it.each(trackCases)('$name: comments typed beside and in the table stay with their cells', (c) => {
      const j = judge(c);
      const wrong: string[] = [];
      for (const [a, txt] of Object.entries(j.before.sheets[TR].comments)) {
        const to = moveA1(a, j.map);
        if (j.after.sheets[TR].comments[to] !== txt)
          wrong.push(`${a}→${to}: ${JSON.stringify(txt)}, now ${JSON.stringify(j.after.sheets[TR].comments[to])}`);
      }
      expect(wrong).toEqual([]);
    });

    it.each(trackCases)(
      '$name: nothing but the tool’s own cells is written (whole rows inserted, merges, names, other sheets)',
      (c) => {
        const j = judge(c);
        const wrong: string[] = [];
        const bTr = j.before.sheets[TR];
        const aTr = j.after.sheets[TR];
        const typedAt = new Map(c.typed.filter((t) => t.sheet === TR).map((t) => [addr(t.row, t.col), t]));
        // The rows the tool owns: those carrying a criterion id (and the rows it inserted).
        const toolCol = (row: number, col: number) => {
          if (!j.idsIn.has(row)) return false;
          if (col === 5 || col === 6 || col === 7) return true;
          if (col === 2) return text(bTr.cells[`B${row}`]).trim() === text(bTr.cells[`G${row}`]).trim(); // a suggestion nobody edited
          return false;
        };
        for (const [a, was] of Object.entries(bTr.cells)) {
          const { row, col } = parseAddr(a);
          if (toolCol(row, col)) continue;
          const to = moveA1(a, j.map);
          const ty = typedAt.get(a);
          const want = ty?.tpl ? [expectedFormula(ty, j.map), 'f', was[2]] : was;
          if (!same(aTr.cells[to], want))
            wrong.push(`${TR}!${a}→${to}: ${JSON.stringify(want)}, now ${JSON.stringify(aTr.cells[to] ?? null)}`);
        }
        // Nothing new anywhere but in the tool's columns of its own rows.
        const back = new Map<number, number>();
        for (let r = 1; r <= 300; r++) back.set(j.map(r), r);
        for (const a of Object.keys(aTr.cells)) {
          const { row, col } = parseAddr(a);
          if (j.inserted.includes(row)) {
            if (col > 7) wrong.push(`${TR}!${a}: written in an inserted row beyond the table: ${JSON.stringify(aTr.cells[a])}`);
            continue;
          }
          const src = back.get(row);
          if (src === undefined) continue;
          if (bTr.cells[addr(src, col)] === undefined && !(j.idsIn.has(src) && col <= 7))
            wrong.push(`${TR}!${a}: new content ${JSON.stringify(aTr.cells[a])} (from row ${src})`);
        }
        // Merges, links: moved with their rows, none lost, none made.
        const mergesWant = bTr.merged.map((m) => moveRange(m, j.map)).sort();
        if (JSON.stringify([...aTr.merged].sort()) !== JSON.stringify(mergesWant))
          wrong.push(`merges ${JSON.stringify(aTr.merged)}, expected ${JSON.stringify(mergesWant)}`);
        const linksWant = Object.fromEntries(Object.entries(bTr.links).map(([a, l]) => [moveA1(a, j.map), l]));
        if (JSON.stringify(Object.entries(aTr.links).sort()) !== JSON.stringify(Object.entries(linksWant).sort()))
          wrong.push(`links ${JSON.stringify(aTr.links)}, expected ${JSON.stringify(linksWant)}`);
        // Other sheets: as they were, but for formulas that point into the tracking sheet.
        for (const s of [PLAN, SC, SUM]) {
          const bs = j.before.sheets[s];
          const as = j.after.sheets[s];
          for (const [a, was] of Object.entries(bs.cells)) {
            const ty = c.typed.find((t) => t.sheet === s && addr(t.row, t.col) === a && t.tpl);
            const want = ty ? [expectedFormula(ty, j.map), 'f', was[2]] : was;
            if (!same(as.cells[a], want))
              wrong.push(`${s}!${a}: ${JSON.stringify(want)}, now ${JSON.stringify(as.cells[a] ?? null)}`);
          }
          for (const a of Object.keys(as.cells)) if (!bs.cells[a]) wrong.push(`${s}!${a}: new ${JSON.stringify(as.cells[a])}`);
          if (JSON.stringify(as.merged) !== JSON.stringify(bs.merged))
            wrong.push(`${s} merges changed: ${JSON.stringify(as.merged)}`);
          if (JSON.stringify(as.links) !== JSON.stringify(bs.links))
            wrong.push(`${s} links changed: ${JSON.stringify(as.links)}`);
          if (JSON.stringify(as.print) !== JSON.stringify(bs.print))
            wrong.push(`${s} print setup: ${JSON.stringify(bs.print)} → ${JSON.stringify(as.print)}`);
          const extras = (x: PySheet) => JSON.stringify([x.dv, x.cf, x.autofilter, x.hiddenRows, x.freeze]);
          if (extras(as) !== extras(bs))
            wrong.push(`${s} validation/formats/filter/hidden rows/panes: ${extras(bs)} → ${extras(as)}`);
        }
        // The tracking sheet's own: moved with their rows, as Excel moves them.
        const area = (v: unknown) =>
          v === null || v === undefined
            ? null
            : String(v)
                .replace(/[$'[\]]/g, '')
                .replace(/^.*!/, '');
        const trWant = {
          print: { ...bTr.print, area: area(bTr.print.area) && moveSqref(area(bTr.print.area)!, j.map) },
          dv: bTr.dv.map((x) => moveSqref(x, j.map)).sort(),
          cf: bTr.cf.map((x) => moveSqref(x, j.map)).sort(),
          autofilter: bTr.autofilter && moveSqref(bTr.autofilter, j.map),
          hiddenRows: bTr.hiddenRows.map(j.map),
          freeze: bTr.freeze,
        };
        const trGot = {
          print: { ...aTr.print, area: area(aTr.print.area) },
          dv: [...aTr.dv].sort(),
          cf: [...aTr.cf].sort(),
          autofilter: aTr.autofilter,
          hiddenRows: aTr.hiddenRows,
          freeze: aTr.freeze,
        };
        if (JSON.stringify(trGot) !== JSON.stringify(trWant))
          wrong.push(`${TR} sheet settings ${JSON.stringify(trGot)}, expected ${JSON.stringify(trWant)}`);
        // Names: as they were; StaffNote moved with its cell; ImprovementTracking judged in the next test.
        const names = (b: PyBook) =>
          b.names
            .filter(([n]) => n !== 'ImprovementTracking')
            .map(([n, ref, local]) => `${n}@${local}=${normRef(ref)}`)
            .sort();
        const namesWant = names(j.before).map((x) =>
          x.startsWith('StaffNote@null=') && c.staffNote ? `StaffNote@null=${TR}!$H$${j.map(c.staffNote)}` : x
        );
        if (JSON.stringify(names(j.after)) !== JSON.stringify(namesWant))
          wrong.push(`names ${JSON.stringify(names(j.after))}, expected ${JSON.stringify(namesWant)}`);
        if (JSON.stringify(j.after.order) !== JSON.stringify(j.before.order)) wrong.push(`sheets ${j.after.order}`);
        expect(wrong).toEqual([]);
      }
    );

    it.each(trackCases)(
      '$name: each new suggestion once, in place; sign-off below; ImprovementTracking covers the table; statuses',
      (c) => {
        const j = judge(c);
        const crit = need(P.baseJson, 'check --json of the example').criteria;
        const aTr = j.after.sheets[TR];
        const bTr = j.before.sheets[TR];
        const wrong: string[] = [];
        // Ids: every old one once, where its row went; every finding with a suggestion once.
        const idRows = new Map<string, number[]>();
        for (const [a, v] of Object.entries(aTr.cells))
          if (a.startsWith('F') && crit.some((x) => x.id === v[0]))
            idRows.set(String(v[0]), [...(idRows.get(String(v[0])) ?? []), parseAddr(a).row]);
        for (const [row, id] of j.idsIn)
          if (JSON.stringify(idRows.get(id)) !== JSON.stringify([j.map(row)]))
            wrong.push(`${id}: was row ${row}, now rows ${idRows.get(id)} (expected ${j.map(row)})`);
        const present = new Set(j.idsIn.values());
        crit.forEach((cr, i) => {
          const s = j.suggestions[i];
          if (present.has(cr.id)) {
            const row = [...j.idsIn].find(([, id]) => id === cr.id)![0];
            const now = (col: string) => aTr.cells[`${col}${j.map(row)}`];
            const st = now('E')?.[0] ?? null;
            if (!carries(s)) {
              if (st !== '彙整表已無此建議（保留）')
                wrong.push(`${cr.id}: finding withdrawn (${JSON.stringify(s)}), status ${JSON.stringify(st)}`);
            } else {
              const edited = text(bTr.cells[`B${row}`]).trim() !== text(bTr.cells[`G${row}`]).trim();
              const changed = String(s).trim() !== text(bTr.cells[`G${row}`]).trim();
              if (!edited && text(now('B')) !== String(s).trim())
                wrong.push(
                  `${cr.id}: suggestion not taken from the findings: ${JSON.stringify(now('B'))}, findings ${JSON.stringify(s)}`
                );
              if (!edited && changed && bTr.cells[`C${row}`] && st !== '建議已依彙整表更新，請確認辦理情形')
                wrong.push(`${cr.id}: replaced suggestion under written progress, status ${JSON.stringify(st)}`);
              if (edited && changed && st !== '彙整表建議已變更，請確認')
                wrong.push(`${cr.id}: edited here and in the findings, status ${JSON.stringify(st)}`);
            }
            return;
          }
          if (!carries(s)) {
            if (idRows.has(cr.id)) wrong.push(`${cr.id}: a row was added for a finding without a suggestion`);
            return;
          }
          const rows = idRows.get(cr.id) ?? [];
          if (rows.length !== 1)
            return void wrong.push(`${cr.id}: new suggestion ${JSON.stringify(s)} is in rows ${JSON.stringify(rows)}`);
          const at = (col: string) => aTr.cells[`${col}${rows[0]}`]?.[0] ?? null;
          // (A progress cell inside a merge the new row was inserted into cannot hold anything.)
          const progress =
            carries(j.progressF[i]) && !mergedAway(aTr.merged, `C${rows[0]}`) ? String(j.progressF[i]).trim() : null;
          const want = { A: cr.label.zh, B: String(s).trim(), C: progress, E: null, G: String(s).trim() };
          const got = { A: at('A'), B: at('B'), C: at('C'), E: at('E'), G: at('G') };
          if (JSON.stringify(got) !== JSON.stringify(want))
            wrong.push(`${cr.id} new row ${rows[0]}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
          // In rubric order after the nearest earlier item that has a row.
          const earlier = [...j.idsIn]
            .filter(([, id]) => crit.findIndex((x) => x.id === id) < i)
            .sort((p, q) => crit.findIndex((x) => x.id === p[1]) - crit.findIndex((x) => x.id === q[1]));
          const anchor = earlier.length ? j.map(earlier[earlier.length - 1][0]) : 4;
          const between = Array.from({ length: Math.max(0, rows[0] - anchor - 1) }, (_, k) => anchor + 1 + k);
          if (rows[0] <= anchor || between.some((r) => !j.inserted.includes(r)))
            wrong.push(
              `${cr.id}: inserted at row ${rows[0]}, not right after its nearest earlier item (row ${anchor}) and the rows added with it`
            );
        });
        // Sign-off row: present once, below the table.
        const signoff = j.map(c.signoffRow);
        const signRows = Object.entries(aTr.cells)
          .filter(([a, v]) => a.startsWith('A') && /^A\d+$/.test(a) && String(v[0]).startsWith('經辦'))
          .map(([a]) => parseAddr(a).row);
        if (JSON.stringify(signRows) !== JSON.stringify([signoff]))
          wrong.push(`sign-off rows ${signRows}, expected [${signoff}]`);
        if (JSON.stringify(signOffAt(aTr.cells, signoff)) !== JSON.stringify(SIGNOFF))
          wrong.push(`sign-off row ${signoff} is not intact`);
        // The name: the whole table, header to last row, and nothing below.
        const ref = namedRef(j.after, 'ImprovementTracking');
        const refIn = parseRef(need(namedRef(j.before, 'ImprovementTracking'), 'ImprovementTracking in the input'));
        const lastId = Math.max(...[...idRows.values()].flat());
        const bottom = Math.max(j.map(refIn.bottom), lastId);
        if (!ref || normRef(ref) !== `${TR}!$A$4:$G$${bottom}`)
          wrong.push(`ImprovementTracking ${ref}, expected ${TR}!$A$4:$G$${bottom}`);
        if (bottom >= signoff) wrong.push(`the table (to row ${bottom}) runs into the sign-off row ${signoff}`);
        for (const s of c.staffRows) {
          const row = j.map(s);
          if (aTr.cells[`A${row}`]?.[0] !== `自訂項目 ${s}`)
            wrong.push(`staff row ${s}→${row} lost: ${JSON.stringify(aTr.cells[`A${row}`])}`);
          if (c.staffInside && row > bottom) wrong.push(`staff row ${s}→${row} inside the table fell out of ImprovementTracking`);
          if (aTr.cells[`F${row}`])
            wrong.push(`staff row ${s}→${row} was given a 項目代碼 ${JSON.stringify(aTr.cells[`F${row}`])}`);
        }
        expect(wrong).toEqual([]);
      }
    );

    it.each(trackCases)('$name: the output is valid OOXML and LibreOffice prints it', (c) => {
      const t = need(P.tracks.get(c.name), `results of ${c.name}`);
      expect(need(t.run1, 'first run').code).toBe(0);
      expect(need(t.violations, 'ooxml-validate result')).toEqual([]);
      if (!t.pdf)
        throw new Error(
          `LibreOffice could not print the output${t.inputPrints === undefined ? '' : t.inputPrints ? ', though it prints the input' : ' — nor the input openpyxl wrote, before the command ran (a LibreOffice problem)'}`
        );
      const pdf = t.pdf;
      const head = fs.readFileSync(pdf).subarray(0, 5).toString('latin1');
      expect(head).toBe('%PDF-');
      expect(fs.statSync(pdf).size).toBeGreaterThan(2000);
    });

    it.each(trackCases)('$name: a second run changes nothing (openpyxl reads the same workbook)', (c) => {
      const t = need(P.tracks.get(c.name), `results of ${c.name}`);
      const run2 = need(t.run2, 'second run');
      expect({ code: run2.code, stderr: run2.stderr }).toEqual({ code: 0, stderr: '' });
      expect(need(t.after2, 'dump after the second run')).toEqual(need(t.after1, 'dump after the first run'));
    });

    it.each(trackCases)('$name: a second run reports the table up to date', (c) => {
      const run2 = need(need(P.tracks.get(c.name), `results of ${c.name}`).run2, 'second run');
      expect(run2.stdout).toMatch(/up to date/i);
      expect(run2.stdout).toContain('已是最新');
    });

    it.each(trackCases)('$name: a second run leaves the file’s bytes alone (an up-to-date table is not written)', (c) => {
      const t = need(P.tracks.get(c.name), `results of ${c.name}`);
      expect(need(t.bytes2, 'bytes after the second run').equals(need(t.bytes1, 'bytes after the first run'))).toBe(true);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('3. files saved by LibreOffice', () => {
    const printOf = (b: PyBook) => Object.fromEntries(Object.entries(b.sheets).map(([n, s]) => [n, s.print]));
    /** As the example prints; `grown` rows inserted into the tracking table grow its print area by as many. */
    const expectPrint = (b: PyBook, grown = 0) => {
      const base = need(P.baseDump, 'dump of the example');
      const want = printOf(base);
      const area = want[TR].area as string[] | null;
      if (grown && area) want[TR] = { ...want[TR], area: area.map((a) => a.replace(/(\d+)$/, (n) => String(Number(n) + grown))) };
      expect(printOf(b)).toEqual(want);
      for (const s of Object.values(b.sheets))
        expect({ paperSize: s.print.paperSize, fitToWidth: s.print.fitToWidth }).toEqual({ paperSize: 9, fitToWidth: 1 });
    };

    it('check on the example saved by LibreOffice gives the same verdicts and totals as on the original', () => {
      const r = need(P.rt.check?.run, 'check run');
      const j = need(P.rt.check?.json, `check --json (stderr ${r.stderr})`);
      const b = need(P.baseJson, 'check of the example');
      expect(r.code).toBe(0);
      expect({
        total: j.total,
        entered: j.entered,
        dims: j.dimensions.map((x) => x.total),
        statuses: j.criteria.map((x) => [x.cell, x.status, x.score]),
      }).toEqual({
        total: b.total,
        entered: b.entered,
        dims: b.dimensions.map((x) => x.total),
        statuses: b.criteria.map((x) => [x.cell, x.status, x.score]),
      });
    });

    it('track on it: up to date, valid, print setup (A4, fit to width, title rows) as before', () => {
      const r = need(P.rt.track1?.run, 'track run');
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(/up to date/i);
      expect(need(P.rt.track1.violations, 'ooxml-validate')).toEqual([]);
      expectPrint(need(P.rt.track1.dump, 'openpyxl dump'));
    });

    it('track on a LibreOffice-saved file with changed findings: rows inserted, progress kept, valid, prints, print setup as before', () => {
      const r = need(P.rt.track2?.run, 'track run');
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const dmp = need(P.rt.track2.dump, 'openpyxl dump');
      const cells = dmp.sheets[TR].cells;
      const ids = Object.entries(cells)
        .filter(([a]) => /^F\d+$/.test(a) && Number(a.slice(1)) > 4)
        .sort((p, q) => parseAddr(p[0]).row - parseAddr(q[0]).row)
        .map(([, v]) => v[0]);
      expect(ids).toEqual([
        'innovation.local',
        'innovation.simplify',
        'impact.local',
        'impact.simplify',
        'sustainability.local',
        'diffusion.simplify',
        'diffusion.partnership',
      ]);
      expect(cells.C7?.[0]).toBe('LibreOffice 之前輸入的進度'); // impact.local's progress, moved down by one row
      expect(cells.E9?.[0]).toBe('彙整表已無此建議（保留）');
      expect(signOffAt(cells, 13)).toEqual(SIGNOFF);
      expect(normRef(need(namedRef(dmp, 'ImprovementTracking'), 'ImprovementTracking'))).toBe(`${TR}!$A$4:$G$11`);
      expect(need(P.rt.track2.violations, 'ooxml-validate')).toEqual([]);
      expect(fs.readFileSync(need(P.rt.track2.pdf, 'pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expectPrint(dmp, 3); // items 2, 5 and 12 added
    });

    it('the tracked file saved by LibreOffice and tracked again: up to date, nothing changed, valid', () => {
      const r = need(P.rt.track3?.run, 'track run');
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const src = need(P.rt.track3src?.dump, 'dump of the LibreOffice file');
      const out = need(P.rt.track3.dump, 'dump after track');
      expect(out.sheets).toEqual(src.sheets);
      expect(need(P.rt.track3.violations, 'ooxml-validate')).toEqual([]);
      expectPrint(out, 3); // the three rows the first track added
      expect(r.stdout).toMatch(/up to date/i);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('4. files that are not workbooks', () => {
    it.each(FAULT_NAMES)('$name ($file): exit 2, one or two bilingual lines, no stack trace, nothing written', ({ file }) => {
      const f = need(P.faults.get(file), `results for ${file}`);
      for (const [what, run] of f.runs) {
        const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
        const summary = {
          what,
          code: run.code,
          stdout: run.stdout,
          lines: lines.length,
          zh: /[\u4e00-\u9fff]/.test(run.stderr),
          en: /[A-Za-z]{4,}.*[A-Za-z]{4,}/.test(run.stderr),
          stack: /^\s*at\s/m.test(run.stderr),
        };
        expect(summary).toEqual({
          what,
          code: 2,
          stdout: '',
          lines: lines.length >= 1 && lines.length <= 2 ? lines.length : -1,
          zh: true,
          en: true,
          stack: false,
        });
        expect(run.stderr).not.toMatch(/internal error|內部錯誤/);
      }
      expect(f.after).toBe(f.before);
      expect(f.bytesSame).toBe(true);
    });
  });
});
