#!/usr/bin/env node
/*
 * Validates the add-in manifest offline.
 *
 *   node scripts/validate-manifest.js                      # manifest.xml, and dist/manifest.xml when it exists
 *   node scripts/validate-manifest.js FILE [--assets DIR]  # one manifest (icons looked up in DIR)
 *
 * 1. XSD: `xmllint --noout --nonet --schema OfficeAppManifestV1_1.xsd FILE` against the offline schemas in
 *    ../shared/schemas/office-addin-manifest (or $MANIFEST_SCHEMAS). The schemas are copied to a temp folder
 *    first, and the fix from that folder's version-pattern.patch is applied there when a copy still has the
 *    upstream `{0,3}?` Version pattern (libxml2 cannot compile it). The shared folder is never written.
 * 2. What the XSD cannot see:
 *    - every icon URL (IconUrl, HighResolutionIconUrl, bt:Images) is <base URL>assets/<file>.png, the file
 *      exists in the assets folder next to the manifest (or --assets DIR), and it has the pixel size the
 *      manifest says (IconUrl 32, HighResolutionIconUrl 64, <bt:Image size="N"> N);
 *    - every string (DisplayName, Description, every bt:String) has a non-empty zh-TW <Override>;
 *    - every resid refers to a resource that exists, and resource ids are unique;
 *    - every URL is https and under one base URL (the folder DefaultSettings/SourceLocation is served from).
 *
 * Prints one PASS/FAIL line per manifest (problems listed below a FAIL) and exits 1 when any fails,
 * 2 when the check itself cannot run (xmllint or the schemas missing).
 */
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const repoRoot = path.resolve(__dirname, '..');
const ROOT_XSD = 'OfficeAppManifestV1_1.xsd';
const SCHEMA_FILES = [
  'OfficeAppManifestV1_1.xsd',
  'OfficeAppBasicTypesV1_0.xsd',
  'TaskPaneAppVersionOverridesV1_0.xsd',
  'ContentAppVersionOverridesV1_0.xsd',
  'MailAppVersionOverridesV1_0.xsd',
  'MailAppVersionOverridesV1_1.xsd',
];
const REQUIRED_LOCALE = 'zh-TW';

class SetupError extends Error {}

// ---------------------------------------------------------------------------------------------------------
// Schemas

function schemasDir() {
  return process.env.MANIFEST_SCHEMAS
    ? path.resolve(process.env.MANIFEST_SCHEMAS)
    : path.resolve(repoRoot, '..', 'shared', 'schemas', 'office-addin-manifest');
}

