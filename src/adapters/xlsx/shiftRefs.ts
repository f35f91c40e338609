/**
 * A1 reference arithmetic on formula text, as Excel applies it when whole rows are inserted.
 * Pure string work (no ExcelJS): one small scanner finds the references, the callers decide what to do with them.
 */

import { MAX_COLS, MAX_ROWS, colLetters, colNumber } from '../../domain/a1';

/** One corner of a reference. A whole-row range has no column, a whole-column range no row. */
interface Corner {
  colAbs: boolean;
  /** Column letters as written (their case is kept). */
  colText?: string;
  col?: number;
  rowAbs: boolean;
  row?: number;
}

interface Ref {
  /** Sheet name as Excel means it (quotes and doubled quotes removed); undefined when unqualified. */
  sheet?: string;
  /** Qualified by something that is not one sheet of this workbook: another workbook, a 3-D span, #REF!. */
  foreign: boolean;
  a: Corner;
  /** Second corner of a range ("A1:B2", "5:9", "A:C"). */
  b?: Corner;
}

/** Returns the new text of the reference (without its sheet prefix), or undefined to leave it as written. */
type RefMapper = (ref: Ref) => string | undefined;

// Characters of names, function names, numbers and unquoted sheet names. Anything non-ASCII counts, so
// unquoted CJK sheet names (考核評分表!E5) and names are read as one word.
const isNameChar = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_.\\?\u0080-\uffff]/.test(ch);

const CELL = /(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)/y;
const ROW_RANGE = /(\$?)([0-9]+):(\$?)([0-9]+)/y;
const COL_RANGE = /(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})/y;
const SHEET_PREFIX = /[A-Za-z0-9_.\\?\u0080-\uffff]+(?::[A-Za-z0-9_.\\?\u0080-\uffff]+)?!/y;
const ERROR_LITERAL = /#[A-Za-z0-9_/]*[!?]?/y;

function execAt(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(s);
}

/**
 * What may follow a reference: not a name character (A1x, LOG10 in LOG10x), not '(' (LOG10( is a function),
 * not '!' (a sheet prefix), not '[' (a table name such as Tb1[Col]).
 */
const endsRef = (s: string, at: number) => !isNameChar(s[at]) && !'(![$'.includes(s[at] ?? ' ');

function cellCorner(m: RegExpExecArray, from: number): Corner | undefined {
  const col = colNumber(m[from + 1]);
  const row = Number(m[from + 3]);
  if (col > MAX_COLS || row < 1 || row > MAX_ROWS) return undefined; // e.g. a name such as XFE1 or A0
  return { colAbs: m[from] === '$', colText: m[from + 1], col, rowAbs: m[from + 2] === '$', row };
}

/** The reference starting at `at`, if one does: its end and its corners. */
function matchRef(s: string, at: number): { end: number; a: Corner; b?: Corner } | undefined {
  const c1 = execAt(CELL, s, at);
  if (c1) {
    const a = cellCorner(c1, 1);
    const end = at + c1[0].length;
    if (a && s[end] === ':') {
      const c2 = execAt(CELL, s, end + 1);
      const b = c2 && cellCorner(c2, 1);
      if (c2 && b && endsRef(s, end + 1 + c2[0].length)) return { end: end + 1 + c2[0].length, a, b };
    }
    // A single cell may be followed by ':' (the range operator with a non-reference operand).
    if (a && (s[end] === ':' || endsRef(s, end))) return { end, a };
  }
  const rows = execAt(ROW_RANGE, s, at);
  if (rows && endsRef(s, at + rows[0].length)) {
    const r1 = Number(rows[2]);
    const r2 = Number(rows[4]);
    if (r1 >= 1 && r1 <= MAX_ROWS && r2 >= 1 && r2 <= MAX_ROWS) {
      return {
        end: at + rows[0].length,
        a: { colAbs: false, rowAbs: rows[1] === '$', row: r1 },
        b: { colAbs: false, rowAbs: rows[3] === '$', row: r2 },
      };
    }
  }
  const cols = execAt(COL_RANGE, s, at);
  if (cols && endsRef(s, at + cols[0].length)) {
    const k1 = colNumber(cols[2]);
    const k2 = colNumber(cols[4]);
    if (k1 <= MAX_COLS && k2 <= MAX_COLS) {
      return {
        end: at + cols[0].length,
        a: { colAbs: cols[1] === '$', colText: cols[2], col: k1, rowAbs: false },
        b: { colAbs: cols[3] === '$', colText: cols[4], col: k2, rowAbs: false },
      };
    }
  }
  return undefined;
}

/** Index just past the closing quote of a "…" or '…' literal starting at `at` (doubled quotes are escapes). */
function endOfQuoted(s: string, at: number): number {
  const q = s[at];
  let i = at + 1;
  while (i < s.length) {
    if (s[i] === q) {
      if (s[i + 1] === q) i += 2;
      else return i + 1;
    } else i++;
  }
  return s.length;
}

/** Index just past the ']' matching the '[' at `at` (structured references nest brackets). */
function endOfBracket(s: string, at: number): number {
  let depth = 0;
  for (let i = at; i < s.length; i++) {
    if (s[i] === '[') depth++;
    else if (s[i] === ']' && --depth === 0) return i + 1;
  }
  return s.length;
}

