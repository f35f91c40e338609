/**
 * The .xlsx package layer around ExcelJS 4.4:
 *
 *   bytes → preparePackage → ExcelJS load → (edits) → ExcelJS writeBuffer → finishPackage → bytes
 *
 * Both functions work on the zip and its XML text only, so each repair shows in the bytes and is tested
 * on its own (test/adapters/xlsx/package.test.ts, which also shows each ExcelJS defect).
 *
 * preparePackage
 *  - rejects what is not an .xlsx with a bilingual UserError (.xls, encrypted, CSV, HTML, .docx, .ods …;
 *    sniff.ts, which the light reader quickRead.ts shares);
 *  - takes the user-defined names out of workbook.xml and returns them (ExcelJS loses their scope, merges
 *    same-named ones, drops those that are not plain ranges); _xlnm.Print_Area/Print_Titles stay for ExcelJS;
 *  - moves worksheets, comments, VML, tables and drawings to the part names ExcelJS hard-codes, with the
 *    relative targets it compares literally (openpyxl's xl/comments/comment1.xml makes ExcelJS throw);
 *  - rewrites what ExcelJS misreads: xsd:boolean "true"/"false" (LibreOffice) as "1"/"0"; <b val="0"/> and
 *    its kin; plain comment text; print titles without "$"; links inside the workbook; cellComments;
 *    tables without tableStyleInfo or filterColumns; drawings without the xdr: prefix; ISO date cells;
 *    "_xHHHH_" escapes in inline text (ExcelJS decodes them only in shared strings and rich text), control
 *    characters as placeholders ExcelJS keeps (see protectControls); a formula whose result is empty text;
 *  - with takeHyperlinks, takes every sheet's <hyperlinks> out and returns them (ExcelJS turns a linked cell
 *    into a "Hyperlink" value: its formula is lost, its number or date written back as text).
 * finishPackage
 *  - writes the names back, in schema position, refusing duplicates; writes the hyperlinks back, each
 *    external target with its relationship;
 *  - repairs what ExcelJS writes wrongly: errorStyle="error", overlapping data validations, elements out
 *    of schema order, print areas with relative rows, links inside the workbook written as external
 *    ones, relationships and Overrides naming parts it did not write (a theme), literal "_xHHHH_" text,
 *    raw control characters; a conditional format's reference to an Excel 2010 rule it did not write (a
 *    data bar with gradient, or one it loaded), and the colours of such a data bar out of schema order.
 */
import JSZip from 'jszip';
import { WORKBOOK_PART, checkKind, checkMain, damaged, sniff } from './sniff';
import {
  ESCAPE,
  EMPTY_TEXT_RESULT,
  PLACEHOLDER,
  type Rel,
  TOKEN_SOURCE,
  XML_ILLEGAL,
  cellsNeedUs,
  codeOfPlaceholder,
  decodeInlineText,
  decodeXml,
  encodeText,
  fromUri,
  isoToSerial,
  norm,
  protectEscapes,
  relsPathOf,
  resolvePart,
} from './xmlText';

// What book.ts does to text before ExcelJS writes it (the control-character scheme of xmlText.ts).
export { protectControls } from './xmlText';

/** A defined name as workbook.xml holds it. */
export interface DefinedName {
  name: string;
  /** Index into the workbook's <sheets> (as ExcelJS loads and writes them); absent = workbook scope. */
  localSheetId?: number;
  /** Text of the element, unescaped, e.g. "'考核評分表'!$E$5:$E$16" or "\"abc\"". */
  formula: string;
  hidden?: boolean;
  comment?: string;
  /** Any other attributes (function, vbProcedure, description …), values unescaped, written back as they are. */
  attrs?: Record<string, string>;
}

/**
 * A hyperlink of a worksheet, as its <hyperlinks> holds it. ExcelJS's own handling turns a linked cell into
 * a "Hyperlink" value that loses what the cell holds (its formula; a number or date comes back as text), so
 * with `takeHyperlinks` the links are taken out of the sheets and kept here instead.
 */
export interface Hyperlink {
  /** The cell or range it sits on, e.g. "E5". */
  ref: string;
  /** Where it leads outside the workbook (a URL or a file), from its relationship. */
  target?: string;
  /** A place in the workbook ("'Sheet 2'!A1", a defined name), or in the target document. */
  location?: string;
  tooltip?: string;
  display?: string;
}

export interface PrepareOptions {
  /** Take every sheet's <hyperlinks> out (returned in `hyperlinks`), so that ExcelJS sees plain cells. */
  takeHyperlinks?: boolean;
}

export interface PreparedPackage {
  /** What ExcelJS should load. */
  data: Buffer;
  /** Every user-defined name from workbook.xml, in document order; _xlnm.* names excluded. */
  names: DefinedName[];
  /**
   * With takeHyperlinks: the links of each worksheet, by its index in <sheets> as ExcelJS loads and writes
   * them (the index localSheetId uses); hand them, edited or not, to finishPackage.
   */
  hyperlinks?: Hyperlink[][];
}

// ===========================================================================
// XML: a small tokenizer and rewriter. Package parts are rewritten as text, so what we do not touch keeps
// its bytes; subtrees we need to restructure are handed over as small trees.
// ===========================================================================

/** Malformed XML, or a zip entry that cannot be inflated: in an input file, the file is damaged. */
class XmlSyntaxError extends Error {
  /** The part it was found in, once known. */
  part?: string;
}

/** Run `fn` on the text of `part`, naming the part in any XmlSyntaxError. */
function inPart<T>(part: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof XmlSyntaxError) e.part ??= part;
    throw e;
  }
}

interface XmlAttr {
  name: string;
  /** Unescaped value. */
  value: string;
}
interface XmlEl {
  name: string;
  attrs: XmlAttr[];
  /** Elements, or markup kept verbatim (escaped text, comments, CDATA). */
  children: XmlNode[];
}
type XmlNode = XmlEl | string;

const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

interface Token {
  raw: string;
  start: number;
  end: number;
  /** A start tag: its name, raw attributes, and whether it closes itself. */
  open?: string;
  attrs?: string;
  selfClose?: boolean;
  /** An end tag. */
  close?: string;
  /** Character data, escaped; undefined for markup (comments, CDATA, processing instructions). */
  text?: string;
  /** The content of an element in `verbatim`, not tokenized. */
  skipped?: true;
}

/**
 * The tokens of an XML document (well-formedness of nesting is checked by the callers). The content of
 * elements named in `verbatim` (which must not nest, like sheetData) comes as one skipped token: a
 * sheetData of a million cells is copied, not tokenized, when nothing in it needs a change.
 */
function* tokens(xml: string, verbatim?: ReadonlySet<string>): Generator<Token> {
  const re = new RegExp(TOKEN_SOURCE, 'y');
  let pos = 0;
  while (pos < xml.length) {
    re.lastIndex = pos;
    const m = re.exec(xml);
    if (!m) throw new XmlSyntaxError(`malformed XML near offset ${pos}: ${JSON.stringify(xml.slice(pos, pos + 40))}`);
    const start = pos;
    pos = re.lastIndex;
    const open = m[3];
    const selfClose = m[5] === '/';
    yield { raw: m[0], start, end: pos, close: m[2], open, attrs: m[4], selfClose, text: m[6] };
    if (open !== undefined && !selfClose && verbatim?.has(open)) {
      const close = xml.indexOf(`</${open}`, pos);
      if (close < 0) throw new XmlSyntaxError(`<${open}> is not closed`);
      if (close > pos) yield { raw: xml.slice(pos, close), start: pos, end: close, skipped: true };
      pos = close;
    }
  }
}

const encodeAttr = (s: string): string =>
  encodeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

function parseAttrs(raw: string): XmlAttr[] {
  const attrs: XmlAttr[] = [];
  for (const m of raw.matchAll(ATTR)) attrs.push({ name: m[1], value: decodeXml(m[2] ?? m[3] ?? '') });
  return attrs;
}

const startTag = (name: string, attrs: XmlAttr[], selfClose: boolean): string =>
  `<${name}${attrs.map((a) => ` ${a.name}="${encodeAttr(a.value)}"`).join('')}${selfClose ? '/' : ''}>`;

