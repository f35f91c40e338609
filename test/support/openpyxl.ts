/**
 * Test helper: read an .xlsx with openpyxl, a second, independent reader (besides ExcelJS), and report
 * what it sees as JSON. openpyxl's load_workbook must succeed: a file it cannot open fails the test.
 *
 * openpyxl is installed for Debian's python (/usr/bin/python3), not for a pyenv python3 that may come
 * first on PATH; OPENPYXL_PYTHON overrides. Gate a suite with requireOpenpyxl: a missing openpyxl fails
 * under CI=true and is a loud skip elsewhere, as for LibreOffice (./libreoffice.ts).
 */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const OPENPYXL_PYTHON = process.env.OPENPYXL_PYTHON ?? '/usr/bin/python3';

/** A cell value as JSON; dates and times become { $date: ISO text }. */
export type OpenpyxlValue = string | number | boolean | null | { $date: string };

export interface OpenpyxlDefinedName {
  name: string;
  localSheetId: number | null;
  value: string;
  hidden: boolean;
  comment: string | null;
}

export interface OpenpyxlSheet {
  name: string;
  kind: 'worksheet' | 'chartsheet';
  /** Cells holding a value, by address. */
  cells: Record<string, OpenpyxlValue>;
  /** Font and protection of each cell holding a value. */
  styles: Record<string, { bold: boolean; italic: boolean; locked: boolean; hidden: boolean }>;
  merged: string[];
  /** Tables: display name → range. */
  tables: Record<string, string>;
  comments: Record<string, { text: string; author: string | null }>;
  hyperlinks: Record<string, { target: string | null; location: string | null }>;
  dataValidations: Array<{
    sqref: string;
    type: string | null;
    errorStyle: string | null;
    allowBlank: boolean;
    formula1: string | null;
    formula2: string | null;
  }>;
  /** sheetPr/pageSetUpPr/@fitToPage (null when there is no pageSetUpPr). */
  fitToPage: boolean | null;
  fitToWidth: number | null;
  fitToHeight: number | null;
  cellComments: string | null;
  printArea: string | null;
  printTitleRows: string | null;
  printTitleCols: string | null;
  protection: { sheet: boolean; formatCells: boolean; insertRows: boolean; selectLockedCells: boolean };
}

export interface OpenpyxlReport {
  openpyxlVersion: string;
  date1904: boolean;
  sheets: OpenpyxlSheet[];
  /** Defined names other than the print areas and titles (openpyxl moves those to the sheets). */
  definedNames: OpenpyxlDefinedName[];
}

