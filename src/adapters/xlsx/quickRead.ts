/**
 * A light .xlsx reader for what operations read (a ReadSpec), giving exactly the Snapshot that the ExcelJS path
 * (`readSnapshot(await loadBook(bytes, label), spec)`) gives, in a fraction of the time: a manager's review
 * reads hundreds of workbooks, and the task pane reads picked files in the browser.
 *
 * It inflates only the parts a snapshot needs (the workbook, its relationships, styles, shared strings and the
 * sheets read, with their relationships; never media or drawings) and scans their XML as text. It mirrors, on
 * purpose and in detail, what preparePackage (package.ts) does to a file and how ExcelJS 4.4 then reads it:
 * cell types and cached results, shared formulas (a dependent gets the translated text `cell.formula` gives),
 * number formats (the cell's own style; a cell not in the file takes its row's, then its column's), merges,
 * `ws.rowCount` / `ws.columnCount` as they stand when readSnapshot asks (cells it reads create rows and cells),
 * and the load errors ExcelJS throws for what it cannot hold. test/adapters/xlsx/quickRead.test.ts holds the two
 * readers to the same answer.
 *
 * No Node APIs: it runs in the task pane's bundle too.
 */
import { strFromU8, unzipSync } from 'fflate';
import { type Rect, rectsIntersect } from '../../domain/a1';
import { UserError, msg } from '../../domain/message';
import type { CellSnap, RangeSnap, ReadSpec, Snapshot } from '../../operations/types';
import { WORKBOOK_PART, checkKind, checkMain, damaged, sniff } from './sniff';
import {
  EMPTY_TEXT_RESULT,
  type Rel,
  TOKEN_SOURCE,
  cellsNeedUs,
  decodeInlineText,
  decodeXml,
  isoToSerial,
  norm,
  protectEscapes,
  relsPathOf,
  resolvePart,
} from './xmlText';
import { areasToRead, nameRef } from '../../operations/types';
import { type CellLink, formulaCell, plain, rectSnap, snapshotOf, typedLogical } from './readRules';

// ===========================================================================
// Errors
// ===========================================================================

/** What loadBook (book.ts) says when ExcelJS throws while loading: the same words, for the same files. */
const loadFailed = (label: string, message: string): UserError =>
  new UserError(
    msg(
      `${label} 無法讀取：檔案可能已損毀（${message}）。請在 Excel 開啟後另存為 .xlsx 再試一次。`,
      `${label} cannot be read: the file may be damaged (${message}). Open it in Excel, save it as .xlsx, and try again.`
    )
  );

/** ExcelJS throws (and loadBook reports) this for what it cannot load; carried up to quickSnapshot's label. */
class LoadError extends Error {}

/** Malformed XML in a part preparePackage parses: the file is damaged. */
class XmlSyntaxError extends Error {}

/** The TypeError V8 gives for reading a property of undefined (as ExcelJS hits it on some files). */
const undefinedRead = (prop: string): string => `Cannot read properties of undefined (reading '${prop}')`;

// ===========================================================================
// Text as ExcelJS's parser hands it over (entities, escapes and placeholders: xmlText.ts, shared with package.ts)
// ===========================================================================

/** Character data as ExcelJS's parser (saxes) hands it over: line ends normalised, references decoded. */
const saxText = (raw: string): string => decodeXml(raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw);

/** An attribute value as saxes hands it over: white space normalised to spaces, references decoded. */
const saxAttr = (raw: string): string =>
  /[\t\n\r&]/.test(raw) ? decodeXml(raw.replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' ')) : raw;

/** ExcelJS's utils.xmlDecode (applied a second time to some text it has already decoded). */
const exceljsXmlDecode = (text: string): string =>
  text.replace(/&([a-z]*);/g, (c) => ({ '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' })[c] ?? c);

/** ExcelJS's TextXform: it decodes escapes with upper-case hex digits only. */
const exceljsUnescape = (s: string): string =>
  s.includes('_x') ? s.replace(/_x([0-9A-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;

// ===========================================================================
// XML: attributes, and a checking walker for the small parts preparePackage parses
// ===========================================================================

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Raw (still escaped) attribute values by name, from the text between a tag's name and its end; the first of
 * a name wins, as a parser's would. Scanned by hand: this runs for every cell.
 */
function rawAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; ;) {
    const eq = s.indexOf('=', i);
    if (eq < 0) return out;
    let a = i;
    while (a < eq && isSpace(s.charCodeAt(a))) a++;
    let b = eq;
    while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
    let q = eq + 1;
    while (q < s.length && isSpace(s.charCodeAt(q))) q++;
    const quote = s[q];
    if (quote !== '"' && quote !== "'") return out;
    const end = s.indexOf(quote, q + 1);
    if (end < 0) return out;
    const name = s.slice(a, b);
    if (out[name] === undefined) out[name] = s.slice(q + 1, end);
    i = end + 1;
  }
}

interface Walker {
  open?(name: string, attrs: string, parents: readonly string[]): void;
  close?(name: string, parents: readonly string[]): void;
  /** Raw character data, or the content of a CDATA section (cdata true), directly inside parents' last. */
  text?(raw: string, parents: readonly string[], cdata: boolean): void;
}

/** Walk a document as package.ts's tokenizer does, throwing XmlSyntaxError where it would. */
function walkXml(xml: string, w: Walker): void {
  const re = new RegExp(TOKEN_SOURCE, 'y');
  const stack: string[] = [];
  let pos = 0;
  while (pos < xml.length) {
    re.lastIndex = pos;
    const m = re.exec(xml);
    if (!m) throw new XmlSyntaxError(`malformed XML near offset ${pos}`);
    pos = re.lastIndex;
    if (m[3] !== undefined) {
      w.open?.(m[3], m[4] ?? '', stack);
      if (m[5] === '/') w.close?.(m[3], stack);
      else stack.push(m[3]);
    } else if (m[2] !== undefined) {
      const top = stack.pop();
      if (top !== m[2]) throw new XmlSyntaxError(`</${m[2]}> closes <${top ?? '(nothing)'}>`);
      w.close?.(m[2], stack);
    } else if (m[6] !== undefined) {
      if (stack.length > 0) w.text?.(m[6], stack, false);
    } else if (m[1].startsWith('<![CDATA[') && stack.length > 0) w.text?.(m[1].slice(9, -3), stack, true);
  }
  if (stack.length > 0) throw new XmlSyntaxError('unexpected end of XML');
}

function readRels(xml: string | undefined): Rel[] {
  if (xml === undefined) return [];
  const rels: Rel[] = [];
  walkXml(xml, {
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const a = rawAttrs(attrs);
      rels.push({
        id: decodeXml(a.Id ?? ''),
        type: decodeXml(a.Type ?? ''),
        target: decodeXml(a.Target ?? ''),
        external: decodeXml(a.TargetMode ?? '') === 'External',
      });
    },
  });
  return rels;
}

