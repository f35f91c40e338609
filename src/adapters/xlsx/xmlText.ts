/**
 * Pure text helpers for package XML, shared by the ExcelJS path (package.ts preparePackage / finishPackage) and
 * the light reader (quickRead.ts), so both decode, escape and rewrite cell text the same way: entity references,
 * "_xHHHH_" escapes, control characters carried as placeholders, ISO date cells, and part names.
 *
 * No Node APIs, no JSZip or ExcelJS: the light reader runs in the task pane too.
 */

// ===========================================================================
// XML text: tokens, entity references
// ===========================================================================

/**
 * One token of an XML document: (1) comment, CDATA, processing instruction or declaration; (2) an end tag's
 * name; (3) a start tag's name, (4) its raw attributes, (5) "/" when it closes itself; (6) character data.
 */
export const TOKEN_SOURCE =
  /(<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![^>]*>)|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/
    .source;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Character and predefined entity references, as an XML parser reads them. */
export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e];
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

export const encodeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Characters XML 1.0 does not allow at all (not even as character references). Global: for replace. */
// eslint-disable-next-line no-control-regex
export const XML_ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
/** The same, without the global flag's lastIndex: for test. */
const XML_ILLEGAL_ONE = new RegExp(XML_ILLEGAL.source);

// ---------------------------------------------------------------------------
// Characters ExcelJS drops. Cell text is ST_Xstring, where "_x000B_" stands for U+000B (XML cannot hold
// most control characters); ExcelJS decodes such escapes when it reads but strips the control characters
// (and DEL) when it writes. Inside ExcelJS they are therefore carried as noncharacters U+FDD0 + code
// (noncharacters are reserved for a program's internal use and never appear in interchanged text):
// preparePackage turns the escapes into them, the adapter turns them back for the operations
// (restoreControls) and into them before ExcelJS writes (protectControls), finishPackage writes the escapes.
// ---------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex
const DROPPED = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g;
// The slots of tab, line feed and carriage return are free (ExcelJS keeps those); DEL takes the tab's.
export const PLACEHOLDER = /[\uFDD0-\uFDD9\uFDDB\uFDDC\uFDDE-\uFDEF]/g;

/**
 * The cached result of a formula that gives empty text (="", =IF(…,"")), as ExcelJS holds it: ExcelJS reads
 * <c t="str"><f>…</f><v></v></c> as a formula with no result at all, i.e. never calculated. A noncharacter
 * (a free slot of the range above) stands for it between preparePackage and finishPackage.
 */
export const EMPTY_TEXT_RESULT = '\uFDDD';
const isDropped = (code: number): boolean => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
/** DEL takes the slot of the tab, which needs none. */
const placeholderOf = (code: number): string => String.fromCharCode(0xfdd0 + (code === 0x7f ? 0x09 : code));
export const codeOfPlaceholder = (ch: string): number => (ch.charCodeAt(0) === 0xfdd9 ? 0x7f : ch.charCodeAt(0) - 0xfdd0);

/** Text as the operations see it → as it must stand in ExcelJS to be written. */
export const protectControls = (s: string): string => s.replace(DROPPED, (ch) => placeholderOf(ch.charCodeAt(0)));
/** Text as it stands in ExcelJS → as Excel shows it. */
export const restoreControls = (s: string): string => s.replace(PLACEHOLDER, (ch) => String.fromCharCode(codeOfPlaceholder(ch)));

export const ESCAPE = /_x[0-9A-Fa-f]{4}_/;
const ESCAPES = /_x([0-9A-Fa-f]{4})_/g;

/** Escaped text that ExcelJS decodes (shared strings, rich text): control characters as placeholders. */
export function protectEscapes(raw: string): string {
  if (!ESCAPE.test(raw)) return raw;
  // Left to right, so "_x005F_x000B_" (a literal "_x000B_") stays one escaped underscore and text.
  return raw.replace(ESCAPES, (_m, hex: string) => {
    const code = parseInt(hex, 16);
    // ExcelJS decodes upper-case hex digits only.
    return isDropped(code) ? placeholderOf(code) : `_x${hex.toUpperCase()}_`;
  });
}

/** Escaped text that ExcelJS takes literally (plain inline strings): decoded here. */
export function decodeInlineText(raw: string): string {
  if (!ESCAPE.test(raw)) return raw;
  return raw.replace(ESCAPES, (m, hex: string) => {
    const code = parseInt(hex, 16);
    if (isDropped(code)) return placeholderOf(code);
    const ch = String.fromCharCode(code);
    return XML_ILLEGAL_ONE.test(ch) ? m : encodeText(ch);
  });
}

// ===========================================================================
// Cells preparePackage rewrites
// ===========================================================================

/** Whether some cell of a sheet may need preparePackage's rewrite: ISO dates, an empty <v>, escaped inline text. */
export const cellsNeedUs = (xml: string): boolean =>
  /\st="d"/.test(xml) || /<v\s*\/>|<v><\/v>/.test(xml) || (/<is>/.test(xml) && ESCAPE.test(xml));

/**
 * An ISO 8601 date cell value (<c t="d">, ISO/IEC 29500:2012; openpyxl writes them with iso_dates=True) as
 * the serial number ExcelJS understands (it reads "2025-03-04" as the number 2025), or undefined.
 */
export function isoToSerial(iso: string, date1904: boolean): number | undefined {
  const m = /^(?:(\d{4})-(\d{2})-(\d{2}))?(?:T?(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(iso.trim());
  if (!m || (m[1] === undefined && m[4] === undefined)) return undefined;
  const [y, mo, d] = m[1] === undefined ? [1899, 12, 30] : [Number(m[1]), Number(m[2]), Number(m[3])];
  // The wall-clock time in the cell is what Excel shows; a zone, if any, is ignored like Excel does.
  const ms = Date.UTC(
    y,
    mo - 1,
    d,
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    Math.round(Number(m[7] ?? 0) * 1000)
  );
  if (m[1] === undefined) return ms / 86_400_000 - Date.UTC(1899, 11, 30) / 86_400_000;
  if (date1904) return (ms - Date.UTC(1904, 0, 1)) / 86_400_000;
  const serial = (ms - Date.UTC(1899, 11, 30)) / 86_400_000;
  // Excel's 1900 system counts the non-existent 29 February 1900: dates before March are one less.
  return serial < 61 ? serial - 1 : serial;
}

// ===========================================================================
// Part names and relationships
// ===========================================================================

export interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** A zip item name without the leading slash a part name may have. */
export const norm = (name: string): string => name.replace(/^\/+/, '');

/** A part name as a URI (Override/@PartName, a relationship target) → the zip item name. */
export function fromUri(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** 'xl/worksheets/sheet1.xml' → 'xl/worksheets/_rels/sheet1.xml.rels'; '' (the package) → '_rels/.rels'. */
export function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/** The part a relative or absolute internal target names, seen from `source`. */
export function resolvePart(source: string, target: string): string {
  const t = fromUri(target);
  const segs = t.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segs.pop();
    else segs.push(seg);
  }
  return segs.join('/');
}