const getAttr = (el: XmlEl, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;

function setAttr(el: XmlEl, name: string, value: string): void {
  const a = el.attrs.find((x) => x.name === name);
  if (a) a.value = value;
  else el.attrs.push({ name, value });
}

function removeAttr(el: XmlEl, name: string): void {
  el.attrs = el.attrs.filter((a) => a.name !== name);
}

const isEl = (n: XmlNode): n is XmlEl => typeof n !== 'string';
const childEls = (el: XmlEl, name?: string): XmlEl[] =>
  el.children.filter((c): c is XmlEl => isEl(c) && (name === undefined || c.name === name));

/** The text content of an element, unescaped. */
function textOf(el: XmlEl): string {
  return el.children
    .map((c) => {
      if (isEl(c)) return textOf(c);
      if (c.startsWith('<![CDATA[')) return c.slice(9, -3);
      return c.startsWith('<') ? '' : decodeXml(c);
    })
    .join('');
}

function serialize(node: XmlNode): string {
  if (!isEl(node)) return node;
  if (node.children.length === 0) return startTag(node.name, node.attrs, true);
  return `${startTag(node.name, node.attrs, false)}${node.children.map(serialize).join('')}</${node.name}>`;
}

/** Own properties only: an element named "constructor" must not find Object.prototype.constructor. */
const own = <T>(rec: Record<string, T> | undefined, key: string): T | undefined =>
  rec !== undefined && Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;

type Replacement = XmlEl | XmlEl[] | string | null | undefined;
type Capture = (el: XmlEl, parents: readonly string[]) => Replacement;
type OpenHandler = (el: XmlEl, parents: readonly string[]) => boolean | 'drop' | void;
interface Rewrite {
  /** Called with each start tag of these names (attributes only). Return true if changed, 'drop' to remove the element. */
  open?: Record<string, OpenHandler>;
  /** These elements are handed over whole; return the replacement (null = remove, undefined = unchanged). */
  capture?: Record<string, Capture>;
  /** Every element not inside a captured one is captured (used to parse a whole document). */
  captureAll?: Capture;
  /** Called with each run of escaped text directly inside an element of one of these names. */
  text?: { in: ReadonlySet<string>; edit: (raw: string, parents: readonly string[]) => string };
  /** Elements whose content is copied as it is (see tokens). */
  verbatim?: ReadonlySet<string>;
}

/** Rewrite an XML document; what the callbacks leave alone is copied byte for byte. */
function rewriteXml(xml: string, r: Rewrite): string {
  const out: string[] = [];
  const stack: string[] = [];
  // A subtree being dropped (its depth), or being built for a capture (its open elements).
  let skipDepth = 0;
  let building: XmlEl[] | null = null;
  let captureStart = 0;
  const newEl = (t: Token): XmlEl => ({ name: t.open!, attrs: parseAttrs(t.attrs ?? ''), children: [] });
  const emitCapture = (el: XmlEl, original: string): void => {
    const rep = (own(r.capture, el.name) ?? r.captureAll)!(el, stack);
    if (rep === undefined) out.push(original);
    else if (typeof rep === 'string') out.push(rep);
    else if (rep !== null) out.push((Array.isArray(rep) ? rep : [rep]).map(serialize).join(''));
  };

  for (const t of tokens(xml, r.verbatim)) {
    if (skipDepth > 0) {
      if (t.open !== undefined && !t.selfClose) skipDepth++;
      else if (t.close !== undefined) skipDepth--;
    } else if (building) {
      const top = building[building.length - 1];
      if (t.open !== undefined) {
        const el = newEl(t);
        top.children.push(el);
        if (!t.selfClose) building.push(el);
      } else if (t.close !== undefined) {
        if (t.close !== top.name) throw new XmlSyntaxError(`</${t.close}> closes <${top.name}>`);
        building.pop();
        if (building.length === 0) {
          building = null;
          emitCapture(top, xml.slice(captureStart, t.end));
        }
      } else top.children.push(t.raw);
    } else if (t.open !== undefined) {
      if (r.captureAll || own(r.capture, t.open)) {
        if (t.selfClose) emitCapture(newEl(t), t.raw);
        else {
          building = [newEl(t)];
          captureStart = t.start;
        }
        continue;
      }
      const open = own(r.open, t.open);
      const el = open && newEl(t);
      const res = open && el ? open(el, stack) : false;
      if (res === 'drop') {
        if (!t.selfClose) skipDepth = 1;
        continue;
      }
      out.push(res && el ? startTag(el.name, el.attrs, t.selfClose ?? false) : t.raw);
      if (!t.selfClose) stack.push(t.open);
    } else if (t.close !== undefined) {
      const top = stack.pop();
      if (top !== t.close) throw new XmlSyntaxError(`</${t.close}> closes <${top ?? '(nothing)'}>`);
      out.push(t.raw);
    } else if (t.text !== undefined && !t.skipped && r.text && stack.length > 0 && r.text.in.has(stack[stack.length - 1])) {
      out.push(r.text.edit(t.text, stack));
    } else out.push(t.raw);
  }
  if (building || stack.length > 0) throw new XmlSyntaxError('unexpected end of XML');
  return out.join('');
}

/** Parse a whole document into its root element; what comes before and after it is returned verbatim. */
function parseDocument(xml: string): { before: string; root: XmlEl; after: string } {
  let root: XmlEl | undefined;
  const out = rewriteXml(xml, {
    captureAll: (el) => {
      if (root) throw new XmlSyntaxError('more than one root element');
      root = el;
      return '\u0000';
    },
  });
  if (!root) throw new XmlSyntaxError('no root element');
  const [before, after] = out.split('\u0000');
  return { before, root, after };
}

const serializeDocument = (doc: { before: string; root: XmlEl; after: string }): string =>
  doc.before + serialize(doc.root) + doc.after;

/**
 * Give elements and attributes of the namespaces in `prefixes` those prefixes (declared on the root), as
 * ExcelJS matches qualified names literally: openpyxl writes drawings as <wsDr xmlns="…spreadsheetDrawing">,
 * where ExcelJS looks for <xdr:wsDr>, and throws ("reading 'anchors'").
 */
function usePrefixes(xml: string, prefixes: Record<string, string>): string {
  const scopes: Array<Map<string, string>> = [new Map()];
  const names: string[] = [];
  const out: string[] = [];
  for (const t of tokens(xml)) {
    if (t.open !== undefined) {
      const attrs = parseAttrs(t.attrs ?? '');
      const scope = new Map(scopes[scopes.length - 1]);
      for (const a of attrs) {
        if (a.name === 'xmlns') scope.set('', a.value);
        else if (a.name.startsWith('xmlns:')) scope.set(a.name.slice(6), a.value);
      }
      const rename = (qname: string, isAttr: boolean): string => {
        const i = qname.indexOf(':');
        // Unprefixed attributes are in no namespace; namespace declarations stay as they are.
        if ((isAttr && i < 0) || qname === 'xmlns' || qname.startsWith('xmlns:')) return qname;
        const want = own(prefixes, scope.get(i < 0 ? '' : qname.slice(0, i)) ?? '');
        return want === undefined ? qname : `${want}:${qname.slice(i + 1)}`;
      };
      const name = rename(t.open, false);
      const renamed = attrs.map((a) => ({ name: rename(a.name, true), value: a.value }));
      if (scopes.length === 1) {
        for (const [ns, p] of Object.entries(prefixes)) if (scope.get(p) !== ns) renamed.push({ name: `xmlns:${p}`, value: ns });
      }
      const changed = name !== t.open || renamed.length !== attrs.length || renamed.some((a, i) => a.name !== attrs[i].name);
      out.push(changed ? startTag(name, renamed, t.selfClose ?? false) : t.raw);
      if (!t.selfClose) {
        scopes.push(scope);
        names.push(name);
      }
    } else if (t.close !== undefined) {
      scopes.pop();
      out.push(`</${names.pop() ?? t.close}>`);
    } else out.push(t.raw);
  }
  return out.join('');
}

/**
 * Put the root element's children in the order of its schema sequence (an element not in `order` stays
 * after the one before it); whitespace between them is dropped. Children are moved as text, so a large
 * sheetData is not built into a tree.
 */
function orderRootChildren(xml: string, order: readonly string[], verbatim?: ReadonlySet<string>): string {
  const rank = new Map(order.map((name, i) => [name, i]));
  const children: Array<{ name: string; text: string }> = [];
  let depth = 0;
  let rootOpenEnd = -1;
  let rootCloseStart = -1;
  let child = { name: '', start: 0 };
  for (const t of tokens(xml, verbatim)) {
    if (t.open !== undefined) {
      if (depth === 0) {
        if (t.selfClose) return xml;
        rootOpenEnd = t.end;
      } else if (depth === 1) child = { name: t.open, start: t.start };
      if (depth === 1 && t.selfClose) children.push({ name: child.name, text: xml.slice(child.start, t.end) });
      if (!t.selfClose) depth++;
    } else if (t.close !== undefined) {
      depth--;
      if (depth === 1) children.push({ name: child.name, text: xml.slice(child.start, t.end) });
      else if (depth === 0) rootCloseStart = t.start;
    }
  }
  if (rootOpenEnd < 0 || rootCloseStart < 0) throw new XmlSyntaxError('no root element');
  let last = -1;
  const keyed = children.map((c, i) => {
    last = rank.get(c.name) ?? last;
    return { ...c, key: last, i };
  });
  const sorted = [...keyed].sort((a, b) => a.key - b.key || a.i - b.i);
  if (sorted.every((c, i) => c.i === i)) return xml;
  return xml.slice(0, rootOpenEnd) + sorted.map((c) => c.text).join('') + xml.slice(rootCloseStart);
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// ===========================================================================
// The zip package
// ===========================================================================

const CONTENT_TYPES = '[Content_Types].xml';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_TYPE = `${REL_NS}/`;
const HYPERLINK_TYPE = `${REL_TYPE}hyperlink`;

class Pkg {
  private readonly byLower = new Map<string, string>();
  changed = false;

  private constructor(private readonly zip: JSZip) {
    for (const f of Object.values(zip.files)) if (!f.dir) this.byLower.set(norm(f.name).toLowerCase(), f.name);
  }

  static async open(data: Buffer): Promise<Pkg> {
    return new Pkg(await JSZip.loadAsync(data));
  }

  /** Part names (no leading slash), as stored. */
  parts(): string[] {
    return [...this.byLower.values()].map(norm);
  }

  /** The stored name of a part, matched case-insensitively (part names are case-insensitive, ISO 29500-2 §6.2.2.3). */
  find(part: string): string | undefined {
    const stored = this.byLower.get(norm(part).toLowerCase());
    return stored === undefined ? undefined : norm(stored);
  }

  has(part: string): boolean {
    return this.byLower.has(norm(part).toLowerCase());
  }

  async read(part: string): Promise<string | undefined> {
    const stored = this.byLower.get(norm(part).toLowerCase());
    if (stored === undefined) return undefined;
    try {
      return await this.zip.file(stored)!.async('string');
    } catch (e) {
      const err = new XmlSyntaxError(`${stored}: ${(e as Error).message}`);
      err.part = norm(stored);
      throw err;
    }
  }

  write(part: string, text: string | Uint8Array): void {
    const key = norm(part).toLowerCase();
    const stored = this.byLower.get(key) ?? norm(part);
    this.zip.file(stored, text);
    this.byLower.set(key, stored);
    this.changed = true;
  }

  remove(part: string): void {
    const key = norm(part).toLowerCase();
    const stored = this.byLower.get(key);
    if (stored === undefined) return;
    this.zip.remove(stored);
    this.byLower.delete(key);
    this.changed = true;
  }

  async move(from: string, to: string): Promise<void> {
    const stored = this.byLower.get(norm(from).toLowerCase());
    if (stored === undefined) return;
    const data = await this.zip.file(stored)!.async('uint8array');
    this.remove(from);
    this.write(to, data);
  }

  /** Apply a text edit to a part; writes only if the text changed. */
  async edit(part: string, fn: (xml: string) => string | Promise<string>): Promise<void> {
    const xml = await this.read(part);
    if (xml === undefined) return;
    const next = await inPart(part, () => fn(xml));
    if (next !== xml) this.write(part, next);
  }

  async toBuffer(): Promise<Buffer> {
    return this.zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  }
}

const partNameOf = (override: XmlEl): string => norm(fromUri(getAttr(override, 'PartName') ?? ''));

/** The inverse of relsPathOf, or undefined for a name that is not a relationships part. */
function sourceOfRels(rels: string): string | undefined {
  const m = /^(.*?)_rels\/([^/]*)\.rels$/i.exec(rels);
  return m ? m[1] + m[2] : undefined;
}

/** The relative target from `source` to `part` (the form ExcelJS expects, e.g. '../comments1.xml'). */
function relativeTarget(source: string, part: string): string {
  const from = source.split('/').slice(0, -1);
  const to = part.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i].toLowerCase() === to[i].toLowerCase()) i++;
  return encodeURI([...Array<string>(from.length - i).fill('..'), ...to.slice(i)].join('/'));
}

