/**
 * What the command-line suites share: running the built `scorecard` command as a user does, making and
 * reading workbooks with other programs (openpyxl through Debian's python, LibreOffice through the harness,
 * package XML edited by hand with JSZip), and judging every file the command wrote (ooxml-validate, openpyxl).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { SOFFICE_FLAGS, findSoffice, requireLibreOffice } from '../support/libreoffice';
import { ooxmlViolations, requireOoxmlValidator } from '../support/ooxml';
import { requireOpenpyxl, runPython } from '../support/openpyxl';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The command under test; SCORECARD_BIN runs the suites against another build (e.g. one without a fix). */
export const BIN = process.env.SCORECARD_BIN ?? path.join(ROOT, 'bin', 'scorecard.js');

export const S = { plan: '執行計畫', scorecard: '考核評分表', summary: '彙整表', tracking: '改善追蹤' } as const;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the built command (bin/scorecard.js → lib/) in a child process, as `npx scorecard` does. */
export function scorecard(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeout?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        encoding: 'utf8',
        cwd: opts.cwd,
        env: { ...process.env, ...opts.env },
        timeout: opts.timeout ?? 60_000,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: number | string; signal?: NodeJS.Signals | null }) | null;
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr });
      }
    );
  });
}

/** Run a shell command line (for pipes), with the built command as $SCORECARD. */
export function shell(line: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      '/bin/bash',
      ['-c', line],
      { encoding: 'utf8', cwd, env: { ...process.env, SCORECARD: `${process.execPath} ${BIN}` }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout, stderr })
    );
  });
}

/** The lib/ the command runs must be built from the current src/ (npm run build:cli). */
export function assertBuilt(): void {
  const main = path.join(path.dirname(BIN), '..', 'lib', 'cli', 'main.js');
  if (!fs.existsSync(main)) throw new Error('lib/cli/main.js is missing: run `npm run build:cli` first');
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `scorecard-${prefix}-`));
}

/**
 * Gate a suite on the programs it needs: `const d = needs('suite', ['libreoffice', 'openpyxl']) ? describe : describe.skip`.
 * Under CI=true a missing one throws (the suite fails); elsewhere the suite is skipped with a warning.
 */
export function needs(suite: string, what: ('libreoffice' | 'openpyxl' | 'ooxml')[]): boolean {
  // Every gate is asked (each warns or throws on its own), not only up to the first that fails.
  const ok = what.map((w) =>
    w === 'libreoffice' ? requireLibreOffice(suite) : w === 'openpyxl' ? requireOpenpyxl(suite) : requireOoxmlValidator(suite)
  );
  return ok.every(Boolean);
}