/** Rewrites every A1 reference of `formula` through `fn`; everything else is copied as written. */
function mapRefs(formula: string, fn: RefMapper): string {
  const s = formula;
  let out = '';
  let i = 0;
  // A reference right after a sheet prefix (or #REF!) takes that qualifier.
  const refAt = (sheet: string | undefined, foreign: boolean) => {
    const m = matchRef(s, i);
    if (!m) return;
    const text = s.slice(i, m.end);
    out += fn({ sheet, foreign, a: m.a, b: m.b }) ?? text;
    i = m.end;
  };
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"') {
      const j = endOfQuoted(s, i);
      out += s.slice(i, j);
      i = j;
    } else if (ch === "'") {
      const j = endOfQuoted(s, i);
      out += s.slice(i, j);
      if (s[j] !== '!') {
        i = j;
        continue;
      }
      const name = s.slice(i + 1, j - 1).replace(/''/g, "'");
      out += '!';
      i = j + 1;
      // Sheet names cannot hold ':' or brackets: those mean a 3-D span or another workbook.
      refAt(name, /[:[\]]/.test(name));
    } else if (ch === '[') {
      const j = endOfBracket(s, i);
      out += s.slice(i, j);
      i = j;
      const p = execAt(SHEET_PREFIX, s, i);
      if (p) {
        // [1]Sheet!A1: a sheet of another workbook.
        out += p[0];
        i += p[0].length;
        refAt(p[0].slice(0, -1), true);
      }
    } else if (ch === '#') {
      const e = execAt(ERROR_LITERAL, s, i) as RegExpExecArray; // always matches at least '#'
      out += e[0];
      i += e[0].length;
      if (e[0].toUpperCase() === '#REF!') refAt(undefined, true); // #REF!A1: a deleted sheet
    } else if (isNameChar(ch) || ch === '$') {
      const p = ch === '$' ? null : execAt(SHEET_PREFIX, s, i);
      if (p) {
        out += p[0];
        i += p[0].length;
        const name = p[0].slice(0, -1);
        refAt(name, name.includes(':'));
        continue;
      }
      const before = i;
      refAt(undefined, false);
      if (i !== before) continue;
      // A name, function name, number or boolean: copied whole, so LOG10( or 1E5 is never read as a cell.
      let j = i + 1;
      while (isNameChar(s[j])) j++;
      out += s.slice(i, j);
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

const sameSheet = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

function cornerText(c: Corner, row: number | undefined): string {
  let t = '';
  if (c.colText !== undefined) t += (c.colAbs ? '$' : '') + c.colText;
  if (row !== undefined) t += (c.rowAbs ? '$' : '') + row;
  return t;
}

/**
 * Excel's rule for one reference on the target sheet: every row number >= before moves down by count, so a
 * range straddling `before` grows and one below it moves. A single cell pushed off the sheet becomes #REF!;
 * so does a range whose top is pushed off; a range whose bottom alone is pushed off ends at the last row.
 */
function shiftRef(ref: Ref, before: number, count: number): string | undefined {
  const { a, b } = ref;
  if (a.row === undefined || (b && b.row === undefined)) return undefined; // whole columns never move
  const move = (r: number) => (r >= before ? r + count : r);
  const ra = move(a.row);
  const rb = b && move(b.row as number);
  if (ra === a.row && (!b || rb === b.row)) return undefined;
  if (!b || rb === undefined) return ra > MAX_ROWS ? '#REF!' : cornerText(a, ra);
  if (Math.min(ra, rb) > MAX_ROWS) return '#REF!';
  return `${cornerText(a, Math.min(ra, MAX_ROWS))}:${cornerText(b, Math.min(rb, MAX_ROWS))}`;
}

/**
 * Shift A1 references in a formula (no leading '=') as Excel does when `count` rows are inserted before row
 * `before` on sheet `target`. `formulaSheet` is the sheet the formula lives on (unqualified references belong
 * to it); undefined for a workbook-scoped defined name, where only qualified references count.
 * Whole-column references, references to other sheets or workbooks, and string literals are left alone.
 */
export function shiftFormulaRows(
  formula: string,
  o: { target: string; formulaSheet?: string; before: number; count: number }
): string {
  if (o.count === 0) return formula;
  return mapRefs(formula, (ref) => {
    if (ref.foreign) return undefined;
    const sheet = ref.sheet ?? o.formulaSheet;
    if (sheet === undefined || !sameSheet(sheet, o.target)) return undefined;
    return shiftRef(ref, o.before, o.count);
  });
}

/**
 * The same for a plain range list (an sqref such as "A5:B9" or "E5 G7:G9", all on the target sheet).
 * Areas pushed off the sheet are dropped, so the result may be "" (nothing left).
 */
export function shiftSqref(sqref: string, before: number, count: number): string {
  return sqref
    .split(/\s+/)
    .filter(Boolean)
    .map((area) => (count === 0 ? area : mapRefs(area, (ref) => shiftRef(ref, before, count))))
    .filter((area) => !area.includes('#REF!'))
    .join(' ');
}

/**
 * A formula as it reads `rowDelta` rows and `colDelta` columns away from where it was written: relative rows
 * and columns move, $-anchored ones do not (what a shared formula means for each cell it covers). A reference
 * moved off the sheet becomes #REF!.
 */
export function translateFormula(formula: string, rowDelta: number, colDelta: number): string {
  if (rowDelta === 0 && colDelta === 0) return formula;
  return mapRefs(formula, (ref) => {
    let off = false;
    const corner = (c: Corner) => {
      let t = '';
      if (c.col !== undefined) {
        const col = c.colAbs ? c.col : c.col + colDelta;
        if (col < 1 || col > MAX_COLS) off = true;
        t += (c.colAbs ? '$' : '') + (c.colAbs ? c.colText : colLetters(col));
      }
      if (c.row !== undefined) {
        const row = c.rowAbs ? c.row : c.row + rowDelta;
        if (row < 1 || row > MAX_ROWS) off = true;
        t += (c.rowAbs ? '$' : '') + row;
      }
      return t;
    };
    const text = ref.b ? `${corner(ref.a)}:${corner(ref.b)}` : corner(ref.a);
    return off ? '#REF!' : text;
  });
}