const relTypeIs = (rel: Rel, name: string): boolean => rel.type.endsWith(`/${name}`);

const relOf = (el: XmlEl): Rel => ({
  id: getAttr(el, 'Id') ?? '',
  type: getAttr(el, 'Type') ?? '',
  target: getAttr(el, 'Target') ?? '',
  external: getAttr(el, 'TargetMode') === 'External',
});

async function readRels(pkg: Pkg, part: string): Promise<Rel[]> {
  const xml = await pkg.read(relsPathOf(part));
  if (xml === undefined) return [];
  const rels: Rel[] = [];
  inPart(relsPathOf(part), () => rewriteXml(xml, { open: { Relationship: (el) => void rels.push(relOf(el)) } }));
  return rels;
}

/** Edit the Relationship elements of `part`'s relationships (return 'drop' to remove one, true if changed). */
async function editRels(pkg: Pkg, part: string, fn: (el: XmlEl, rel: Rel) => boolean | 'drop' | void): Promise<void> {
  await pkg.edit(relsPathOf(part), (xml) =>
    rewriteXml(xml, {
      open: {
        Relationship: (el) => fn(el, relOf(el)),
      },
    })
  );
}

async function addRel(pkg: Pkg, part: string, rel: Rel): Promise<void> {
  await addRels(pkg, part, [rel]);
}

async function addRels(pkg: Pkg, part: string, rels: readonly Rel[]): Promise<void> {
  if (rels.length === 0) return;
  const relsPart = relsPathOf(part);
  const els = rels.map(
    (rel) =>
      `<Relationship Id="${encodeAttr(rel.id)}" Type="${encodeAttr(rel.type)}" Target="${encodeAttr(rel.target)}"${
        rel.external ? ' TargetMode="External"' : ''
      }/>`
  );
  const xml = await pkg.read(relsPart);
  if (xml === undefined) {
    pkg.write(
      relsPart,
      `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${els.join('')}</Relationships>`
    );
    await ensureDefaultContentType(pkg, 'rels', 'application/vnd.openxmlformats-package.relationships+xml');
  } else {
    const doc = parseDocument(xml);
    doc.root.children.push(...els);
    pkg.write(relsPart, serializeDocument(doc));
  }
}

interface ContentTypes {
  defaults: Map<string, string>;
  overrides: Map<string, string>;
}

async function readContentTypes(pkg: Pkg): Promise<ContentTypes> {
  const ct: ContentTypes = { defaults: new Map(), overrides: new Map() };
  const xml = await pkg.read(CONTENT_TYPES);
  if (xml === undefined) return ct;
  inPart(CONTENT_TYPES, () =>
    rewriteXml(xml, {
      open: {
        Default: (el) => void ct.defaults.set((getAttr(el, 'Extension') ?? '').toLowerCase(), getAttr(el, 'ContentType') ?? ''),
        Override: (el) => void ct.overrides.set(partNameOf(el).toLowerCase(), getAttr(el, 'ContentType') ?? ''),
      },
    })
  );
  return ct;
}

function contentTypeOf(ct: ContentTypes, part: string): string | undefined {
  const over = ct.overrides.get(norm(part).toLowerCase());
  if (over !== undefined) return over;
  const dot = part.lastIndexOf('.');
  return dot < 0 ? undefined : ct.defaults.get(part.slice(dot + 1).toLowerCase());
}

async function ensureDefaultContentType(pkg: Pkg, ext: string, type: string): Promise<void> {
  const ct = await readContentTypes(pkg);
  if (ct.defaults.has(ext)) return;
  await pkg.edit(CONTENT_TYPES, (xml) => {
    const doc = parseDocument(xml);
    doc.root.children.unshift({
      name: 'Default',
      attrs: [
        { name: 'Extension', value: ext },
        { name: 'ContentType', value: type },
      ],
      children: [],
    });
    return serializeDocument(doc);
  });
}

/**
 * Rename a part: its bytes, its own relationships (rebased onto the new folder), its content-type Override,
 * and every relationship in the package that points at it.
 */
async function renamePart(pkg: Pkg, from: string, to: string): Promise<void> {
  await pkg.move(from, to);
  const oldRels = relsPathOf(from);
  const ownRels = await pkg.read(oldRels);
  if (ownRels !== undefined) {
    pkg.remove(oldRels);
    pkg.write(
      relsPathOf(to),
      rewriteXml(ownRels, {
        open: {
          Relationship: (el) => {
            if (getAttr(el, 'TargetMode') === 'External') return false;
            setAttr(el, 'Target', relativeTarget(to, resolvePart(from, getAttr(el, 'Target') ?? '')));
            return true;
          },
        },
      })
    );
  }
  const renamed = new Map([
    [from.toLowerCase(), to],
    [oldRels.toLowerCase(), relsPathOf(to)],
  ]);
  await pkg.edit(CONTENT_TYPES, (xml) =>
    rewriteXml(xml, {
      open: {
        Override: (el) => {
          const next = renamed.get(partNameOf(el).toLowerCase());
          if (next === undefined) return false;
          setAttr(el, 'PartName', `/${encodeURI(next)}`);
          return true;
        },
      },
    })
  );
  for (const relsPart of pkg.parts()) {
    const source = sourceOfRels(relsPart);
    if (source === undefined) continue;
    await editRels(pkg, source, (el, rel) => {
      if (rel.external || resolvePart(source, rel.target).toLowerCase() !== from.toLowerCase()) return false;
      setAttr(el, 'Target', relativeTarget(source, to));
      return true;
    });
  }
}