const SCRIPT = String.raw`
import datetime, json, sys
import openpyxl

def value(v):
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return {'$date': v.isoformat()}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)

wb = openpyxl.load_workbook(sys.argv[1])
out = {'openpyxlVersion': openpyxl.__version__, 'date1904': wb.epoch.year == 1904, 'sheets': [], 'definedNames': []}

dn = wb.defined_names
if hasattr(dn, 'definedName'):  # openpyxl < 3.1
    names = [(d, d.localSheetId) for d in dn.definedName]
else:
    names = [(d, None) for d in dn.values()]
    for i, ws in enumerate(wb.worksheets):
        names += [(d, i) for d in ws.defined_names.values()]
for d, local in names:
    out['definedNames'].append({'name': d.name, 'localSheetId': local, 'value': d.attr_text,
                                'hidden': bool(d.hidden), 'comment': d.comment})

for ws in wb.chartsheets:
    out['sheets'].append({'name': ws.title, 'kind': 'chartsheet'})
for ws in wb.worksheets:
    s = {'name': ws.title, 'kind': 'worksheet', 'cells': {}, 'styles': {}, 'comments': {}, 'hyperlinks': {}}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                s['cells'][c.coordinate] = value(c.value)
                s['styles'][c.coordinate] = {'bold': bool(c.font.b), 'italic': bool(c.font.i),
                                             'locked': bool(c.protection.locked), 'hidden': bool(c.protection.hidden)}
            if c.comment is not None:
                s['comments'][c.coordinate] = {'text': c.comment.text, 'author': c.comment.author}
            if c.hyperlink is not None:
                s['hyperlinks'][c.coordinate] = {'target': c.hyperlink.target, 'location': c.hyperlink.location}
    s['merged'] = sorted(str(r) for r in ws.merged_cells.ranges)
    s['tables'] = {t.displayName: t.ref for t in ws.tables.values()}
    s['dataValidations'] = [{'sqref': str(v.sqref), 'type': v.type, 'errorStyle': v.errorStyle,
                             'allowBlank': bool(v.allow_blank), 'formula1': v.formula1, 'formula2': v.formula2}
                            for v in ws.data_validations.dataValidation]
    pr = ws.sheet_properties.pageSetUpPr
    s['fitToPage'] = None if pr is None or pr.fitToPage is None else bool(pr.fitToPage)
    s['fitToWidth'] = ws.page_setup.fitToWidth
    s['fitToHeight'] = ws.page_setup.fitToHeight
    s['cellComments'] = ws.page_setup.cellComments
    s['printArea'] = ws.print_area
    s['printTitleRows'] = ws.print_title_rows
    s['printTitleCols'] = ws.print_title_cols
    p = ws.protection
    s['protection'] = {'sheet': bool(p.sheet), 'formatCells': bool(p.formatCells), 'insertRows': bool(p.insertRows),
                       'selectLockedCells': bool(p.selectLockedCells)}
    out['sheets'].append(s)
json.dump(out, sys.stdout, ensure_ascii=False)
`;

let problemCache: string | null | undefined;

/** Why openpyxl cannot run here, or null when it can. */
export function openpyxlProblem(): string | null {
  if (problemCache !== undefined) return problemCache;
  try {
    execFileSync(OPENPYXL_PYTHON, ['-c', 'import openpyxl'], { stdio: 'pipe', timeout: 30_000 });
    problemCache = null;
  } catch (e) {
    problemCache = `${OPENPYXL_PYTHON} cannot import openpyxl (apt-get install python3-openpyxl): ${(e as Error).message.split('\n')[0]}`;
  }
  return problemCache;
}

const warned = new Set<string>();

/** Gate a suite on openpyxl: throws under CI=true when it is missing, else warns and returns false. */
export function requireOpenpyxl(suiteName: string): boolean {
  const problem = openpyxlProblem();
  if (!problem) return true;
  if (process.env.CI === 'true') throw new Error(`${suiteName} needs openpyxl: ${problem} (CI=true, so this is a failure)`);
  if (!warned.has(suiteName)) {
    warned.add(suiteName);
    console.warn(`SKIPPED: ${suiteName} needs openpyxl: ${problem}`);
  }
  return false;
}

/** Run a Python script with openpyxl available; resolves to its stdout, rejects with its stderr. */
export function runPython(script: string, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      OPENPYXL_PYTHON,
      ['-c', script, ...args],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`python failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      }
    );
  });
}

/** Load a workbook (a path, or the bytes of one) with openpyxl and report what it holds. */
export async function readWithOpenpyxl(file: string | Buffer): Promise<OpenpyxlReport> {
  let target: string;
  let tmp: string | undefined;
  if (typeof file === 'string') target = path.resolve(file);
  else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openpyxl-'));
    target = path.join(tmp, 'book.xlsx');
    fs.writeFileSync(target, file);
  }
  try {
    return JSON.parse(await runPython(SCRIPT, [target])) as OpenpyxlReport;
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A worksheet of a report, by name (throws when absent, listing the sheets). */
export function sheetOf(report: OpenpyxlReport, name: string): OpenpyxlSheet {
  const s = report.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`openpyxl sees no sheet "${name}" (sheets: ${report.sheets.map((x) => x.name).join(', ')})`);
  return s;
}