// ===========================================================================
// The zip: only the parts asked for are inflated
// ===========================================================================

class Zip {
  /** Stored names (no leading slash) by lower case: part names are case-insensitive. */
  private readonly byLower = new Map<string, string>();
  /** Text of the parts inflated so far, by stored name. */
  private readonly texts = new Map<string, string>();

  /** Lists the parts, inflating at once those named in `first` (lower case). */
  constructor(
    private readonly data: Uint8Array,
    private readonly label: string,
    first: ReadonlySet<string>
  ) {
    const want = new Set<string>();
    let files: Record<string, Uint8Array> | undefined;
    try {
      files = unzipSync(data, {
        filter: (f) => {
          const name = norm(f.name);
          if (name.endsWith('/')) return false;
          this.byLower.set(name.toLowerCase(), name);
          if (!first.has(name.toLowerCase())) return false;
          want.add(name);
          return true;
        },
      });
    } catch {
      // The zip itself, or one of those parts: listing alone tells which.
      this.byLower.clear();
      try {
        unzipSync(data, {
          filter: (f) => {
            const name = norm(f.name);
            if (!name.endsWith('/')) this.byLower.set(name.toLowerCase(), name);
            return false;
          },
        });
      } catch {
        throw damaged(label);
      }
    }
    if (files) this.keep(files);
    else this.load(want);
  }

  private keep(files: Record<string, Uint8Array>): void {
    for (const [name, bytes] of Object.entries(files)) {
      // UTF-8 through TextDecoder, or fflate's own decoder where there is none (EdgeHTML 18).
      try {
        this.texts.set(norm(name), strFromU8(bytes));
      } catch {
        throw damaged(this.label, norm(name));
      }
    }
  }

  /** The stored name of a part, matched case-insensitively. */
  find(part: string): string | undefined {
    return this.byLower.get(norm(part).toLowerCase());
  }

  /** Whether a part is stored under exactly this name (ExcelJS matches some names literally). */
  hasExactly(part: string): boolean {
    return this.byLower.get(part.toLowerCase()) === part;
  }

  /** Inflate these stored parts in one pass (those already inflated are kept). */
  load(parts: Iterable<string | undefined>): void {
    const want = new Set<string>();
    for (const p of parts) if (p !== undefined && !this.texts.has(p)) want.add(p);
    if (want.size === 0) return;
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(this.data, { filter: (f) => want.has(norm(f.name)) });
    } catch {
      // Name the part that cannot be inflated, as preparePackage does.
      for (const p of want) {
        try {
          unzipSync(this.data, { filter: (f) => norm(f.name) === p });
        } catch {
          throw damaged(this.label, p);
        }
      }
      throw damaged(this.label);
    }
    this.keep(files);
  }

  /** The text of an inflated part (undefined when the zip has no such part). */
  text(part: string | undefined): string | undefined {
    if (part === undefined) return undefined;
    this.load([part]);
    return this.texts.get(part);
  }
}

/** Run `fn` on the XML of `part`; malformed XML is a damaged file, naming the part. */
function inPart<T>(label: string, part: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw damaged(label, part);
    throw e;
  }
}

// ===========================================================================
// Styles: number formats of cellXfs, as ExcelJS's StylesXform.getStyleModel gives them
// ===========================================================================

/** ExcelJS's built-in formats (defaultnumformats.js, those with a culture-neutral code). */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** A cell style as far as the snapshot needs it; null where ExcelJS finds no style of that index. */
type Style = { numFmt?: string } | null;

class Styles {
  /** cellXfs' numFmtIds, or undefined when the part has none (ExcelJS then throws on any style index). */
  private readonly xfs: number[] | undefined;
  /** Whether there are differential formats (conditional formats' styles); ExcelJS throws on a dxfId without. */
  readonly hasDxfs: boolean;
  private readonly formats = new Map<number, string>();

  constructor(xml: string) {
    let numFmts: string | undefined;
    let cellXfs: string | undefined;
    let dxfs: string | undefined;
    // The last of each list counts, as in ExcelJS (each opening starts the list anew).
    for (const m of xml.matchAll(/<(numFmts|cellXfs|dxfs)(?=[\s/>])[^>]*?(?:\/>|>([\s\S]*?)<\/\1\s*>)/g)) {
      if (m[1] === 'numFmts') numFmts = m[2] ?? '';
      else if (m[1] === 'cellXfs') cellXfs = m[2] ?? '';
      else dxfs = m[2] ?? '';
    }
    this.hasDxfs = /<dxf[\s/>]/.test(dxfs ?? '');
    for (const m of (numFmts ?? '').matchAll(/<numFmt(?=[\s/>])([^>]*)>/g)) {
      const a = rawAttrs(m[1]);
      const code = a.formatCode === undefined ? '' : saxAttr(a.formatCode).replace(/[\\](.)/g, '$1');
      this.formats.set(parseInt(saxAttr(a.numFmtId ?? ''), 10), code);
    }
    const xfs = [...(cellXfs ?? '').matchAll(/<xf(?=[\s/>])([^>]*)>/g)].map((m) =>
      parseInt(saxAttr(rawAttrs(m[1]).numFmtId ?? ''), 10)
    );
    this.xfs = xfs.length > 0 ? xfs : undefined;
  }

  private readonly cache = new Map<number, Style>();

  /** getStyleModel(id): throws (as ExcelJS) when the part has no cellXfs. */
  style(id: number): Style {
    if (this.xfs === undefined) throw new LoadError(undefinedRead(String(id)));
    let s = this.cache.get(id);
    if (s !== undefined) return s;
    const numFmtId = Object.prototype.hasOwnProperty.call(this.xfs, id) ? this.xfs[id] : undefined;
    if (numFmtId === undefined) s = null;
    else {
      s = {};
      const fmt = numFmtId ? this.formats.get(numFmtId) || BUILTIN_FORMATS[numFmtId] : undefined;
      if (fmt) s.numFmt = fmt;
    }
    this.cache.set(id, s);
    return s;
  }
}

/** ExcelJS's utils.isDateFmt: a number in such a cell is read as a Date. */
function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

// ===========================================================================
// Shared strings, decoded on demand
// ===========================================================================