/** Copy the xsd files to a temp folder and make sure the Version patterns compile there. */
function prepareSchemas() {
  const from = schemasDir();
  const missing = SCHEMA_FILES.filter((f) => !fs.existsSync(path.join(from, f)));
  if (missing.length > 0) {
    throw new SetupError(`schemas not found in ${from} (missing ${missing.join(', ')}); set MANIFEST_SCHEMAS to the folder`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-xsd-'));
  for (const f of SCHEMA_FILES) {
    // version-pattern.patch: `([0-9]{1,5})(\.[0-9]{1,5}){0,3}?` is not a valid XSD regex (a quantifier after a
    // quantifier); the fix drops the trailing `?`. The shared copy already carries it; an upstream copy does not.
    const text = fs.readFileSync(path.join(from, f), 'utf8').split('{0,3}?"').join('{0,3}"');
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

function xmllintAvailable() {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  return !r.error;
}

function xsdErrors(file, schemaDir) {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', path.join(schemaDir, ROOT_XSD), file], {
    encoding: 'utf8',
  });
  if (r.error) throw new SetupError(`cannot run xmllint: ${r.error.message} (Debian: apt-get install libxml2-utils)`);
  if (r.status === 0) return [];
  if (r.status === 5) throw new SetupError(`the schemas in ${schemasDir()} do not compile:\n${r.stderr.trim()}`);
  const lines = r.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/ fails to validate$/.test(l));
  return lines.length > 0 ? lines.map((l) => `XSD: ${l}`) : [`XSD: xmllint exited with ${r.status}`];
}

// ---------------------------------------------------------------------------------------------------------
// A small XML reader: enough for a manifest (elements, attributes, comments, declarations, text ignored).

function decode(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, e) => {
    const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** Parse into { name (local), attrs, children, line }. Throws on mismatched tags. */
function parseXml(text) {
  const root = { name: '#document', attrs: {}, children: [], line: 1 };
  const stack = [root];
  const re =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  let m;
  while ((m = re.exec(text))) {
    const line = text.slice(0, m.index).split('\n').length;
    if (m[1]) {
      const open = stack.pop();
      if (!open || open.qname !== m[1]) throw new Error(`line ${line}: </${m[1]}> does not close <${open && open.qname}>`);
    } else if (m[2]) {
      const attrs = {};
      for (const a of m[3].matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attrs[a[1].startsWith('xmlns') ? a[1] : a[1].replace(/^.*:/, '')] = decode(a[2] ?? a[3]);
      }
      const el = { qname: m[2], name: m[2].replace(/^.*:/, ''), attrs, children: [], line };
      stack[stack.length - 1].children.push(el);
      if (!m[4]) stack.push(el);
    }
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].qname}> is never closed`);
  return root;
}

function* walk(el, parents = []) {
  for (const c of el.children) {
    yield [c, parents];
    yield* walk(c, [...parents, c]);
  }
}

const child = (el, name) => el && el.children.find((c) => c.name === name);

// ---------------------------------------------------------------------------------------------------------
// Checks the XSD cannot make

function pngSize(file) {
  const b = fs.readFileSync(file);
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('ascii', 12, 16) !== 'IHDR') return null;
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

function semanticErrors(file, assetsDir) {
  const errors = [];
  let doc;
  try {
    doc = parseXml(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { errors: [`XML: ${e.message}`], summary: '' };
  }
  const app = child(doc, 'OfficeApp');
  if (!app) return { errors: ['no <OfficeApp> root element'], summary: '' };
  const all = [...walk(app)];

  // --- one https base URL for everything: the folder of DefaultSettings/SourceLocation (dist/ as served)
  const source = child(child(app, 'DefaultSettings'), 'SourceLocation');
  const served = source && /^https:\/\/[^/?#\s]+\/(?:[^?#\s]*\/)?/.exec(source.attrs.DefaultValue || '');
  if (!served) errors.push('DefaultSettings/SourceLocation is missing or not an https URL');
  const base = served ? served[0] : 'https://localhost:3000/';
  const urlOwners = new Set(['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation', 'Image', 'Url']);
  for (const [el, parents] of all) {
    const owner = el.name === 'Override' ? parents[parents.length - 1] : el;
    if (!owner || !urlOwners.has(owner.name) || owner.attrs.resid) continue;
    const url = el.attrs.DefaultValue ?? el.attrs.Value;
    if (url !== undefined && !url.startsWith(base)) {
      errors.push(
        `line ${el.line}: <${owner.name}> URL ${url} is not under ${base} (where DefaultSettings/SourceLocation is served from)`
      );
    }
  }

  // --- resources: unique ids, every resid resolves
  const resources = new Map();
  for (const [el, parents] of all) {
    const group = parents[parents.length - 1];
    if (!el.attrs.id || !group || !['Images', 'Urls', 'ShortStrings', 'LongStrings'].includes(group.name)) continue;
    if (resources.has(el.attrs.id)) errors.push(`line ${el.line}: resource id "${el.attrs.id}" is defined twice`);
    resources.set(el.attrs.id, { el, kind: group.name });
  }
  const iconSizes = new Map(); // resid -> sizes it is used at
  for (const [el] of all) {
    if (el.attrs.resid === undefined) continue;
    const res = resources.get(el.attrs.resid);
    if (!res) errors.push(`line ${el.line}: <${el.name} resid="${el.attrs.resid}"> refers to no resource`);
    else if (el.name === 'Image' && el.attrs.size) {
      if (res.kind !== 'Images') errors.push(`line ${el.line}: icon resid "${el.attrs.resid}" is not an image`);
      else iconSizes.set(el.attrs.resid, new Set([...(iconSizes.get(el.attrs.resid) || []), Number(el.attrs.size)]));
    }
  }

  // --- icons: URL under assets/, file present, right size
  const icons = [];
  const add = (el, url, sizes) => icons.push({ el, url, sizes });
  for (const name of ['IconUrl', 'HighResolutionIconUrl']) {
    const el = child(app, name);
    const size = name === 'IconUrl' ? 32 : 64;
    if (!el) continue;
    add(el, el.attrs.DefaultValue, [size]);
    for (const o of el.children.filter((c) => c.name === 'Override')) add(o, o.attrs.Value, [size]);
  }
  for (const [id, { el, kind }] of resources) {
    if (kind !== 'Images') continue;
    const sizes = [...(iconSizes.get(id) || [])];
    add(el, el.attrs.DefaultValue, sizes);
    for (const o of el.children.filter((c) => c.name === 'Override')) add(o, o.attrs.Value, sizes);
  }
  for (const { el, url, sizes } of icons) {
    const m = url && url.startsWith(base) ? /^assets\/([^/?#]+\.png)$/.exec(url.slice(base.length)) : null;
    if (!m) {
      errors.push(`line ${el.line}: icon URL ${url} is not ${base}assets/<name>.png`);
      continue;
    }
    const png = path.join(assetsDir, m[1]);
    if (!fs.existsSync(png)) {
      errors.push(`line ${el.line}: icon URL ${url} points to a missing file: ${display(png)}`);
      continue;
    }
    const dim = pngSize(png);
    if (!dim) errors.push(`line ${el.line}: ${display(png)} is not a PNG`);
    else {
      for (const s of sizes) {
        if (dim[0] !== s || dim[1] !== s)
          errors.push(`line ${el.line}: ${m[1]} is ${dim[0]}×${dim[1]}, used as a ${s}×${s} icon`);
      }
    }
  }

  // --- strings: each has a non-empty zh-TW override
  const strings = [];
  for (const name of ['DisplayName', 'Description']) {
    const el = child(app, name);
    if (el) strings.push({ el, label: `<${name}>` });
  }
  for (const [id, { el, kind }] of resources) {
    if (kind === 'ShortStrings' || kind === 'LongStrings') strings.push({ el, label: `string "${id}"` });
  }
  for (const { el, label } of strings) {
    const o = el.children.find((c) => c.name === 'Override' && c.attrs.Locale === REQUIRED_LOCALE);
    if (!o) errors.push(`line ${el.line}: ${label} has no ${REQUIRED_LOCALE} <Override>`);
    else if (!String(o.attrs.Value || '').trim())
      errors.push(`line ${o.line}: ${label} has an empty ${REQUIRED_LOCALE} <Override>`);
  }

  return {
    errors,
    summary: `${icons.length} icon URLs present, ${strings.length} strings with ${REQUIRED_LOCALE}, base URL ${base}`,
  };
}

// ---------------------------------------------------------------------------------------------------------

/** A path as the user would type it: relative inside the working directory, absolute outside it. */
function display(file) {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function validate(file, assetsDir, schemaDir) {
  const rel = display(file);
  if (!fs.existsSync(file)) return { ok: false, line: `FAIL ${rel}: file not found`, errors: [] };
  const xsd = xsdErrors(file, schemaDir);
  const sem = semanticErrors(file, assetsDir);
  const errors = [...xsd, ...sem.errors];
  if (errors.length > 0) {
    return { ok: false, line: `FAIL ${rel}: ${errors.length} problem${errors.length === 1 ? '' : 's'}`, errors };
  }
  return { ok: true, line: `PASS ${rel}: valid against ${ROOT_XSD}; ${sem.summary}`, errors: [] };
}

function parseArgs(argv) {
  const files = [];
  let assets;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--assets') assets = argv[++i];
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: node scripts/validate-manifest.js [MANIFEST.xml ...] [--assets DIR]');
      process.exit(0);
    } else files.push(argv[i]);
  }
  return { files, assets };
}

function main() {
  const { files, assets } = parseArgs(process.argv.slice(2));
  const targets = files.length > 0 ? files.map((f) => path.resolve(f)) : [path.join(repoRoot, 'manifest.xml')];
  if (files.length === 0 && fs.existsSync(path.join(repoRoot, 'dist', 'manifest.xml'))) {
    targets.push(path.join(repoRoot, 'dist', 'manifest.xml'));
  }
  if (!xmllintAvailable()) {
    console.error('FAIL cannot validate: xmllint not found (Debian: apt-get install libxml2-utils)');
    return 2;
  }
  let schemaDir;
  try {
    schemaDir = prepareSchemas();
    let failed = 0;
    for (const file of targets) {
      const assetsDir = assets ? path.resolve(assets) : path.join(path.dirname(file), 'assets');
      const r = validate(file, assetsDir, schemaDir);
      (r.ok ? console.log : console.error)(r.line);
      for (const e of r.errors) console.error(`  - ${e}`);
      if (!r.ok) failed++;
    }
    return failed > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof SetupError) {
      console.error(`FAIL cannot validate: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    if (schemaDir) fs.rmSync(schemaDir, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main();

module.exports = { parseXml, semanticErrors };
