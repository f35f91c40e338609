/**
 * Test helper: validate an .xlsx package with ../shared/ooxml-validate (ISO/IEC 29500 schemas plus
 * package consistency; see ../shared/schemas/ooxml/README.md).
 *
 * The validator needs python3 and xmllint. Gate a suite with requireOoxmlValidator: a missing validator
 * fails under CI=true and is a loud skip elsewhere, as for LibreOffice (./libreoffice.ts).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The validator script; OOXML_VALIDATE overrides (OOXML_VALIDATE=/nonexistent simulates absence). */
export const OOXML_VALIDATE = process.env.OOXML_VALIDATE ?? path.resolve(__dirname, '../../../shared/ooxml-validate');

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, cmd), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why the validator cannot run here, or null when it can. */
export function ooxmlValidatorProblem(): string | null {
  if (!fs.existsSync(OOXML_VALIDATE)) return `${OOXML_VALIDATE} not found`;
  if (!onPath('xmllint')) return 'xmllint not found (apt-get install libxml2-utils)';
  if (!onPath('python3')) return 'python3 not found';
  return null;
}

const warned = new Set<string>();

/**
 * Gate a suite on the validator: `const d = requireOoxmlValidator('my suite') ? describe : describe.skip;`
 * Under CI=true a missing validator throws; elsewhere the suite is skipped with a warning.
 */
export function requireOoxmlValidator(suiteName: string): boolean {
  const problem = ooxmlValidatorProblem();
  if (!problem) return true;
  if (process.env.CI === 'true') {
    throw new Error(`${suiteName} needs ooxml-validate: ${problem} (CI=true, so this is a failure)`);
  }
  if (!warned.has(suiteName)) {
    warned.add(suiteName);
    console.warn(`SKIPPED: ${suiteName} needs ooxml-validate: ${problem}`);
  }
  return false;
}

/**
 * Validate packages: a path, the bytes of one, or several by label (validated in one run, which saves the
 * schema loading per package; each violation line then starts with its label). Resolves to the violation
 * lines (empty when everything is valid); rejects when the validator cannot run (exit status 2, missing tools).
 */
export async function ooxmlViolations(files: string | Buffer | Record<string, Buffer>): Promise<string[]> {
  const problem = ooxmlValidatorProblem();
  if (problem) throw new Error(`ooxml-validate cannot run: ${problem}`);
  if (typeof files === 'string') return runValidator([path.resolve(files)], new Map());
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ooxml-validate-'));
  try {
    const byPath = new Map<string, string>();
    const entries = Buffer.isBuffer(files) ? [['<buffer>', files] as const] : Object.entries(files);
    entries.forEach(([label, data], i) => {
      const file = path.join(tmp, `${i}.xlsx`);
      fs.writeFileSync(file, data);
      byPath.set(file, label);
    });
    return await runValidator([...byPath.keys()], byPath);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function runValidator(paths: string[], labels: Map<string, string>): Promise<string[]> {
  if (paths.length === 0) return [];
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    execFile(OOXML_VALIDATE, paths, { encoding: 'utf8', timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
      if (error && typeof error.code !== 'number') reject(new Error(`ooxml-validate failed to run: ${error.message}\n${err}`));
      else resolve({ code: error ? Number(error.code) : 0, stdout: out, stderr: err });
    });
  });
  if (code !== 0 && code !== 1) throw new Error(`ooxml-validate exited ${code}:\n${stderr}${stdout}`);
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  if (code === 1 && lines.length === 0) throw new Error(`ooxml-validate reported violations but printed none:\n${stderr}`);
  return lines.map((line) => {
    for (const [file, label] of labels) if (line.startsWith(`${file}:`)) return `${label}${line.slice(file.length)}`;
    return line;
  });
}