function freshName(pkg: Pkg, make: (n: number) => string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const name = make(n);
    if (!pkg.has(name) && !taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

// ===========================================================================
// Input checks
// ===========================================================================

const WORKBOOK = WORKBOOK_PART;

/** Throws a UserError unless the zip is a transitional SpreadsheetML package whose workbook is xl/workbook.xml. */
async function checkZip(pkg: Pkg, label: string): Promise<void> {
  checkKind({ mimetype: await pkg.read('mimetype'), has: (part) => pkg.has(part) }, label);
  const rootRels = await readRels(pkg, '');
  const office = rootRels.find((r) => relTypeIs(r, 'officeDocument'));
  checkMain(office?.type, office ? pkg.find(resolvePart('', office.target)) : pkg.find(WORKBOOK), label);
}

// ===========================================================================
// xsd:boolean attributes ExcelJS reads by comparing with '1' (or '0', or Number()): "true"/"false" as
// LibreOffice writes them are read wrongly (fitToPage="true" → false, locked="false" → locked, date1904="true"
// → 1900 dates, sheetProtection formatCells="false" …). Element → [its complex type in sml.xsd, the type's
// xsd:boolean attributes]; the test checks the lists against the schema.
// ===========================================================================

export const BOOLEAN_ATTRIBUTES: Record<string, [string, string]> = {
  workbookPr: [
    'CT_WorkbookPr',
    'allowRefreshQuery autoCompressPictures backupFile checkCompatibility date1904 filterPrivacy hidePivotFieldList promptedSolutions publishItems refreshAllConnections saveExternalLinkValues showBorderUnselectedTables showInkAnnotation showPivotChartFilter',
  ],
  workbookView: ['CT_BookView', 'autoFilterDateGrouping minimized showHorizontalScroll showSheetTabs showVerticalScroll'],
  calcPr: ['CT_CalcPr', 'calcCompleted calcOnSave concurrentCalc forceFullCalc fullCalcOnLoad fullPrecision iterate'],
  workbookProtection: ['CT_WorkbookProtection', 'lockRevision lockStructure lockWindows'],
  sheetPr: [
    'CT_SheetPr',
    'enableFormatConditionsCalculation filterMode published syncHorizontal syncVertical transitionEntry transitionEvaluation',
  ],
  pageSetUpPr: ['CT_PageSetUpPr', 'autoPageBreaks fitToPage'],
  outlinePr: ['CT_OutlinePr', 'applyStyles showOutlineSymbols summaryBelow summaryRight'],
  sheetView: [
    'CT_SheetView',
    'defaultGridColor rightToLeft showFormulas showGridLines showOutlineSymbols showRowColHeaders showRuler showWhiteSpace showZeros tabSelected windowProtection',
  ],
  sheetFormatPr: ['CT_SheetFormatPr', 'customHeight thickBottom thickTop zeroHeight'],
  col: ['CT_Col', 'bestFit collapsed customWidth hidden phonetic'],
  row: ['CT_Row', 'collapsed customFormat customHeight hidden ph thickBot thickTop'],
  sheetProtection: [
    'CT_SheetProtection',
    'autoFilter deleteColumns deleteRows formatCells formatColumns formatRows insertColumns insertHyperlinks insertRows objects pivotTables scenarios selectLockedCells selectUnlockedCells sheet sort',
  ],
  printOptions: ['CT_PrintOptions', 'gridLines gridLinesSet headings horizontalCentered verticalCentered'],
  pageSetup: ['CT_PageSetup', 'blackAndWhite draft useFirstPageNumber usePrinterDefaults'],
  headerFooter: ['CT_HeaderFooter', 'alignWithMargins differentFirst differentOddEven scaleWithDoc'],
  cfRule: ['CT_CfRule', 'aboveAverage bottom equalAverage percent stopIfTrue'],
  iconSet: ['CT_IconSet', 'percent reverse showValue'],
  dataBar: ['CT_DataBar', 'showValue'],
  cfvo: ['CT_Cfvo', 'gte'],
  dataValidation: ['CT_DataValidation', 'allowBlank showDropDown showErrorMessage showInputMessage'],
  protection: ['CT_CellProtection', 'hidden locked'],
  alignment: ['CT_CellAlignment', 'justifyLastLine shrinkToFit wrapText'],
  border: ['CT_Border', 'diagonalDown diagonalUp outline'],
  xf: ['CT_Xf', 'applyAlignment applyBorder applyFill applyFont applyNumberFormat applyProtection pivotButton quotePrefix'],
  cellStyle: ['CT_CellStyle', 'customBuiltin hidden'],
  table: ['CT_Table', 'insertRow insertRowShift published totalsRowShown'],
  tableStyleInfo: ['CT_TableStyleInfo', 'showColumnStripes showFirstColumn showLastColumn showRowStripes'],
  filterColumn: ['CT_FilterColumn', 'hiddenButton showButton'],
  customFilters: ['CT_CustomFilters', 'and'],
  sortState: ['CT_SortState', 'caseSensitive columnSort'],
  sortCondition: ['CT_SortCondition', 'descending'],
};

const BOOLEAN_SETS = new Map(Object.entries(BOOLEAN_ATTRIBUTES).map(([el, [, attrs]]) => [el, new Set(attrs.split(' '))]));

/** Elements whose val is an xsd:boolean defaulting to true (CT_BooleanProperty in fonts and runs). */
const FONT_FLAGS = ['b', 'i', 'strike', 'condense', 'extend', 'outline', 'shadow'];

type OpenHandlers = Record<string, OpenHandler>;

function booleanHandlers(): OpenHandlers {
  const handlers: OpenHandlers = {};
  for (const [el, attrs] of BOOLEAN_SETS) {
    handlers[el] = (e) => {
      let changed = false;
      for (const a of e.attrs) {
        if (!attrs.has(a.name)) continue;
        const v = a.value.trim();
        if (v === 'true' || v === 'false') {
          a.value = v === 'true' ? '1' : '0';
          changed = true;
        }
      }
      return changed;
    };
  }
  // ExcelJS takes the presence of <b> as bold whatever its val: drop the ones that say "not bold"
  // (Excel writes <b val="0"/> in differential formats; ExcelJS cannot express "explicitly off").
  for (const flag of FONT_FLAGS) {
    handlers[flag] = (e, parents) => {
      const parent = parents[parents.length - 1];
      if (parent !== 'font' && parent !== 'rPr') return false;
      const v = getAttr(e, 'val')?.trim();
      return v === '0' || v === 'false' ? 'drop' : false;
    };
  }
  return handlers;
}

// ===========================================================================
// Defined names
// ===========================================================================

const isBuiltin = (name: string): boolean => /^_xlnm\./i.test(name);
const PRINT_NAMES = new Set(['_xlnm.print_area', '_xlnm.print_titles']);

function parseXsdBool(v: string): boolean {
  return v.trim() === '1' || v.trim() === 'true';
}

function toDefinedName(el: XmlEl, localSheetId: number | undefined): DefinedName {
  const dn: DefinedName = { name: getAttr(el, 'name') ?? '', formula: textOf(el) };
  if (localSheetId !== undefined) dn.localSheetId = localSheetId;
  const attrs: Record<string, string> = {};
  for (const a of el.attrs) {
    if (a.name === 'name' || a.name === 'localSheetId') continue;
    if (a.name === 'hidden') dn.hidden = parseXsdBool(a.value);
    else if (a.name === 'comment') dn.comment = a.value;
    else attrs[a.name] = a.value;
  }
  if (Object.keys(attrs).length > 0) dn.attrs = attrs;
  return dn;
}

function fromDefinedName(dn: DefinedName): XmlEl {
  const attrs: XmlAttr[] = [{ name: 'name', value: dn.name }];
  if (dn.comment !== undefined) attrs.push({ name: 'comment', value: dn.comment });
  for (const [name, value] of Object.entries(dn.attrs ?? {})) attrs.push({ name, value });
  if (dn.localSheetId !== undefined) attrs.push({ name: 'localSheetId', value: String(dn.localSheetId) });
  if (dn.hidden) attrs.push({ name: 'hidden', value: '1' });
  return { name: 'definedName', attrs, children: [encodeText(dn.formula)] };
}

/** Split a formula at top-level commas (outside quotes and parentheses). */
function splitAreas(formula: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (const ch of formula) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** "'S'!1:2" → "'S'!$1:$2", "S!a:b" → "S!$A:$B": ExcelJS recognises print titles only with the "$"s. */
function absolutePrintTitles(formula: string): string {
  return splitAreas(formula)
    .map((area) => {
      const bang = area.lastIndexOf('!');
      const ref = area.slice(bang + 1);
      const rows = /^\$?(\d+):\$?(\d+)$/.exec(ref);
      if (rows) return `${area.slice(0, bang + 1)}$${rows[1]}:$${rows[2]}`;
      const cols = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/.exec(ref);
      if (cols) return `${area.slice(0, bang + 1)}$${cols[1].toUpperCase()}:$${cols[2].toUpperCase()}`;
      return area;
    })
    .join(',');
}

const quoteSheet = (name: string): string => `'${name.replace(/'/g, "''")}'`;

/**
 * ExcelJS writes print areas as `'${name}'!$A1:$H20` (rows relative, and a name with an apostrophe left
 * unescaped). Rebuild each area with the sheet name quoted properly and absolute references.
 */
function fixPrintRanges(formula: string, sheetName: string): string {
  const refs = [
    ...formula.matchAll(
      /!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?\d+:\$?\d+|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3})(?=,|$)/g
    ),
  ];
  if (refs.length === 0) return formula;
  const abs = (ref: string): string =>
    ref
      .split(':')
      .map((p) =>
        p.replace(/^\$?([A-Za-z]*)\$?(\d*)$/, (_m, c: string, r: string) => (c ? `$${c.toUpperCase()}` : '') + (r ? `$${r}` : ''))
      )
      .join(':');
  return refs.map((m) => `${quoteSheet(sheetName)}!${abs(m[1])}`).join(',');
}

interface SheetEntry {
  name: string;
  relId: string | undefined;
}

function readSheets(workbookXml: string): SheetEntry[] {
  const sheets: SheetEntry[] = [];
  rewriteXml(workbookXml, {
    open: {
      sheet: (el, parents) => {
        if (parents[parents.length - 1] !== 'sheets') return;
        // ExcelJS reads the attribute by its literal name 'r:id'.
        sheets.push({ name: getAttr(el, 'name') ?? '', relId: getAttr(el, 'r:id') });
      },
    },
  });
  return sheets;
}

// ===========================================================================
// preparePackage
// ===========================================================================

/** Part name patterns ExcelJS hard-codes, by relationship type from a worksheet (see exceljs/lib/xlsx/xlsx.js). */
const EXCELJS_SHEET_PARTS: Array<{ type: string; pattern: RegExp; make: (n: number) => string }> = [
  { type: 'comments', pattern: /^xl\/comments\d+\.xml$/, make: (n) => `xl/comments${n}.xml` },
  { type: 'vmlDrawing', pattern: /^xl\/drawings\/vmlDrawing\d+\.vml$/, make: (n) => `xl/drawings/vmlDrawing${n}.vml` },
  { type: 'table', pattern: /^xl\/tables\/table\d+\.xml$/, make: (n) => `xl/tables/table${n}.xml` },
  { type: 'drawing', pattern: /^xl\/drawings\/[a-zA-Z0-9]+\.xml$/, make: (n) => `xl/drawings/drawing${n}.xml` },
];
const WORKSHEET_PATTERN = /^xl\/worksheets\/sheet\d+\.xml$/;
/** Every part ExcelJS parses as a drawing (its test is unanchored). */
const EXCELJS_DRAWING = /xl\/drawings\/[a-zA-Z0-9]+\.xml/;
const DRAWING_PREFIXES = {
  'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing': 'xdr',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  [REL_NS]: 'r',
};

/**
 * Put worksheets, comments, VML, tables and drawings where ExcelJS looks for them and point the
 * relationships at them with the relative targets ExcelJS compares literally ('../comments1.xml').
 * openpyxl writes xl/comments/comment1.xml and absolute targets: ExcelJS then throws "Cannot read
 * properties of undefined (reading 'comments')".
 * Returns the worksheet parts, by relationship id of the workbook.
 */
async function placePartsForExcelJs(pkg: Pkg): Promise<Map<string, string>> {
  const taken = new Set<string>();
  const sheets = new Map<string, string>();
  for (const rel of await readRels(pkg, WORKBOOK)) {
    if (rel.external || !relTypeIs(rel, 'worksheet')) continue;
    let part = pkg.find(resolvePart(WORKBOOK, rel.target));
    if (part === undefined) continue;
    if (!WORKSHEET_PATTERN.test(part)) {
      const to = freshName(pkg, (n) => `xl/worksheets/sheet${n}.xml`, taken);
      await renamePart(pkg, part, to);
      part = to;
    }
    sheets.set(rel.id, part);
  }
  await editRels(pkg, WORKBOOK, (el, rel) => {
    const part = sheets.get(rel.id);
    if (part === undefined || rel.target === relativeTarget(WORKBOOK, part)) return false;
    setAttr(el, 'Target', relativeTarget(WORKBOOK, part));
    return true;
  });

  for (const sheet of sheets.values()) {
    const targets = new Map<string, string>();
    for (const rel of await readRels(pkg, sheet)) {
      const kind = EXCELJS_SHEET_PARTS.find((k) => relTypeIs(rel, k.type));
      if (rel.external || !kind) continue;
      let part = pkg.find(resolvePart(sheet, rel.target));
      if (part === undefined) continue;
      if (!kind.pattern.test(part)) {
        const to = freshName(pkg, kind.make, taken);
        await renamePart(pkg, part, to);
        part = to;
      }
      targets.set(rel.id, relativeTarget(sheet, part));
    }
    await editRels(pkg, sheet, (el, rel) => {
      const target = targets.get(rel.id);
      if (target === undefined || target === rel.target) return false;
      setAttr(el, 'Target', target);
      return true;
    });
  }
  return sheets;
}

/**
 * Take the user-defined names out of workbook.xml. Sheet indexes are renumbered over the sheets ExcelJS
 * keeps (it drops chartsheets and dialog/macro sheets, and indexes print areas over what is left); names
 * scoped to a dropped sheet, and built-in names other than the print ones, are dropped.
 */
function takeNames(xml: string, keptIndex: Array<number | undefined>, names: DefinedName[]): string {
  return rewriteXml(xml, {
    open: booleanHandlers(),
    capture: {
      definedNames: (el) => {
        const kept: XmlEl[] = [];
        for (const dn of childEls(el, 'definedName')) {
          const name = getAttr(dn, 'name') ?? '';
          const lsid = getAttr(dn, 'localSheetId');
          let local: number | undefined;
          if (lsid !== undefined) {
            local = /^\s*\d+\s*$/.test(lsid) ? keptIndex[Number(lsid)] : undefined;
            if (local === undefined) continue;
          }
          if (isBuiltin(name)) {
            if (!PRINT_NAMES.has(name.toLowerCase())) continue;
            if (local !== undefined) setAttr(dn, 'localSheetId', String(local));
            if (name.toLowerCase() === '_xlnm.print_titles') dn.children = [encodeText(absolutePrintTitles(textOf(dn)))];
            kept.push(dn);
          } else {
            names.push(toDefinedName(dn, local));
          }
        }
        if (kept.length === 0) return null;
        el.children = kept;
        return el;
      },
    },
  });
}

const SPREADSHEETML = 'application/vnd.openxmlformats-officedocument.spreadsheetml.';
const SHEET_DATA = new Set(['sheetData']);

/**
 * Check that `input` is an .xlsx and make it fit for ExcelJS to load; returns the bytes to load and the
 * workbook's defined names (hand them, edited or not, to finishPackage). `fileLabel` names the file in
 * messages. Throws a UserError for anything that is not a readable .xlsx.
 */
export async function preparePackage(input: Buffer, fileLabel: string, options: PrepareOptions = {}): Promise<PreparedPackage> {
  sniff(input, fileLabel);
  let pkg: Pkg;
  try {
    pkg = await Pkg.open(input);
  } catch {
    throw damaged(fileLabel);
  }
  try {
    await checkZip(pkg, fileLabel);
    const sheets = await placePartsForExcelJs(pkg);

    const workbookXml = (await pkg.read(WORKBOOK))!;
    let next = 0;
    const keptIndex = inPart(WORKBOOK, () => readSheets(workbookXml)).map((s) =>
      s.relId !== undefined && sheets.has(s.relId) ? next++ : undefined
    );
    const names: DefinedName[] = [];
    await pkg.edit(WORKBOOK, (xml) => takeNames(xml, keptIndex, names));
    // The worksheets ExcelJS keeps, in the order it numbers them.
    const ordered = inPart(WORKBOOK, () => readSheets(workbookXml)).flatMap((s) =>
      s.relId !== undefined && sheets.has(s.relId) ? [sheets.get(s.relId)!] : []
    );
    const date1904 = /<workbookPr\s[^>]*\bdate1904\s*=\s*["']1["']/.test((await pkg.read(WORKBOOK))!);

    const bools = booleanHandlers();
    await pkg.edit('xl/styles.xml', (xml) => rewriteXml(xml, { open: bools }));
    // In shared strings only rich-text runs (<rPr>) can hold something to repair; most have none.
    await pkg.edit('xl/sharedStrings.xml', (xml) =>
      /<rPr[\s>]/.test(xml) || ESCAPE.test(xml)
        ? rewriteXml(xml, { open: bools, text: { in: T_ONLY, edit: protectEscapes } })
        : xml
    );
    for (const p of pkg.parts().filter((n) => /^xl\/tables\/table\d+\.xml$/.test(n))) {
      await pkg.edit(p, (xml) => prepareTable(rewriteXml(xml, { open: bools })));
    }
    for (const p of pkg.parts().filter((n) => /^xl\/comments\d+\.xml$/.test(n))) {
      await pkg.edit(p, (xml) =>
        rewriteXml(rewriteXml(xml, { open: bools, capture: { text: wrapPlainCommentText } }), {
          text: { in: T_ONLY, edit: protectEscapes },
        })
      );
    }
    for (const p of pkg.parts().filter((n) => EXCELJS_DRAWING.test(n)))
      await pkg.edit(p, (xml) => usePrefixes(xml, DRAWING_PREFIXES));
    const hyperlinks: Hyperlink[][] = [];
    for (const sheet of sheets.values()) {
      const links = await prepareWorksheet(pkg, sheet, bools, date1904, options.takeHyperlinks === true);
      const index = ordered.indexOf(sheet);
      if (index >= 0) hyperlinks[index] = links;
    }
    const data = pkg.changed ? await pkg.toBuffer() : input;
    if (!options.takeHyperlinks) return { data, names };
    return { data, names, hyperlinks: Array.from({ length: ordered.length }, (_, i) => hyperlinks[i] ?? []) };
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw damaged(fileLabel, e.part);
    throw e;
  }
}

/**
 * Tables, as ExcelJS reads them:
 *  - it throws writing a table that had no <tableStyleInfo> (LibreOffice writes none): "Cannot read
 *    properties of null (reading 'theme')". Add an empty one, after tableColumns as CT_Table has it;
 *  - it pairs <filterColumn>s with columns by position, and takes a column without one as "button
 *    hidden" (hiddenButton defaults to false): every filter button disappears. Give each column its
 *    filterColumn, in order, with hiddenButton spelt out (finishPackage removes the empty ones again).
 */
function prepareTable(xml: string): string {
  const doc = parseDocument(xml);
  const root = doc.root;
  const columns = childEls(root, 'tableColumns')[0];
  const n = columns ? childEls(columns, 'tableColumn').length : 0;
  for (const af of childEls(root, 'autoFilter')) {
    const byCol = new Map(childEls(af, 'filterColumn').map((f) => [Number(getAttr(f, 'colId')), f]));
    const filters: XmlEl[] = [];
    for (let i = 0; i < n; i++) {
      const f = byCol.get(i) ?? { name: 'filterColumn', attrs: [{ name: 'colId', value: String(i) }], children: [] };
      if (getAttr(f, 'hiddenButton') === undefined) setAttr(f, 'hiddenButton', '0');
      filters.push(f);
    }
    af.children = [...filters, ...af.children.filter((c) => !(isEl(c) && c.name === 'filterColumn'))];
  }
  if (columns && childEls(root, 'tableStyleInfo').length === 0) {
    const info: XmlEl = {
      name: 'tableStyleInfo',
      attrs: ['showFirstColumn', 'showLastColumn', 'showRowStripes', 'showColumnStripes'].map((name) => ({ name, value: '0' })),
      children: [],
    };
    root.children.splice(root.children.indexOf(columns) + 1, 0, info);
  }
  return doc.before + serialize(root) + doc.after;
}

/** <text><t>…</t></text> (openpyxl, and legal) → <text><r><t>…</t></r></text>: ExcelJS reads runs only. */
function wrapPlainCommentText(el: XmlEl): XmlEl | undefined {
  if (childEls(el, 't').length === 0) return undefined;
  el.children = el.children.map((c) => (isEl(c) && c.name === 't' ? { name: 'r', attrs: [], children: [c] } : c));
  return el;
}

/** Edit the escaped text runs directly inside an element. */
function editText(el: XmlEl, fn: (raw: string) => string): boolean {
  let changed = false;
  el.children = el.children.map((c) => {
    if (isEl(c) || c.startsWith('<')) return c;
    const next = fn(c);
    changed ||= next !== c;
    return next;
  });
  return changed;
}

/**
 * Cells ExcelJS misreads: ISO dates, formulas whose cached result is empty text, and inline text with
 * "_xHHHH_" escapes (ExcelJS decodes them in shared strings and rich text, not in plain inline text).
 */
function preparedCell(date1904: boolean): Capture {
  return (el) => {
    const t = getAttr(el, 't');
    const v = childEls(el, 'v')[0];
    if (t === 'inlineStr') {
      let changed = false;
      for (const is of childEls(el, 'is')) {
        for (const x of childEls(is, 't')) changed = editText(x, decodeInlineText) || changed;
        for (const r of childEls(is, 'r')) for (const x of childEls(r, 't')) changed = editText(x, protectEscapes) || changed;
      }
      return changed ? el : undefined;
    }
    if (t === 'd') {
      const serial = v ? isoToSerial(textOf(v), date1904) : undefined;
      if (!v || serial === undefined) return undefined;
      removeAttr(el, 't');
      v.children = [String(serial)];
      return el;
    }
    if (t === 'str' && v && textOf(v) === '' && childEls(el, 'f').length > 0) {
      v.children = [EMPTY_TEXT_RESULT];
      return el;
    }
    return undefined;
  };
}

async function prepareWorksheet(
  pkg: Pkg,
  sheet: string,
  bools: OpenHandlers,
  date1904: boolean,
  takeHyperlinks: boolean
): Promise<Hyperlink[]> {
  const rels = await readRels(pkg, sheet);
  const ids = new Set(rels.map((r) => r.id));
  const added: Rel[] = [];
  const taken: Hyperlink[] = [];
  await pkg.edit(sheet, (xml) =>
    rewriteXml(xml, {
      // In cells, only ISO dates, inline rich text and escapes in inline text need us (ExcelJS reads the row
      // and column booleans with a parser that knows "true"); leave a large sheetData alone otherwise.
      verbatim: /\st="d"|<rPr[\s>]/.test(xml) || cellsNeedUs(xml) ? undefined : SHEET_DATA,
      open: {
        ...bools,
        pageSetup: (el, parents) => {
          let changed = bools.pageSetup(el, parents) === true;
          // ExcelJS writes back only the misspelt 'asDisplyed' (and drops 'asDisplayed'); hand it the
          // spelling it keeps, finishPackage restores the right one.
          if (getAttr(el, 'cellComments') === 'asDisplayed') {
            setAttr(el, 'cellComments', 'asDisplyed');
            changed = true;
          }
          return changed;
        },
      },
      capture: {
        // Capturing every cell costs; only when there are date cells.
        ...(cellsNeedUs(xml) ? { c: preparedCell(date1904) } : {}),
        hyperlinks: (el) => {
          if (takeHyperlinks) {
            for (const h of childEls(el, 'hyperlink')) {
              const ref = getAttr(h, 'ref');
              if (!ref) continue;
              const id = h.attrs.find((a) => /^[^:]+:id$/.test(a.name))?.value;
              const rel = id === undefined ? undefined : rels.find((r) => r.id === id);
              const link: Hyperlink = { ref };
              if (rel?.target) link.target = rel.target;
              for (const key of ['location', 'tooltip', 'display'] as const) {
                const v = getAttr(h, key);
                if (v !== undefined) link[key] = v;
              }
              if (link.target !== undefined || link.location !== undefined) taken.push(link);
            }
            return null;
          }
          // A link inside the workbook is <hyperlink location="Sheet2!A1"/> with no relationship; ExcelJS
          // reads links from relationships only and loses it. Give it the "#Sheet2!A1" link it understands.
          let changed = false;
          for (const h of childEls(el, 'hyperlink')) {
            const location = getAttr(h, 'location');
            if (location === undefined || getAttr(h, 'r:id') !== undefined) continue;
            let n = 1;
            while (ids.has(`rIdLoc${n}`)) n++;
            const id = `rIdLoc${n}`;
            ids.add(id);
            added.push({ id, type: HYPERLINK_TYPE, target: `#${location}`, external: true });
            removeAttr(h, 'location');
            if (getAttr(h, 'xmlns:r') === undefined) setAttr(h, 'xmlns:r', REL_NS);
            setAttr(h, 'r:id', id);
            changed = true;
          }
          return changed ? el : undefined;
        },
      },
    })
  );
  for (const rel of added) await addRel(pkg, sheet, rel);
  return taken;
}

// ===========================================================================
// finishPackage
// ===========================================================================

function checkNames(names: DefinedName[]): void {
  const seen = new Set<string>();
  for (const dn of names) {
    const where = `defined name ${JSON.stringify(dn.name)}${dn.localSheetId === undefined ? '' : ` (localSheetId ${dn.localSheetId})`}`;
    if (!dn.name) throw new Error('finishPackage: a defined name has no name');
    if (isBuiltin(dn.name)) throw new Error(`finishPackage: ${where} is a built-in name; print areas and titles are ExcelJS's`);
    if (!dn.formula) throw new Error(`finishPackage: ${where} has no formula`);
    if (dn.localSheetId !== undefined && !(Number.isInteger(dn.localSheetId) && dn.localSheetId >= 0)) {
      throw new Error(`finishPackage: ${where} has an invalid localSheetId`);
    }
    for (const key of Object.keys(dn.attrs ?? {})) {
      if (['name', 'localSheetId', 'hidden', 'comment'].includes(key) || !/^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/.test(key)) {
        throw new Error(`finishPackage: ${where} has an attribute ${JSON.stringify(key)} that cannot be written`);
      }
    }
    if (
      [dn.name, dn.formula, dn.comment ?? '', ...Object.values(dn.attrs ?? {})].some((s) =>
        new RegExp(XML_ILLEGAL.source).test(s)
      )
    ) {
      throw new Error(`finishPackage: ${where} contains control characters`);
    }
    // Excel compares names case-insensitively; two names with the same scope make the workbook invalid.
    const key = `${dn.name.toUpperCase()}\u0000${dn.localSheetId ?? ''}`;
    if (seen.has(key)) throw new Error(`finishPackage: duplicate ${where}`);
    seen.add(key);
  }
}

/** CT_Workbook children that come before definedNames. */
const BEFORE_DEFINED_NAMES = [
  'fileVersion',
  'fileSharing',
  'workbookPr',
  'workbookProtection',
  'bookViews',
  'sheets',
  'functionGroups',
  'externalReferences',
];

function finishWorkbook(xml: string, names: DefinedName[]): string {
  const sheets = readSheets(xml);
  for (const dn of names) {
    if (dn.localSheetId !== undefined && dn.localSheetId >= sheets.length) {
      throw new Error(
        `finishPackage: defined name ${JSON.stringify(dn.name)} has localSheetId ${dn.localSheetId}, but the workbook has ${sheets.length} sheet(s)`
      );
    }
  }
  const doc = parseDocument(xml);
  const root = doc.root;
  const builtins: XmlEl[] = [];
  for (const dn of childEls(root, 'definedNames').flatMap((d) => childEls(d, 'definedName'))) {
    const name = getAttr(dn, 'name') ?? '';
    if (!isBuiltin(name)) continue;
    const lsid = Number(getAttr(dn, 'localSheetId'));
    if (PRINT_NAMES.has(name.toLowerCase()) && sheets[lsid])
      dn.children = [encodeText(fixPrintRanges(textOf(dn), sheets[lsid].name))];
    builtins.push(dn);
  }
  const all = [...builtins, ...names.map(fromDefinedName)];
  const existing = root.children.findIndex((c) => isEl(c) && c.name === 'definedNames');
  const element: XmlEl = { name: 'definedNames', attrs: [], children: all };
  if (existing >= 0) {
    if (all.length > 0) root.children[existing] = element;
    else root.children.splice(existing, 1);
  } else if (all.length > 0) {
    let at = 0;
    root.children.forEach((c, i) => {
      if (isEl(c) && BEFORE_DEFINED_NAMES.includes(c.name)) at = i + 1;
    });
    root.children.splice(at, 0, element);
  }
  return doc.before + serialize(root) + doc.after;
}

interface Rect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}
function colLetters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function parseRect(ref: string): Rect | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref);
  if (!m) return undefined;
  const [a, b] = [
    { c: colNumber(m[1]), r: Number(m[2]) },
    { c: colNumber(m[3] ?? m[1]), r: Number(m[4] ?? m[2]) },
  ];
  return { r1: Math.min(a.r, b.r), c1: Math.min(a.c, b.c), r2: Math.max(a.r, b.r), c2: Math.max(a.c, b.c) };
}