type RichRun = { text?: string };
/** An entry as ExcelJS holds it: text, rich text, or {} for an empty <si/>. */
type SharedString = string | { richText?: RichRun[] };

class SharedStrings {
  private readonly starts: number[] = [];
  private readonly decoded = new Map<number, SharedString>();

  constructor(private readonly xml: string) {
    for (let i = xml.indexOf('<si'); i >= 0; i = xml.indexOf('<si', i + 3)) {
      const next = xml.charCodeAt(i + 3);
      // <si>, <si/>, <si …>: not <sis…>.
      if (next === 0x3e || next === 0x2f || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) this.starts.push(i);
    }
    // ExcelJS reads every entry when it loads, and throws on a run after plain text: with runs, read them all.
    if (/<r[\s>]/.test(xml)) for (let i = 0; i < this.starts.length; i++) this.get(i);
  }

  get count(): number {
    return this.starts.length;
  }

  get(index: number): SharedString {
    let s = this.decoded.get(index);
    if (s === undefined) {
      s = this.parse(this.starts[index]);
      this.decoded.set(index, s);
    }
    return s;
  }

  /** One <si> as ExcelJS's SharedStringXform reads it. */
  private parse(start: number): SharedString {
    const xml = this.xml;
    const openEnd = xml.indexOf('>', start);
    if (xml[openEnd - 1] === '/') return {};
    const end = xml.indexOf('</si>', openEnd);
    const body = xml.slice(openEnd + 1, end < 0 ? xml.length : end);
    let model: SharedString = {};
    const re = /<(\/?)([^\s/>!?]+)[^>]*?(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;
    let inRun: RichRun | null = null;
    let inRPh = 0;
    let inRPr = false;
    let text: string[] | null = null;
    let last = 0;
    for (let m = re.exec(body); ; m = re.exec(body)) {
      const at = m ? m.index : body.length;
      if (text && at > last && !inRPr) text.push(saxText(protectEscapes(body.slice(last, at))));
      if (!m) break;
      last = re.lastIndex;
      if (m[2] === undefined) continue; // CDATA (ExcelJS ignores it), comment
      const name = m[2];
      const closing = m[1] === '/';
      const selfClosing = m[3] === '/';
      if (!closing) {
        if (inRPh > 0) {
          if (name === 'rPh' && !selfClosing) inRPh++;
        } else if (inRun) {
          if (inRPr) {
            // inside the run's font
          } else if (name === 't') text = [];
          else if (name === 'rPr') inRPr = !selfClosing;
        } else if (name === 'r') inRun = {};
        else if (name === 'rPh') inRPh = selfClosing ? 0 : 1;
        else if (name === 't') text = [];
      }
      if (closing || selfClosing) {
        if (inRPh > 0) {
          if (name === 'rPh') inRPh--;
        } else if (inRun) {
          if (name === 'rPr') inRPr = false;
          else if (name === 't' && text) {
            inRun.text = exceljsUnescape(text.join(''));
            text = null;
          } else if (name === 'r') {
            if (typeof model === 'string') throw new LoadError(`Cannot create property 'richText' on string '${model}'`);
            (model.richText ??= []).push(inRun);
            inRun = null;
          }
        } else if (name === 't' && text) {
          model = exceljsUnescape(text.join(''));
          text = null;
        }
      }
    }
    return model;
  }
}

// ===========================================================================
// ExcelJS's colCache and shared-formula translation
// ===========================================================================

function colLetters(n: number): string {
  if (n < 1 || n > 16384) throw new Error(`${n} is out of bounds. Excel supports columns from 1 to 16384`);
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

interface Address {
  address: string;
  col: number | undefined;
  row: number | undefined;
}

/** colCache.decodeAddress: letters then digits, "$" skipped, anything after both ends it. */
function decodeAddress(value: string): Address {
  let col = '';
  let colNumber = 0;
  let row = '';
  let rowNumber = 0;
  let hasCol = false;
  let hasRow = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!hasRow && c >= 65 && c <= 90) {
      hasCol = true;
      col += value[i];
      colNumber = colNumber * 26 + c - 64;
    } else if (c >= 48 && c <= 57) {
      hasRow = true;
      row += value[i];
      rowNumber = rowNumber * 10 + c - 48;
    } else if (hasRow && hasCol && c !== 36) break;
  }
  if (hasCol && colNumber > 16384) throw new LoadError(`Out of bounds. Invalid column letter: ${col}`);
  return { address: col + row, col: hasCol ? colNumber : undefined, row: hasRow ? rowNumber : undefined };
}

const CANDIDATE = /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi;
const CELL_REF = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i;

/** ExcelJS's slideFormula: a shared formula's text as seen from a dependent cell. */
function slideFormula(formula: string | undefined, fromCell: string, toCell: string): string {
  if (formula === undefined) throw new TypeError(undefinedRead('replace'));
  const from = decodeAddress(fromCell);
  const to = decodeAddress(toCell);
  const dCol = (to.col ?? NaN) - (from.col ?? NaN);
  const dRow = (to.row ?? NaN) - (from.row ?? NaN);
  return formula.replace(CANDIDATE, (refMatch: string, sheet: string | undefined, _s, addrPart: string, paren?: string) => {
    if (paren) return refMatch;
    const m = CELL_REF.exec(addrPart);
    if (!m) return refMatch;
    const colStr = m[2].toUpperCase();
    if (colStr.length > 3 || (colStr.length === 3 && colStr > 'XFD')) return refMatch;
    let col = 0;
    for (const ch of colStr) col = col * 26 + ch.charCodeAt(0) - 64;
    let row = parseInt(m[4], 10);
    if (!m[1]) col += dCol;
    if (!m[3]) row += dRow;
    return (sheet || '') + (m[1] || '') + colLetters(col) + (m[3] || '') + row;
  });
}

