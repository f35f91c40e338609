import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/*
 * scripts/validate-manifest.js on the real manifest (must pass) and on broken copies (must fail, saying why).
 * Needs xmllint (Debian: libxml2-utils); without it the suite is skipped, except on CI where that is a failure.
 */

const root = path.resolve(__dirname, '..');
const script = path.join(root, 'scripts', 'validate-manifest.js');
const assets = path.join(root, 'assets');
const manifest = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');
const sharedSchemas = path.resolve(root, '..', 'shared', 'schemas', 'office-addin-manifest');

const hasXmllint = !spawnSync('xmllint', ['--version']).error;
if (!hasXmllint && process.env.CI !== 'true') {
  console.warn('test/manifest.test.ts skipped: xmllint not found (Debian: apt-get install libxml2-utils)');
}
const suite = hasXmllint || process.env.CI === 'true' ? describe : describe.skip;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-test-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  output: string;
}

function validate(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

let copies = 0;
/** Validate a copy of the manifest changed by `edit`; the edit must really change something. */
function validateEdited(edit: (xml: string) => string, env: Record<string, string> = {}): Run {
  const xml = edit(manifest);
  expect(xml).not.toBe(manifest);
  const file = path.join(tmp, `manifest-${++copies}.xml`);
  fs.writeFileSync(file, xml);
  return validate([file, '--assets', assets], env);
}

suite('validate-manifest', () => {
  test('the manifest passes', () => {
    const r = validate(['manifest.xml']);
    expect(r.output).toMatch(/^PASS manifest\.xml: valid against OfficeAppManifestV1_1\.xsd/m);
    expect(r.status).toBe(0);
  });

  test('a missing required element fails the XSD check, naming the element', () => {
    const r = validateEdited((xml) => xml.replace(/\s*<ProviderName>[^<]*<\/ProviderName>/, ''));
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/^FAIL /m);
    expect(r.output).toMatch(/XSD: .*ProviderName/);
  });

  test('an icon URL to a missing file fails, naming the file', () => {
    const r = validateEdited((xml) => xml.replace('assets/icon-80.png', 'assets/icon-99.png'));
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/^FAIL /m);
    expect(r.output).toMatch(/icon URL https:\/\/localhost:3000\/assets\/icon-99\.png points to a missing file/);
  });

  test('an icon of the wrong size fails', () => {
    const r = validateEdited((xml) => xml.replace('assets/icon-80.png', 'assets/icon-64.png'));
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/icon-64\.png is 64×64, used as a 80×80 icon/);
  });

  test('a string without a zh-TW override fails, naming the string', () => {
    const r = validateEdited((xml) => xml.replace(/\s*<bt:Override Locale="zh-TW" Value="插入範本"\/>/, ''));
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/string "Insert\.Label" has no zh-TW <Override>/);
  });

  test('a DisplayName without a zh-TW override fails', () => {
    const r = validateEdited((xml) => xml.replace(/(<DisplayName [^>]*>)\s*<Override [^>]*\/>/, '$1'));
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/<DisplayName> has no zh-TW <Override>/);
  });

  test('a resid that names no resource fails', () => {
    const r = validateEdited((xml) =>
      xml.replace('<Description resid="Tracking.Tooltip"/>', '<Description resid="Tracking.Tip"/>')
    );
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/resid="Tracking\.Tip"> refers to no resource/);
  });

  test('a production manifest (another https origin) passes; a mix of base URLs does not', () => {
    const prod = validateEdited((xml) => xml.split('https://localhost:3000/').join('https://addins.example.com/scorecard/'));
    expect(prod.output).toMatch(/^PASS .*base URL https:\/\/addins\.example\.com\/scorecard\//m);
    expect(prod.status).toBe(0);
    const mixed = validateEdited((xml) =>
      xml.replace('https://localhost:3000/commands.html', 'https://elsewhere.example.com/commands.html')
    );
    expect(mixed.status).toBe(1);
    expect(mixed.output).toMatch(/commands\.html is not under https:\/\/localhost:3000\//);
  });

  test('upstream schemas (the Version pattern libxml2 cannot compile) are fixed in a temp copy, never in place', () => {
    if (!fs.existsSync(sharedSchemas)) return;
    const upstream = path.join(tmp, 'upstream-schemas');
    fs.mkdirSync(upstream);
    for (const f of fs.readdirSync(sharedSchemas).filter((n) => n.endsWith('.xsd'))) {
      const text = fs.readFileSync(path.join(sharedSchemas, f), 'utf8');
      fs.writeFileSync(path.join(upstream, f), text.split('{0,3}"').join('{0,3}?"'));
    }
    const before = fs.readFileSync(path.join(upstream, 'OfficeAppBasicTypesV1_0.xsd'), 'utf8');
    expect(before).toContain('{0,3}?"');
    const r = validate(['manifest.xml'], { MANIFEST_SCHEMAS: upstream });
    expect(r.output).toMatch(/^PASS manifest\.xml/m);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(upstream, 'OfficeAppBasicTypesV1_0.xsd'), 'utf8')).toBe(before);
  });

  test('a schema folder that does not exist is reported as such (exit 2)', () => {
    const r = validate(['manifest.xml'], { MANIFEST_SCHEMAS: path.join(tmp, 'no-such-folder') });
    expect(r.status).toBe(2);
    expect(r.output).toMatch(/FAIL cannot validate: schemas not found/);
  });
});

describe('manifest and FunctionFile agree', () => {
  test('every ExecuteFunction name is associated in src/commands/commands.ts', () => {
    const names = [...manifest.matchAll(/<FunctionName>([^<]+)<\/FunctionName>/g)].map((m) => m[1]);
    expect(names.sort()).toEqual(['buildTracking', 'insertTemplates']);
    const commands = fs.readFileSync(path.join(root, 'src', 'commands', 'commands.ts'), 'utf8');
    for (const name of names) expect(commands).toContain(`Office.actions.associate('${name}', ${name})`);
  });
});