function formatRect(x: Rect): string {
  const tl = `${colLetters(x.c1)}${x.r1}`;
  return x.r1 === x.r2 && x.c1 === x.c2 ? tl : `${tl}:${colLetters(x.c2)}${x.r2}`;
}

/** a minus b, as up to four rectangles. */
function subtract(a: Rect, b: Rect): Rect[] {
  if (b.r1 > a.r2 || b.r2 < a.r1 || b.c1 > a.c2 || b.c2 < a.c1) return [a];
  const out: Rect[] = [];
  if (a.r1 < b.r1) out.push({ ...a, r2: b.r1 - 1 });
  if (a.r2 > b.r2) out.push({ ...a, r1: b.r2 + 1 });
  const r1 = Math.max(a.r1, b.r1);
  const r2 = Math.min(a.r2, b.r2);
  if (a.c1 < b.c1) out.push({ r1, r2, c1: a.c1, c2: b.c1 - 1 });
  if (a.c2 > b.c2) out.push({ r1, r2, c1: b.c2 + 1, c2: a.c2 });
  return out;
}

const area = (x: Rect): number => (x.r2 - x.r1 + 1) * (x.c2 - x.c1 + 1);

/**
 * ExcelJS keeps data validation per cell and, writing, grows rectangles from cells in string order
 * ("B10" before "B2") without skipping covered cells: B2:B10 comes out as "B10" plus "B2:B10"
 * (exceljs#1427); overlapping validations are not allowed in Excel. Merge identical rules and give each
 * cell to one rule only (the larger rectangles first, so B2:B10 stays whole).
 * Also maps errorStyle="error" (ExcelJS's documented value) to the schema's "stop".
 */