/** ExcelJS's utils.excelToDate (any value: a text result in a date cell becomes an Invalid Date). */
const excelToDate = (v: unknown, date1904: boolean): Date =>
  new Date(Math.round(((v as number) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

// ===========================================================================
// Worksheets
// ===========================================================================

/** A cell as ExcelJS holds it after loading (type, value, style), formulas with their parts. */
interface XCell {
  type: 'null' | 'number' | 'string' | 'date' | 'boolean' | 'error' | 'formula' | 'shared';
  /** The value (number, text, {richText}, a Date, {error}); for 'shared', the index into the shared strings. */
  value: unknown;
  numFmt: string | undefined;
  /** colCache's address of the cell (Cell.address), and the one in the file (the formula model's). */
  address: string;
  modelAddress: string | undefined;
  formula?: string;
  sharedFormula?: string;
  shareType?: string;
  ref?: string;
  result?: unknown;
}

interface RowState {
  /** Row.cellCount: the length of its cell array (created cells, empty ones included). */
  len: number;
  /** Row.hasValues: a cell whose type is not Null (merged-away cells count). */
  values: boolean;
  /** The row's style's number format (a cell not in the file takes it first). */
  numFmt: string | undefined;
}

const MAX_COLS = 16384;
const keyOf = (r: number, c: number): number => r * MAX_COLS + (c - 1);

/** One worksheet as ExcelJS loaded it, and the rows and cells readSnapshot has created since. */
class Sheet {
  readonly cells = new Map<number, XCell>();
  readonly rows = new Map<number, RowState>();
  maxRow = 0;
  /** Cells merged into another (not their merge's top-left). */
  private readonly hidden = new Set<number>();
  private readonly bigMerges: Rect[] = [];
  colFormats: Array<string | undefined> = [];
  links: CellLink[] = [];

  constructor(readonly name: string) {}

  /** ws.getCell(r, c): creates the row and the cell when missing. */
  touch(r: number, c: number): RowState {
    let row = this.rows.get(r);
    if (!row) {
      row = { len: 0, values: false, numFmt: undefined };
      this.rows.set(r, row);
      if (r > this.maxRow) this.maxRow = r;
    }
    if (c > row.len) row.len = c;
    return row;
  }

  get rowCount(): number {
    return this.maxRow;
  }

  get columnCount(): number {
    let max = 0;
    for (const row of this.rows.values()) if (row.values && row.len > max) max = row.len;
    return max;
  }

  isHidden(r: number, c: number): boolean {
    if (this.hidden.has(keyOf(r, c))) return true;
    return this.bigMerges.some(
      (m) => r >= m.top && r <= m.bottom && c >= m.left && c <= m.right && (r !== m.top || c !== m.left)
    );
  }

  /** mergeCellsWithoutStyle, as ExcelJS applies <mergeCells> after the rows. */
  merge(m: Rect): void {
    this.touch(m.top, m.left);
    const big = (m.bottom - m.top + 1) * (m.right - m.left + 1) > 100_000;
    if (big) this.bigMerges.push(m);
    for (let r = m.top; r <= m.bottom; r++) {
      const row = this.touch(r, m.right);
      if (r > m.top || m.right > m.left) row.values = true;
      if (!big) for (let c = r === m.top ? m.left + 1 : m.left; c <= m.right; c++) this.hidden.add(keyOf(r, c));
    }
  }

  /** The number format of a cell created now (not in the file): the row's style, then the column's. */
  newCellFormat(r: number, c: number): string | undefined {
    return this.rows.get(r)?.numFmt || this.colFormats[c - 1];
  }
}

/** What a sheet's reading needs from the workbook. */
interface SheetContext {
  styles: Styles | undefined;
  sst: SharedStrings | undefined;
  date1904: boolean;
}

/** A cell as ExcelJS's CellXform builds it while parsing. */
interface CellModel {
  address: string | undefined;
  t: string | undefined;
  styleId: number | undefined;
  formula?: string;
  si?: string;
  shareType?: string;
  ref?: string;
  value?: string | { richText: RichRun[] };
  result?: unknown;
}

/** The content of the last element of this name (ExcelJS's lists start anew at each). */
function lastBlock(xml: string, name: string): string | undefined {
  let content: string | undefined;
  for (const m of xml.matchAll(new RegExp(`<${name}(?=[\\s/>])[^>]*?(?:/>|>([\\s\\S]*?)</${name}\\s*>)`, 'g')))
    content = m[1] ?? '';
  return content;
}

const TAG = /<(\/?)([^\s/>!?]+)([^>]*?)(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;

/**
 * Read one worksheet's XML: what preparePackage changes in its cells, then ExcelJS's parse (RowXform,
 * CellXform), reconcile (styles, shared strings, dates, shared formulas), rows, merges, and the hyperlinks
 * preparePackage takes out.
 */
function readSheet(name: string, xml: string, rels: Rel[], ctx: SheetContext): Sheet {
  const sheet = new Sheet(name);
  const { styles, sst, date1904 } = ctx;
  // preparePackage rewrites cells only when the sheet has one of these (cellsNeedUs, as package.ts asks).
  const prepared = cellsNeedUs(xml);
  const styleOf = (id: number | undefined): Style => {
    if (!id) return null;
    if (!styles) throw new LoadError(undefinedRead('getStyleModel'));
    return styles.style(id);
  };

  // Columns: Column.fromModel, sorted by min; a column's style for cells created in it.
  const cols = lastBlock(xml, 'cols');
  if (cols !== undefined) {
    const defs = [...cols.matchAll(/<col(?=[\s/>])([^>]*)>/g)].map((m) => {
      const a = rawAttrs(m[1]);
      const style = a.style ? parseInt(saxAttr(a.style), 10) : undefined;
      return {
        min: parseInt(saxAttr(a.min || '0'), 10),
        max: parseInt(saxAttr(a.max || '0'), 10),
        numFmt: style ? styleOf(style)?.numFmt : undefined,
      };
    });
    defs.sort((a, b) => a.min - b.min);
    const formats: Array<string | undefined> = [];
    let count = 1;
    for (const d of defs) {
      while (count < d.min) formats[count++ - 1] = undefined;
      while (count <= d.max && count <= MAX_COLS) formats[count++ - 1] = d.numFmt;
    }
    sheet.colFormats = formats;
  }

  // Shared formula masters by si, as reconcile registers them (document order).
  const formulae: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
  /** Cells of each row element, kept until the row is placed (a later row of the same number replaces it). */
  const rowCells = new Map<number, number[]>();

  const sdOpen = /<sheetData(?=[\s/>])[^>]*?(\/?)>/.exec(xml);
  if (sdOpen && sdOpen[1] !== '/') {
    const start = sdOpen.index + sdOpen[0].length;
    const endMatch = /<\/sheetData\s*>/g;
    endMatch.lastIndex = start;
    const close = endMatch.exec(xml);
    const end = close ? close.index : xml.length;

    let row: {
      number: number;
      styleId: number | undefined;
      cells: Array<{ model: CellModel; type: XCell['type'] | 'merge' }>;
    } | null = null;
    let cell: CellModel | null = null;
    // CellXform's state: currentNode outlives a cell.
    let currentNode: 'f' | 'v' | 't' | undefined;
    let stack: string[] = [];
    let run: { text?: string } | null = null;
    let runText: string[] | null = null;
    let inRPr = false;
    let hasF = false;
    // The first <v> directly in the cell (package.ts edits it): its text, and the value around it.
    let firstV: { text: string; before: string | undefined; after?: number; open: boolean } | null = null;

    const appendValue = (text: string): void => {
      if (!cell) return;
      // After a rich-text run, text goes to a property of the run array (lost).
      if (cell.value !== undefined && typeof cell.value !== 'string') return;
      cell.value = cell.value ? cell.value + text : text;
    };
    const valueText = (raw: string): string => {
      // preparePackage's inline-string edits (package.ts preparedCell): only in such a sheet, on <is>'s text.
      if (prepared && cell?.t === 'inlineStr' && stack[0] === 'is') {
        if (stack.length === 2 && stack[1] === 't') return saxText(decodeInlineText(raw));
        if (stack.length === 3 && stack[1] === 'r' && stack[2] === 't') return saxText(protectEscapes(raw));
      }
      return saxText(raw);
    };

    const finishCell = (): void => {
      const model = cell!;
      cell = null;
      // preparePackage (package.ts preparedCell): ISO dates, the empty text result of a formula.
      if (prepared && firstV && model.t !== 'inlineStr') {
        let replacement: string | undefined;
        if (model.t === 'd') {
          const s = isoToSerial(firstV.text, date1904);
          if (s !== undefined) {
            model.t = undefined;
            replacement = String(s);
          }
        } else if (model.t === 'str' && firstV.text === '' && hasF) replacement = EMPTY_TEXT_RESULT;
        if (replacement !== undefined) {
          const before = firstV.before ?? '';
          const whole = typeof model.value === 'string' ? model.value : '';
          model.value = before + replacement + whole.slice(firstV.after ?? whole.length);
        }
      }
      // CellXform.parseClose('c'): the type.
      let type: XCell['type'] | 'merge';
      if (model.formula || model.shareType) {
        type = 'formula';
        const v = model.value;
        if (v) {
          if (model.t === 'str') model.result = exceljsXmlDecode(v as string);
          else if (model.t === 'b') model.result = parseInt(v as string, 10) !== 0;
          else if (model.t === 'e') model.result = { error: v };
          else model.result = parseFloat(v as string);
          model.value = undefined;
        }
      } else if (model.value !== undefined) {
        const v = model.value;
        switch (model.t) {
          case 's':
            type = 'shared';
            break;
          case 'str':
            type = 'string';
            model.value = exceljsXmlDecode(v as string);
            break;
          case 'inlineStr':
            type = 'string';
            break;
          case 'b':
            type = 'boolean';
            break;
          case 'e':
            type = 'error';
            break;
          default:
            type = 'number';
        }
      } else type = model.styleId ? 'null' : 'merge';
      row!.cells.push({ model, type });
    };

    const finishRow = (): void => {
      const r = row!;
      row = null;
      // RowXform.reconcile: the row's style, then each cell's (CellXform.reconcile).
      const rowFmt = r.styleId ? styleOf(r.styleId)?.numFmt : undefined;
      if (Number.isNaN(r.number)) throw new LoadError('Invalid row number in model');
      const placed: Array<{ col: number; cell: XCell }> = [];
      let previous: Address | undefined;
      for (const { model, type } of r.cells) {
        // A cell's style, where there is a styles part (for rows and columns ExcelJS does not look first).
        const style = model.styleId && styles ? styles.style(model.styleId) : null;
        const x: XCell = {
          type: type === 'merge' ? 'null' : type,
          value: model.value,
          numFmt: style?.numFmt,
          address: '',
          modelAddress: model.address,
        };
        if (type === 'shared') {
          const index = parseInt(model.value as string, 10);
          if (sst) {
            if (!(index >= 0 && index < sst.count)) throw new LoadError(undefinedRead('richText'));
            x.value = index;
          } else {
            // No shared strings part: ExcelJS keeps the index, a number.
            x.type = 'string';
            x.value = index;
          }
        } else if (type === 'boolean') x.value = parseInt(model.value as string, 10) !== 0;
        else if (type === 'error') x.value = { error: model.value };
        else if (type === 'number') {
          x.value = parseFloat(model.value as string);
          if (style && isDateFmt(style.numFmt)) {
            x.type = 'date';
            x.value = excelToDate(x.value, date1904);
          }
        } else if (type === 'formula') {
          x.formula = model.formula;
          x.ref = model.ref;
          x.result = model.result;
          if (model.result !== undefined && style && isDateFmt(style.numFmt)) x.result = excelToDate(model.result, date1904);
          if (model.shareType === 'shared') {
            if (model.ref) {
              formulae[model.si ?? 'undefined'] = model.address;
              x.shareType = 'shared';
            } else x.sharedFormula = formulae[model.si ?? 'undefined'];
          } else x.shareType = model.shareType;
        }
        if (type === 'merge') continue;
        // Row.model: the cell's place, from its address or after the one before.
        let address: Address | undefined;
        if (model.address) address = decodeAddress(model.address);
        else if (previous && previous.col !== undefined) {
          // ExcelJS: the next column, in the row of the cell before.
          const col = previous.col + 1;
          if (col > MAX_COLS) throw new LoadError(`${col} is out of bounds. Excel supports columns from 1 to 16384`);
          address = { address: colLetters(col) + String(previous.row), col, row: previous.row };
        }
        if (!address) throw new LoadError(undefinedRead('col'));
        previous = address;
        if (address.col === undefined) throw new LoadError('A Cell needs a Row');
        if (!/^[A-Z]+\d+$/.test(address.address)) throw new LoadError(`Invalid Address: ${address.address}`);
        x.address = address.address;
        placed.push({ col: address.col, cell: x });
      }
      if (r.number < 1) return;
      // Worksheet._parseRows: a later row element of the same number replaces the row.
      for (const k of rowCells.get(r.number) ?? []) sheet.cells.delete(k);
      const keys: number[] = [];
      const state: RowState = { len: 0, values: false, numFmt: rowFmt };
      sheet.rows.set(r.number, state);
      if (r.number > sheet.maxRow) sheet.maxRow = r.number;
      for (const { col, cell: x } of placed) {
        const k = keyOf(r.number, col);
        sheet.cells.set(k, x);
        keys.push(k);
        if (col > state.len) state.len = col;
      }
      for (const k of keys) if (sheet.cells.get(k)!.type !== 'null') state.values = true;
      rowCells.set(r.number, keys);
    };

    TAG.lastIndex = start;
    let last = start;
    for (let m = TAG.exec(xml); m && m.index < end; m = TAG.exec(xml)) {
      // Character data before this tag.
      if (cell && m.index > last) {
        const raw = xml.slice(last, m.index);
        if (firstV?.open && stack.length === 1) firstV.text += decodeXml(raw);
        if (run) {
          if (runText && !inRPr) runText.push(valueText(raw));
        } else if (currentNode === 'f') cell.formula = (cell.formula ?? '') + saxText(raw);
        else if (currentNode === 'v' || currentNode === 't') appendValue(valueText(raw));
      }
      last = TAG.lastIndex;
      const name = m[2];
      if (name === undefined) {
        // CDATA (ExcelJS ignores it; package.ts's textOf counts it), comment, processing instruction.
        if (m[5] !== undefined && cell && firstV?.open && stack.length === 1) firstV.text += m[5];
        continue;
      }
      const closing = m[1] === '/';
      const selfClosing = m[4] === '/';
      if (!closing) {
        if (cell) {
          if (run) {
            if (!inRPr) {
              if (name === 't') runText = [];
              else if (name === 'rPr') inRPr = true;
            }
          } else if (name === 'f') {
            currentNode = 'f';
            const a = rawAttrs(m[3]);
            cell.si = a.si === undefined ? undefined : saxAttr(a.si);
            cell.shareType = a.t === undefined ? undefined : saxAttr(a.t);
            cell.ref = a.ref === undefined ? undefined : saxAttr(a.ref);
          } else if (name === 'v') currentNode = 'v';
          else if (name === 't') currentNode = 't';
          else if (name === 'r') {
            run = {};
            runText = null;
            inRPr = false;
          }
          if (stack.length === 0) {
            if (name === 'f') hasF = true;
            if (name === 'v' && !firstV) {
              firstV = { text: '', before: typeof cell.value === 'string' ? cell.value : undefined, open: true };
            }
          }
          stack.push(name);
        } else if (row) {
          if (name === 'c') {
            const a = rawAttrs(m[3]);
            cell = {
              address: a.r === undefined ? undefined : saxAttr(a.r),
              t: a.t === undefined ? undefined : saxAttr(a.t),
              styleId: a.s ? parseInt(saxAttr(a.s), 10) : undefined,
            };
            stack = [];
            run = null;
            hasF = false;
            firstV = null;
          }
        } else if (name === 'row') {
          const a = rawAttrs(m[3]);
          row = { number: parseInt(saxAttr(a.r ?? ''), 10), styleId: a.s ? parseInt(saxAttr(a.s), 10) : undefined, cells: [] };
        }
      }
      if (closing || selfClosing) {
        if (cell) {
          if (name === 'c' && stack.length === 0) {
            finishCell();
            continue;
          }
          stack.pop();
          if (stack.length === 0 && name === 'v' && firstV?.open) {
            firstV.open = false;
            firstV.after = typeof cell.value === 'string' ? cell.value.length : undefined;
          }
          if (run) {
            if (name === 'rPr') inRPr = false;
            else if (name === 't' && runText && !inRPr) {
              run.text = exceljsUnescape(runText.join(''));
              runText = null;
            } else if (name === 'r') {
              // CellXform: runs gather in value.richText; after plain text ExcelJS throws.
              const value = cell.value ?? { richText: [] };
              if (typeof value === 'string') throw new LoadError(`Cannot create property 'richText' on string '${value}'`);
              value.richText.push(run);
              cell.value = value;
              run = null;
              currentNode = undefined;
            }
          } else if (name === 'f' || name === 'v' || name === 'is' || name === 't') currentNode = undefined;
        } else if (row && name === 'row') finishRow();
      }
    }
  }

  // Conditional formats: ExcelJS looks up each rule's differential style (StylesXform.getDxfStyle).
  for (const block of xml.matchAll(/<conditionalFormatting(?=[\s>])[^>]*>([\s\S]*?)<\/conditionalFormatting\s*>/g)) {
    for (const m of block[1].matchAll(/<cfRule(?=[\s/>])([^>]*)>/g)) {
      const dxfId = rawAttrs(m[1]).dxfId;
      if (dxfId === undefined) continue;
      if (!styles) throw new LoadError(undefinedRead('getDxfStyle'));
      if (!styles.hasDxfs) throw new LoadError(undefinedRead(String(parseInt(saxAttr(dxfId), 10))));
    }
  }

  // Merges, in order; ExcelJS refuses overlapping ones.
  const mergeCells = lastBlock(xml, 'mergeCells');
  if (mergeCells !== undefined) {
    const done: Rect[] = [];
    for (const m of mergeCells.matchAll(/<mergeCell(?=[\s/>])([^>]*)>/g)) {
      const ref = rawAttrs(m[1]).ref;
      if (ref === undefined) continue;
      const rect = mergeRange(saxAttr(ref));
      if (done.some((d) => rectsIntersect(d, rect))) throw new LoadError('Cannot merge already merged cells');
      done.push(rect);
      sheet.merge(rect);
    }
  }

  // Hyperlinks, as preparePackage takes them out (package.ts prepareWorksheet).
  for (const block of xml.matchAll(/<hyperlinks(?=[\s>])[^>]*>([\s\S]*?)<\/hyperlinks\s*>/g)) {
    for (const m of block[1].matchAll(/<hyperlink(?=[\s/>])([^>]*)>/g)) {
      const raw = rawAttrs(m[1]);
      const ref = raw.ref === undefined ? '' : decodeXml(raw.ref);
      if (!ref) continue;
      const idName = Object.keys(raw).find((k) => /^[^:]+:id$/.test(k));
      const id = idName === undefined ? undefined : decodeXml(raw[idName]);
      const rel = id === undefined ? undefined : rels.find((r) => r.id === id);
      const target = rel?.target ? rel.target : undefined;
      const location = raw.location === undefined ? undefined : decodeXml(raw.location);
      if (target === undefined && location === undefined) continue;
      sheet.links.push({ ref, text: `${target ?? ''}${location !== undefined ? `#${location}` : ''}` });
    }
  }
  return sheet;
}

/** new Range(ref) for a merge: colCache.decodeEx, with Range's "|| 1". */
function mergeRange(ref: string): Rect {
  const reference = /(?:(?:(?:'((?:[^']|'')*)')|([^'^ !]*))!)?(.*)/.exec(ref)![3];
  const parts = reference.split(':');
  let t: number | undefined;
  let l: number | undefined;
  let b: number | undefined;
  let r: number | undefined;
  if (parts.length > 1) {
    const tl = decodeAddress(parts[0]);
    const br = decodeAddress(parts[1]);
    t = Math.min(tl.row as number, br.row as number);
    l = Math.min(tl.col as number, br.col as number);
    b = Math.max(tl.row as number, br.row as number);
    r = Math.max(tl.col as number, br.col as number);
  }
  if (!t) {
    const a = reference.startsWith('#') ? { row: undefined, col: undefined } : decodeAddress(reference);
    t = b = a.row;
    l = r = a.col;
  }
  return { top: t || 1, left: l || 1, bottom: b || 1, right: r || 1 };
}

// ===========================================================================
// Cells → CellSnap (snapshot.ts's readCell, by the rules of readRules.ts)
// ===========================================================================

class Book {
  constructor(
    private readonly sst: SharedStrings | undefined,
    private readonly date1904: boolean
  ) {}

  /** Cell.formula: the cell's own text, or a shared formula's, translated from its master. */
  private formulaOf(sheet: Sheet, x: XCell): string | undefined {
    if (x.formula) return x.formula;
    if (!x.sharedFormula) return undefined;
    const at = decodeAddress(x.sharedFormula);
    if (at.row === undefined || at.col === undefined) return undefined;
    const master = sheet.cells.get(keyOf(at.row, at.col));
    if (!master && !sheet.isHidden(at.row, at.col)) return undefined;
    // A master merged away, or a cell that is no formula, has no formula: ExcelJS throws translating it.
    const text =
      master && !sheet.isHidden(at.row, at.col) && master.type === 'formula' ? this.formulaOf(sheet, master) : undefined;
    // A dependent without an address of its own (no r): ExcelJS fails to decode it.
    if (x.modelAddress === undefined) throw new TypeError(undefinedRead('split'));
    return slideFormula(text, master?.address ?? at.address, x.modelAddress);
  }

  private valueOf(x: XCell): unknown {
    return x.type === 'shared' ? this.sst!.get(x.value as number) : x.value;
  }

  readCell(sheet: Sheet, r: number, c: number): CellSnap {
    const out: CellSnap = { kind: 'empty', value: null };
    if (sheet.isHidden(r, c)) {
      sheet.touch(r, c);
      return { ...out, hidden: true };
    }
    const x = sheet.cells.get(keyOf(r, c));
    const fmt = x ? x.numFmt : sheet.newCellFormat(r, c);
    sheet.touch(r, c);
    if (x?.type === 'formula' && (x.formula || x.sharedFormula)) {
      const formula = String(this.formulaOf(sheet, x) ?? x.formula ?? '');
      const logical = typedLogical(formula);
      if (logical) return logical;
      Object.assign(out, formulaCell(formula, x.result, this.date1904));
    } else if (x?.type === 'formula') {
      // ExcelJS's value of a formula cell with neither text nor master is a plain object.
      Object.assign(out, { kind: 'string', value: '[object Object]' });
    } else if (x) Object.assign(out, plain(this.valueOf(x), this.date1904));
    if (fmt && fmt !== 'General') out.format = fmt;
    return out;
  }

  readRect(sheet: Sheet, links: CellLink[], rect: Rect): RangeSnap {
    return rectSnap(sheet.name, rect, links, (r, c) => this.readCell(sheet, r, c));
  }
}

// ===========================================================================
// The workbook
// ===========================================================================

interface SheetEntry {
  name: string;
  id: number;
  part: string;
}

/** ExcelJS's worksheet name rules (Worksheet's name setter), with what it throws. */
function checkSheetName(name: string, existing: readonly string[], listed: boolean): string {
  if (name === '') throw new LoadError("The name can't be empty.");
  if (name === 'History') throw new LoadError('The name "History" is protected. Please use a different name.');
  if (/[*?:/\\[\]]/.test(name))
    throw new LoadError(`Worksheet name ${name} cannot include any of the following characters: * ? : \\ / [ ]`);
  if (/(^')|('$)/.test(name))
    throw new LoadError(`The first or last character of worksheet name cannot be a single quotation mark: ${name}`);
  const kept = name.length > 31 ? name.substring(0, 31) : name;
  if (existing.some((n) => n.toLowerCase() === kept.toLowerCase())) throw new LoadError(`Worksheet name already exists: ${kept}`);
  // Loading sets the name twice; a truncated name then meets itself (when the sheet is listed by its id).
  if (kept !== name && listed) throw new LoadError(`Worksheet name already exists: ${kept}`);
  return kept;
}

const isArrayIndex = (n: number): boolean => Number.isInteger(n) && n >= 0 && n < 2 ** 32 - 1;

/**
 * Bytes of an .xlsx → the Snapshot an operation asked for, exactly as
 * `readSnapshot(await loadBook(bytes, label), spec)` gives it. Throws UserError (bilingual) for what is not a
 * readable .xlsx.
 */
export function quickSnapshot(data: Uint8Array, label: string, spec: ReadSpec): Snapshot {
  try {
    return read(data, label, spec);
  } catch (e) {
    if (e instanceof LoadError) throw loadFailed(label, e.message);
    throw e;
  }
}

function read(data: Uint8Array, label: string, spec: ReadSpec): Snapshot {
  sniff(data, label);
  const zip = new Zip(data, label, new Set(['mimetype', '_rels/.rels', WORKBOOK_PART, relsPathOf(WORKBOOK_PART)]));

  // preparePackage's checkZip.
  const mimetypePart = zip.find('mimetype');
  const rootRelsPart = zip.find('_rels/.rels');
  const workbookRelsPart = zip.find(relsPathOf(WORKBOOK_PART));
  checkKind({ mimetype: zip.text(mimetypePart), has: (part) => zip.find(part) !== undefined }, label);
  const rootRels = inPart(label, '_rels/.rels', () => readRels(zip.text(rootRelsPart)));
  const office = rootRels.find((r) => r.type.endsWith('/officeDocument'));
  checkMain(office?.type, office ? zip.find(resolvePart('', office.target)) : zip.find(WORKBOOK_PART), label);

  // The worksheets preparePackage keeps (worksheet relationships to parts that are there), by relationship id.
  const workbookRels = inPart(label, relsPathOf(WORKBOOK_PART), () => readRels(zip.text(workbookRelsPart)));
  const sheetParts = new Map<string, string>();
  for (const rel of workbookRels) {
    if (rel.external || !rel.type.endsWith('/worksheet')) continue;
    const part = zip.find(resolvePart(WORKBOOK_PART, rel.target));
    if (part !== undefined) sheetParts.set(rel.id, part);
  }

  // workbook.xml: sheets, 1904 dates, defined names (package.ts takeNames; ExcelJS's workbook parse).
  const workbookXml = zip.text(WORKBOOK_PART)!;
  const allIds: number[] = [];
  const entries: SheetEntry[] = [];
  let date1904Attr: string | undefined;
  const definedNames: Array<{ name: string; formula: string }> = [];
  /** The definedName being read: kept (workbook-scoped, not built-in) or not, and its depth. */
  let dn: { keep: boolean; name: string; formula: string; depth: number } | null = null;
  inPart(label, WORKBOOK_PART, () =>
    walkXml(workbookXml, {
      open(name, attrs, parents) {
        const parent = parents[parents.length - 1];
        if (name === 'sheet' && parent === 'sheets') {
          const a = rawAttrs(attrs);
          if (a.name === undefined) throw new LoadError(undefinedRead('replace'));
          const id = parseInt(saxAttr(a.sheetId ?? ''), 10);
          allIds.push(id);
          const relId = a['r:id'] === undefined ? undefined : decodeXml(a['r:id']);
          const part = relId === undefined ? undefined : sheetParts.get(relId);
          if (part !== undefined) entries.push({ name: exceljsXmlDecode(saxAttr(a.name)), id, part });
        } else if (name === 'workbookPr') {
          const d = rawAttrs(attrs).date1904;
          if (d !== undefined) date1904Attr = decodeXml(d);
        } else if (name === 'definedName' && parent === 'definedNames' && !dn) {
          const a = rawAttrs(attrs);
          const dname = decodeXml(a.name ?? '');
          // Workbook-scoped user names only: sheet-scoped ones and built-ins (_xlnm.*) are not the contract's.
          dn = {
            keep: a.localSheetId === undefined && !/^_xlnm\./i.test(dname),
            name: dname,
            formula: '',
            depth: parents.length,
          };
        }
      },
      close(name, parents) {
        if (dn && name === 'definedName' && parents.length === dn.depth) {
          if (dn.keep) definedNames.push({ name: dn.name, formula: dn.formula });
          dn = null;
        }
      },
      text(raw, _parents, cdata) {
        if (dn?.keep) dn.formula += cdata ? raw : decodeXml(raw);
      },
    })
  );
  // "true" as LibreOffice writes it counts too (preparePackage turns it into "1").
  const date1904 = date1904Attr === '1' || date1904Attr?.trim() === 'true';

  // Workbook.model: worksheets by sheetId (a later one of the same id replaces it), listed in tab order.
  const byId: Array<{ entry: SheetEntry; name: string } | undefined> = [];
  for (const entry of entries) {
    // A sheetId that is no array index (missing, negative) makes a sheet ExcelJS never lists.
    const listed = isArrayIndex(entry.id);
    const existing = byId.flatMap((w) => (w ? [w.name] : []));
    const name = checkSheetName(entry.name, existing, listed);
    if (listed) byId[entry.id] = { entry, name };
  }
  const worksheets = byId
    .slice(1)
    .filter((w): w is { entry: SheetEntry; name: string } => w !== undefined)
    .map((w) => ({ ...w, order: allIds.indexOf(w.entry.id) }))
    .sort((a, b) => a.order - b.order);

  // readSnapshot's names.
  const sheetNames = worksheets.map((w) => w.name);
  const names = definedNames.map(({ name, formula }) => nameRef(sheetNames, name, formula));
  const byName = (name: string) => names.find((n) => n.name.toLowerCase() === name.toLowerCase());

  // Which sheets are read: those of the ranges asked for, and every sheet when a scan is needed.
  const resolved: Record<string, true> = {};
  const needed = new Set<number>();
  for (const name of spec.ranges) {
    const ref = byName(name);
    const at = ref?.sheet ? worksheets.findIndex((w) => w.name === ref.sheet) : -1;
    // What snapshotOf reads: one rectangle, or several areas of equal width.
    if (!(ref?.rect || areasToRead(ref)) || at < 0) continue;
    resolved[name] = true;
    needed.add(at);
  }
  const scan = spec.scanWhenMissing;
  if (scan && !resolved[scan.name]) worksheets.forEach((_w, i) => needed.add(i));

  // readSnapshot takes a sheet's hyperlinks (which preparePackage took out, in the order of the sheets it keeps)
  // by the sheet's place in ExcelJS's list: the same sheet, unless sheetIds are odd (0, repeated).
  const partsOf = (i: number): string[] => [worksheets[i].entry.part, ...(entries[i] ? [entries[i].part] : [])];
  // ExcelJS reads these two parts by these names only.
  const stylesPart = zip.hasExactly('xl/styles.xml') ? 'xl/styles.xml' : undefined;
  const sstPart = zip.hasExactly('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined;
  const toLoad: Array<string | undefined> = [stylesPart, sstPart];
  for (const i of needed) for (const p of partsOf(i)) toLoad.push(p, zip.find(relsPathOf(p)));
  zip.load(toLoad);
  const stylesXml = zip.text(stylesPart);
  const sstXml = zip.text(sstPart);
  const ctx: SheetContext = {
    styles: stylesXml === undefined ? undefined : new Styles(stylesXml),
    sst: sstXml === undefined ? undefined : new SharedStrings(sstXml),
    date1904,
  };

  const sheets = new Map<string, Sheet>();
  const relsOf = (part: string): Rel[] => {
    const relsPart = relsPathOf(part);
    return inPart(label, relsPart, () => readRels(zip.text(zip.find(relsPart))));
  };
  const loadSheet = (part: string, name: string): Sheet => {
    let s = sheets.get(part);
    if (!s) {
      s = readSheet(name, zip.text(part) ?? '', relsOf(part), ctx);
      sheets.set(part, s);
    }
    return s;
  };
  const book = new Book(ctx.sst, date1904);
  const sheetAt = (i: number): { sheet: Sheet; links: CellLink[] } => {
    const w = worksheets[i];
    const sheet = loadSheet(w.entry.part, w.name);
    const from = entries[i];
    const links = !from ? [] : from.part === w.entry.part ? sheet.links : loadSheet(from.part, from.name).links;
    return { sheet, links };
  };

  // readSnapshot.
  return snapshotOf(spec, sheetNames, names, {
    sheet: sheetAt,
    rowCount: (ws) => ws.sheet.rowCount,
    columnCount: (ws) => ws.sheet.columnCount,
    read: (ws, rect) => book.readRect(ws.sheet, ws.links, rect),
  });
}