/** A Python script with openpyxl (Debian's python3); `args` follow the script as sys.argv[1:]. */
export async function py(script: string, ...args: string[]): Promise<string> {
  return runPython(`import sys, datetime, openpyxl\n${script}`, args);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a workbook the way openpyxl sees it: values (cached results with data_only), formulas, links,
// comments, merges, number formats, defined names, print setup.

export type PyValue = string | number | boolean | null | { $date: string };

export interface PySheet {
  /** What a cell holds: its value, or its formula ("=…"). */
  cells: Record<string, PyValue>;
  /** The cached value of formula cells (openpyxl data_only), and the value of the others. */
  values: Record<string, PyValue>;
  formats: Record<string, string>;
  links: Record<string, { target: string | null; location: string | null }>;
  comments: Record<string, string>;
  merged: string[];
  hidden: string[];
  print: {
    orientation: string | null;
    paperSize: number | null;
    fitToPage: boolean;
    fitToWidth: number | null;
    fitToHeight: number | null;
    titleRows: string | null;
    printArea: string | null;
  };
}

export interface PyBook {
  sheets: Record<string, PySheet>;
  order: string[];
  names: Record<string, string>;
  /** Sheet-scoped names: "sheet index/name" → formula. */
  localNames: Record<string, string>;
}

const REPORT = String.raw`
def val(v):
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return {'$date': v.isoformat()}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)
out = {}
for path in sys.argv[1:]:
    wb = openpyxl.load_workbook(path)
    wv = openpyxl.load_workbook(path, data_only=True)
    book = {'sheets': {}, 'order': wb.sheetnames, 'names': {}, 'localNames': {}}
    dn = wb.defined_names
    if hasattr(dn, 'definedName'):
        for d in dn.definedName:
            if d.localSheetId is None:
                book['names'][d.name] = d.attr_text
            else:
                book['localNames']['%s/%s' % (d.localSheetId, d.name)] = d.attr_text
    for ws in wb.worksheets:
        v = wv[ws.title]
        s = {'cells': {}, 'values': {}, 'formats': {}, 'links': {}, 'comments': {}, 'hidden': []}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    s['cells'][c.coordinate] = val(c.value)
                    s['formats'][c.coordinate] = c.number_format
                vv = v[c.coordinate].value
                if vv is not None:
                    s['values'][c.coordinate] = val(vv)
                if c.hyperlink is not None:
                    s['links'][c.coordinate] = {'target': c.hyperlink.target, 'location': c.hyperlink.location}
                if c.comment is not None:
                    s['comments'][c.coordinate] = c.comment.text
        s['merged'] = sorted(str(r) for r in ws.merged_cells.ranges)
        s['hidden'] = sorted(k for k, d in ws.column_dimensions.items() if d.hidden)
        ps = ws.page_setup
        pr = ws.sheet_properties.pageSetUpPr
        s['print'] = {'orientation': ps.orientation, 'paperSize': None if ps.paperSize is None else int(ps.paperSize),
                      'fitToPage': bool(pr is not None and pr.fitToPage), 'fitToWidth': ps.fitToWidth,
                      'fitToHeight': ps.fitToHeight, 'titleRows': ws.print_title_rows, 'printArea': ws.print_area}
        book['sheets'][ws.title] = s
    out[path] = book
json.dump(out, sys.stdout, ensure_ascii=False)
`;

/** Several workbooks read by openpyxl in one python run, by path. */
export async function readAll(files: string[]): Promise<Record<string, PyBook>> {
  return JSON.parse(await py(`import json\n${REPORT}`, ...files.map((f) => path.resolve(f)))) as Record<string, PyBook>;
}

export async function read(file: string): Promise<PyBook> {
  return (await readAll([file]))[path.resolve(file)];
}

/** A defined name's area as "Sheet!A1:B2" (quotes and $ removed). */
export const plainRef = (formula: string | undefined) =>
  (formula ?? '').replace(/\$/g, '').replace(/^'((?:[^']|'')+)'!/, (_m, s: string) => `${s.replace(/''/g, "'")}!`);

// ---------------------------------------------------------------------------------------------------------------
// Package XML by hand

export async function zipParts(file: string | Buffer): Promise<JSZip> {
  return JSZip.loadAsync(typeof file === 'string' ? fs.readFileSync(file) : file);
}