function fixDataValidations(el: XmlEl): XmlEl {
  const groups = new Map<string, { rule: XmlEl; rects: Rect[]; other: string[] }>();
  for (const dv of childEls(el, 'dataValidation')) {
    if (getAttr(dv, 'errorStyle') === 'error') setAttr(dv, 'errorStyle', 'stop');
    const sqref = getAttr(dv, 'sqref') ?? '';
    const key = serialize({ ...dv, attrs: dv.attrs.filter((a) => a.name !== 'sqref') });
    const g = groups.get(key) ?? { rule: dv, rects: [], other: [] };
    groups.set(key, g);
    for (const ref of sqref.split(/\s+/).filter(Boolean)) {
      const rect = parseRect(ref);
      if (rect) g.rects.push(rect);
      else g.other.push(ref);
    }
  }
  const claimed: Rect[] = [];
  const rules: XmlEl[] = [];
  for (const g of groups.values()) {
    const mine: Rect[] = [];
    for (const rect of [...g.rects].sort((a, b) => area(b) - area(a))) {
      let pieces = [rect];
      for (const c of claimed) pieces = pieces.flatMap((p) => subtract(p, c));
      mine.push(...pieces);
      claimed.push(...pieces);
    }
    const sqref = [...mine.map(formatRect), ...g.other];
    if (sqref.length === 0) continue;
    setAttr(g.rule, 'sqref', sqref.join(' '));
    rules.push(g.rule);
  }
  el.children = rules;
  setAttr(el, 'count', String(rules.length));
  return el;
}

const SHEET_PR_ORDER = ['tabColor', 'outlinePr', 'pageSetUpPr'];

/** CT_Worksheet's sequence. ExcelJS writes <tableParts> before <legacyDrawing> when a sheet has both. */
const WORKSHEET_ORDER = (
  'sheetPr dimension sheetViews sheetFormatPr cols sheetData sheetCalcPr sheetProtection protectedRanges scenarios ' +
  'autoFilter sortState dataConsolidate customSheetViews mergeCells phoneticPr conditionalFormatting dataValidations ' +
  'hyperlinks printOptions pageMargins pageSetup headerFooter rowBreaks colBreaks customProperties cellWatches ' +
  'ignoredErrors smartTags drawing legacyDrawing legacyDrawingHF drawingHF picture oleObjects controls webPublishItems tableParts extLst'
).split(' ');

/** ExcelJS writes <pageSetUpPr> before <outlinePr>; CT_SheetPr wants tabColor, outlinePr, pageSetUpPr. */
function orderSheetPr(el: XmlEl): XmlEl | undefined {
  const els = childEls(el);
  const sorted = [...els].sort((a, b) => SHEET_PR_ORDER.indexOf(a.name) - SHEET_PR_ORDER.indexOf(b.name));
  if (sorted.every((e, i) => e === els[i])) return undefined;
  el.children = sorted;
  return el;
}

const hex4 = (code: number): string => code.toString(16).toUpperCase().padStart(4, '0');

/**
 * Cell text is ST_Xstring: "_xHHHH_" stands for the character U+HHHH, and a literal "_x" that would read
 * as one is written "_x005F_x…". ExcelJS decodes the escapes when reading but writes text as it is, so
 * a cell holding "_x0041_" would come back as "A"; and a raw control character is not allowed in XML.
 */
function escapeXstring(raw: string): string {
  return (
    raw
      .replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_')
      .replace(XML_ILLEGAL, (ch) => `_x${hex4(ch.charCodeAt(0))}_`)
      // DEL is allowed in XML: written as it is, which every reader understands (LibreOffice reads "_x007F_" as text).
      .replace(PLACEHOLDER, (ch) => (codeOfPlaceholder(ch) === 0x7f ? '\x7f' : `_x${hex4(codeOfPlaceholder(ch))}_`))
  );
}

/** Whether escapeXstring could change anything in this part (a quick test that saves tokenizing). */
const needsXstringEscape = (xml: string): boolean =>
  ESCAPE.test(xml) || new RegExp(XML_ILLEGAL.source).test(xml) || new RegExp(PLACEHOLDER.source).test(xml);

/** The ext of a <cfRule> that points at its Excel 2010 twin (an <x14:cfRule> in the sheet's <extLst>). */
const X14_CF_REF_URI = '{B025F937-C7B1-47D3-B67F-A62EFF666E3E}';

/** The ids of the <x14:cfRule>s of a worksheet ExcelJS wrote (it always spells the prefix x14). */
const x14RuleIds = (xml: string): Set<string> =>
  new Set([...xml.matchAll(/<x14:cfRule\b[^>]*?\sid\s*=\s*["']([^"']*)["']/g)].map((m) => m[1].toUpperCase()));

/**
 * ExcelJS writes every data bar's <cfRule> with an <extLst> naming its Excel 2010 twin by id, but writes
 * the twin only for a bar without gradient: a bar with gradient (or one it loaded, whose twin said nothing
 * about gradient) is left pointing at an empty id or at a rule that is not there. Drop such references.
 */
function dropDanglingCfExt(el: XmlEl, ids: ReadonlySet<string>): XmlEl | undefined {
  let changed = false;
  el.children = el.children.filter((list) => {
    if (!isEl(list) || list.name !== 'extLst') return true;
    list.children = list.children.filter((ext) => {
      if (!isEl(ext) || ext.name !== 'ext' || getAttr(ext, 'uri')?.toUpperCase() !== X14_CF_REF_URI) return true;
      const id = childEls(ext, 'x14:id').map(textOf).join('').trim().toUpperCase();
      if (id !== '' && ids.has(id)) return true;
      changed = true;
      return false;
    });
    return childEls(list).length > 0;
  });
  return changed ? el : undefined;
}