/** Edit parts of a package with plain text functions, writing the result to `dest`. */
export async function editPackage(src: string, dest: string, edits: Record<string, (xml: string) => string>): Promise<void> {
  const zip = await zipParts(src);
  for (const [part, edit] of Object.entries(edits)) {
    const f = zip.file(part);
    if (!f) throw new Error(`${src} has no part ${part}`);
    const xml = await f.async('string');
    const next = edit(xml);
    if (next === xml) throw new Error(`editing ${part} of ${src} changed nothing`);
    zip.file(part, next);
  }
  fs.writeFileSync(dest, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** The part of a package that holds a sheet, by the sheet's name. */
export async function sheetPart(file: string, sheet: string): Promise<string> {
  const zip = await zipParts(file);
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  const m =
    new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(wb) ??
    new RegExp(`<sheet [^>]*r:id="([^"]+)"[^>]*name="${sheet}"`).exec(wb);
  if (!m) throw new Error(`no sheet ${sheet} in ${file}`);
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const t = new RegExp(
    `<Relationship [^>]*Id="${m[1]}"[^>]*Target="([^"]+)"|<Relationship [^>]*Target="([^"]+)"[^>]*Id="${m[1]}"`
  ).exec(rels);
  const target = (t?.[1] ?? t?.[2] ?? '').replace(/^\/?xl\//, '').replace(/^\//, '');
  return `xl/${target}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Every file the command writes: ooxml-validate (one run for all) and openpyxl load_workbook.

export interface Outputs {
  /** Keep the bytes a command wrote (now: a later step may change the file). */
  add(label: string, file: string): void;
  /** One test at the end of the suite: all of them valid, all of them loading in openpyxl. */
  itAllValid(): void;
}

export function outputs(): Outputs {
  const kept: Record<string, Buffer> = {};
  return {
    add(label, file) {
      let l = label;
      for (let n = 2; l in kept; n++) l = `${label} #${n}`;
      kept[l] = fs.readFileSync(file);
    },
    itAllValid() {
      it('every file the commands wrote above passes ooxml-validate (0 violations) and loads in openpyxl', async () => {
        expect(Object.keys(kept).length).toBeGreaterThan(0);
        expect(await ooxmlViolations(kept)).toEqual([]);
        const dir = tempDir('openpyxl');
        try {
          const files = Object.entries(kept).map(([label, data], i) => {
            const f = path.join(dir, `${i}.xlsx`);
            fs.writeFileSync(f, data);
            return [label, f];
          });
          const loaded = JSON.parse(
            await py(
              `import json\nres = {}\nfor p in sys.argv[1:]:\n    try:\n        openpyxl.load_workbook(p); res[p] = 'ok'\n    except Exception as e:\n        res[p] = repr(e)\njson.dump(res, sys.stdout)`,
              ...files.map(([, f]) => f)
            )
          ) as Record<string, string>;
          expect(Object.fromEntries(files.map(([label, f]) => [label, loaded[f]]))).toEqual(
            Object.fromEntries(files.map(([label]) => [label, 'ok']))
          );
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// LibreOffice to PDF (the harness recalculates to .xlsx only): one soffice run for several files.

const PDF_TIMEOUT_MS = 120_000;

/** Convert workbooks to PDF with LibreOffice in one run; resolves to the PDF paths, in order. */
export function toPdf(files: string[], outDir: string): Promise<string[]> {
  const soffice = findSoffice();
  if (!soffice) return Promise.reject(new Error('LibreOffice (soffice) not found'));
  const profile = tempDir('lo-profile');
  const args = [`-env:UserInstallation=file://${profile}`, ...SOFFICE_FLAGS, '--convert-to', 'pdf', '--outdir', outDir, ...files];
  return new Promise((resolve, reject) => {
    execFile(soffice, args, { timeout: PDF_TIMEOUT_MS, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
      fs.rmSync(profile, { recursive: true, force: true });
      const pdfs = files.map((f) => path.join(outDir, `${path.basename(f, path.extname(f))}.pdf`));
      const missing = pdfs.filter((p) => !fs.existsSync(p));
      if (error || missing.length)
        reject(
          new Error(
            `soffice --convert-to pdf failed: ${error?.message ?? ''} missing ${missing.join(', ')}\n${stdout}\n${stderr}`
          )
        );
      else resolve(pdfs);
    });
  });
}

/** The pages of a PDF, each as "w x h" in points (rounded), via poppler's pdfinfo. */
export async function pdfPages(pdf: string): Promise<string[]> {
  const out = await new Promise<string>((resolve, reject) =>
    execFile('pdfinfo', ['-f', '1', '-l', '9999', pdf], { encoding: 'utf8' }, (e, stdout, stderr) =>
      e ? reject(new Error(`pdfinfo failed (apt-get install poppler-utils): ${e.message}\n${stderr}`)) : resolve(stdout)
    )
  );
  return [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map(
    (m) => `${Math.round(Number(m[1]))} x ${Math.round(Number(m[2]))}`
  );
}

/** Whether pdfinfo runs here; under CI=true it must. */
export function requirePdfinfo(suite: string): boolean {
  const paths = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'pdfinfo'));
  if (paths.some((p) => fs.existsSync(p))) return true;
  if (process.env.CI === 'true') throw new Error(`${suite} needs pdfinfo (apt-get install poppler-utils)`);
  console.warn(`SKIPPED: ${suite} needs pdfinfo (apt-get install poppler-utils)`);
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Scores typed by another program

/** A value as the scripts below type it: a number, text, logical, blank, or one of these. */
export type Typed =
  number | string | boolean | null | { date: string } | { formula: string } | { error: string } | { fmt: string; v: number };

/**
 * What another program does: open the workbook with openpyxl, find SelfScores by its name, type values and
 * save. openpyxl writes no cached result for a formula.
 */
const TYPE_SCORES = String.raw`
import json
src, dest, values = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
wb = openpyxl.load_workbook(src)
d = [n for n in wb.defined_names.definedName if n.name == 'SelfScores' and n.localSheetId is None][0]
(sheet, ref), = list(d.destinations)
ws = wb[sheet]
first = ws[ref.replace('$', '').split(':')[0]]
for i, v in enumerate(values):
    c = ws.cell(first.row + i, first.column)
    if isinstance(v, dict) and 'date' in v:
        c.value = datetime.date.fromisoformat(v['date']); c.number_format = 'yyyy/m/d'
    elif isinstance(v, dict) and 'formula' in v:
        c.value = v['formula']
    elif isinstance(v, dict) and 'error' in v:
        c.value = v['error']
    elif isinstance(v, dict) and 'fmt' in v:
        c.value = v['v']; c.number_format = v['fmt']
    else:
        c.value = v
wb.save(dest)
`;

export async function typeScores(src: string, dest: string, values: Typed[]): Promise<void> {
  await py(TYPE_SCORES, src, dest, JSON.stringify(values));
}

/** What the 檢核 column (G) should say for a criterion of `check --json`. */
export function statusText(c: { status: string; cap: number }, p?: { kind: string; value: unknown }): string {
  if (c.status === 'scored') return '✓';
  if (c.status === 'blank') return '未評分';
  switch (p?.kind) {
    case 'aboveCap':
      return `超過配分 ${c.cap}`;
    case 'belowZero':
      return '低於 0';
    case 'formulaOutOfRange':
      return Number(p.value) < 0 ? '低於 0' : `超過配分 ${c.cap}`;
    case 'errorValue':
      return '錯誤值';
    default:
      return '非數值';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cell text as Excel reads it, from the package XML itself. openpyxl cannot tell a control character from its
// escape: it leaves "_x000B_" undecoded and reads the escaped literal "_x005F_x000B_" as "_x000B_" as well.

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const unxml = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITY[e]
  );
/** ST_Xstring: "_xHHHH_" is U+HHHH, read left to right ("_x005F_x000B_" is the text "_x000B_"). */
export const xstring = (s: string) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
/** The text of an <si> or <is>: its <t> runs, phonetic runs left out. */
const runs = (xml: string) =>
  [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)]
    .map((m) => xstring(unxml(m[1] ?? '')))
    .join('');

/** Every text cell of a sheet (shared, inline, formula text results), by address, as Excel reads it. */
export async function cellTexts(file: string, sheet: string): Promise<Record<string, string>> {
  const zip = await zipParts(file);
  const shared = [
    ...((await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '').matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g),
  ].map((m) => runs(m[1] ?? ''));
  const xml = await zip.file(await sheetPart(file, sheet))!.async('string');
  const out: Record<string, string> = {};
  for (const m of xml.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const ref = /\br="([A-Z]+\d+)"/.exec(m[1])?.[1];
    const t = /\bt="(\w+)"/.exec(m[1])?.[1];
    const body = m[2] ?? '';
    if (!ref) continue;
    if (t === 's') out[ref] = shared[Number(/<v>(\d+)<\/v>/.exec(body)?.[1])];
    else if (t === 'inlineStr') out[ref] = runs(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
    else if (t === 'str') out[ref] = xstring(unxml(/<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? ''));
  }
  return out;
}