/** CT_DataBar (x14) sequence; ExcelJS writes negativeBorderColor before negativeFillColor (exceljs#2547). */
const X14_DATA_BAR_ORDER = ['cfvo', 'fillColor', 'borderColor', 'negativeFillColor', 'negativeBorderColor', 'axisColor'].map(
  (n) => `x14:${n}`
);

function orderX14DataBar(el: XmlEl): XmlEl | undefined {
  const els = childEls(el);
  const rank = (e: XmlEl): number => X14_DATA_BAR_ORDER.indexOf(e.name);
  const sorted = [...els].sort((a, b) => rank(a) - rank(b));
  if (sorted.every((e, i) => e === els[i])) return undefined;
  el.children = sorted;
  return el;
}

const T_ONLY = new Set(['t']);
const isTextOfCell = (parents: readonly string[]): boolean => parents.includes('is');

async function finishWorksheet(pkg: Pkg, sheet: string, links: readonly Hyperlink[] = []): Promise<void> {
  const rels = new Map((await readRels(pkg, sheet)).map((r) => [r.id, r]));
  const dropRels = new Set<string>();
  const written = new Set<string>();
  // A formula whose result is empty text (see EMPTY_TEXT_RESULT), as ExcelJS wrote it.
  await pkg.edit(sheet, (xml) =>
    xml.includes(EMPTY_TEXT_RESULT) ? xml.split(`<v>${EMPTY_TEXT_RESULT}</v>`).join('<v></v>') : xml
  );
  await pkg.edit(sheet, (xml) => {
    const x14Ids = x14RuleIds(xml);
    return rewriteXml(xml, {
      open: {
        pageSetup: (el) => {
          if (getAttr(el, 'cellComments') !== 'asDisplyed') return false;
          setAttr(el, 'cellComments', 'asDisplayed');
          return true;
        },
      },
      capture: {
        dataValidations: fixDataValidations,
        sheetPr: orderSheetPr,
        cfRule: (el) => dropDanglingCfExt(el, x14Ids),
        'x14:dataBar': orderX14DataBar,
        hyperlinks: (el) => {
          let changed = false;
          for (const h of childEls(el, 'hyperlink')) {
            written.add((getAttr(h, 'ref') ?? '').toUpperCase());
            const id = getAttr(h, 'r:id');
            const rel = id === undefined ? undefined : rels.get(id);
            let location = getAttr(h, 'location');
            // ExcelJS writes a link inside the workbook ("#Sheet2!A1", or "Sheet2!A1") as an external
            // relationship to that text, and copies the text, "#" included, into location.
            if (id !== undefined && rel?.external && (rel.target.startsWith('#') || rel.target === location)) {
              location = location ?? rel.target;
              removeAttr(h, 'r:id');
              dropRels.add(id);
              changed = true;
            }
            if (location?.startsWith('#')) location = location.slice(1);
            if (location !== undefined && location !== getAttr(h, 'location')) {
              setAttr(h, 'location', location);
              changed = true;
            }
          }
          return changed ? el : undefined;
        },
      },
      text: { in: T_ONLY, edit: (raw, parents) => (isTextOfCell(parents) ? escapeXstring(raw) : raw) },
      // Only inline strings (<is>) in cells need escaping.
      verbatim: /<is>/.test(xml) && needsXstringEscape(xml) ? undefined : SHEET_DATA,
    });
  });
  if (dropRels.size > 0) await editRels(pkg, sheet, (_el, rel) => (dropRels.has(rel.id) ? 'drop' : false));
  // A link ExcelJS wrote itself (a Hyperlink value set on a cell) wins over a kept one on the same cell.
  const mine = links.filter((l) => !written.has(l.ref.toUpperCase()));
  if (mine.length > 0) await addHyperlinks(pkg, sheet, mine);
  await pkg.edit(sheet, (xml) => orderRootChildren(xml, WORKSHEET_ORDER, SHEET_DATA));
}

/** Write kept hyperlinks into a worksheet ExcelJS wrote, each external target with its relationship. */
async function addHyperlinks(pkg: Pkg, sheet: string, links: readonly Hyperlink[]): Promise<void> {
  const ids = new Set((await readRels(pkg, sheet)).map((r) => r.id));
  const rels: Rel[] = [];
  let n = 0;
  const elements = links.map((l) => {
    const attrs: XmlAttr[] = [{ name: 'ref', value: l.ref }];
    if (l.target !== undefined) {
      let id: string;
      do id = `rIdLink${++n}`;
      while (ids.has(id));
      rels.push({ id, type: HYPERLINK_TYPE, target: l.target, external: true });
      attrs.push({ name: 'r:id', value: id });
    }
    for (const key of ['location', 'tooltip', 'display'] as const) {
      const v = l[key];
      if (v !== undefined) attrs.push({ name: key, value: v.replace(new RegExp(XML_ILLEGAL.source, 'g'), '') });
    }
    return startTag('hyperlink', attrs, true);
  });
  await pkg.edit(sheet, (xml) => {
    const doc = parseDocument(xml);
    if (rels.length > 0 && getAttr(doc.root, 'xmlns:r') === undefined) setAttr(doc.root, 'xmlns:r', REL_NS);
    const existing = childEls(doc.root, 'hyperlinks')[0];
    if (existing) existing.children.push(...elements);
    // orderRootChildren puts it in its place.
    else doc.root.children.push({ name: 'hyperlinks', attrs: [], children: elements });
    return serializeDocument(doc);
  });
  await addRels(pkg, sheet, rels);
}

/**
 * Remove internal relationships to parts that are not in the package (ExcelJS adds one to
 * xl/theme/theme1.xml even when it writes no theme, as after loading a LibreOffice file) unless the source
 * part refers to them by id, and content-type Overrides that name missing parts.
 */
async function dropDangling(pkg: Pkg): Promise<void> {
  for (const relsPart of pkg.parts()) {
    const source = sourceOfRels(relsPart);
    if (source === undefined) continue;
    const sourceXml = source === '' ? '' : ((await pkg.read(source)) ?? '');
    await editRels(pkg, source, (_el, rel) => {
      if (rel.external || pkg.has(resolvePart(source, rel.target))) return false;
      const referenced = new RegExp(`\\s[\\w.-]+:[\\w.-]+\\s*=\\s*["']${rel.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`).test(
        sourceXml
      );
      return referenced ? false : 'drop';
    });
  }
  await pkg.edit(CONTENT_TYPES, (xml) =>
    rewriteXml(xml, { open: { Override: (el) => (pkg.has(partNameOf(el)) ? false : 'drop') } })
  );
}

/**
 * Repair what ExcelJS's writeBuffer produced and write `names` as the workbook's defined names (replacing
 * any ExcelJS wrote, keeping its print areas and titles) and `hyperlinks` (by sheet index, as
 * preparePackage returned them) into the sheets, beside any ExcelJS wrote itself. Expects ExcelJS output: text escaping is applied
 * once, so the function is not meant to run twice on the same package. Throws an Error (a defect) for
 * names that cannot be written: duplicates (same name in any case, same scope), a scope beyond the
 * sheets, built-in _xlnm names, empty names or formulas, control characters.
 */
export async function finishPackage(written: Buffer, names: DefinedName[], hyperlinks: Hyperlink[][] = []): Promise<Buffer> {
  checkNames(names);
  const pkg = await Pkg.open(written);
  await pkg.edit(WORKBOOK, (xml) => finishWorkbook(xml, names));
  // The worksheet parts in <sheets> order: hyperlinks[i] belongs to the i-th.
  const sheetRels = new Map((await readRels(pkg, WORKBOOK)).map((r) => [r.id, r]));
  const sheetParts = readSheets((await pkg.read(WORKBOOK)) ?? '').map((s) => {
    const rel = s.relId === undefined ? undefined : sheetRels.get(s.relId);
    return rel && !rel.external ? pkg.find(resolvePart(WORKBOOK, rel.target)) : undefined;
  });
  hyperlinks.forEach((links, i) => {
    if (links?.length && sheetParts[i] === undefined)
      throw new Error(`finishPackage: hyperlinks for sheet ${i}, which is not there`);
  });
  const ct = await readContentTypes(pkg);
  for (const part of pkg.parts()) {
    const type = contentTypeOf(ct, part) ?? '';
    if (type === `${SPREADSHEETML}worksheet+xml`) await finishWorksheet(pkg, part, hyperlinks[sheetParts.indexOf(part)]);
    else if (type === `${SPREADSHEETML}table+xml`) {
      // <filterColumn colId="0" hiddenButton="0"/> says nothing the absence of one does not.
      const empty = (el: XmlEl): boolean =>
        el.children.length === 0 &&
        getAttr(el, 'hiddenButton') === '0' &&
        el.attrs.every((a) => a.name === 'colId' || a.name === 'hiddenButton');
      await pkg.edit(part, (xml) => rewriteXml(xml, { capture: { filterColumn: (el) => (empty(el) ? null : undefined) } }));
    } else if (type === `${SPREADSHEETML}sharedStrings+xml` || type === `${SPREADSHEETML}comments+xml`) {
      await pkg.edit(part, (xml) =>
        needsXstringEscape(xml) ? rewriteXml(xml, { text: { in: T_ONLY, edit: escapeXstring } }) : xml
      );
    }
  }
  await dropDangling(pkg);
  return pkg.toBuffer();
}
