/**
 * What goes wrong around the command, tried through the real command: files it must not overwrite, links,
 * read-only files, devices and pipes, a kill in the middle of a write, someone else saving the workbook
 * during the run, bad flags, a reader that stops early, files that are not workbooks, a rubric saved with a
 * byte-order mark, text longer than a cell may hold.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { RUBRIC_114_INPUT } from '../../src/domain/defaultRubric';
import { LIBREOFFICE_TEST_TIMEOUT_MS, findSoffice, requireLibreOffice } from '../support/libreoffice';
import {
  BIN,
  S,
  assertBuilt,
  editPackage,
  needs,
  outputs,
  py,
  read,
  scorecard,
  sheetPart,
  shell,
  tempDir,
  zipParts,
} from './support';

let dir: string;
const file = (name: string) => path.join(dir, name);
const written = outputs();
/** A fresh copy of the example workbook. */
let example: Buffer;
const fresh = (name: string) => {
  fs.writeFileSync(file(name), example);
  return file(name);
};
const temps = () => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** A cell of sheet XML given an inline string, as a program writing by hand would. */
const setText = (xml: string, cell: string, text: string) =>
  xml.replace(
    new RegExp(`<c r="${cell}"([^>]*?)(/>|>.*?</c>)`),
    (_m, attrs: string) => `<c r="${cell}"${attrs.replace(/\s+t="[^"]*"/, '')} t="inlineStr"><is><t>${text}</t></is></c>`
  );

/** One line on stderr, in both languages, no stack trace, exit 2, nothing on stdout. */
function expectUsageError(r: Awaited<ReturnType<typeof scorecard>>, en: string | RegExp) {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^scorecard: .*[\u4e00-\u9fff].* \/ /);
  if (typeof en === 'string') expect(lines[0]).toContain(en);
  else expect(lines[0]).toMatch(en);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|\.js:\d+/);
}

// A preload for the command's process: when the temp file of a write has been created, it says so in
// $PAUSE/paused and waits until $PAUSE/resume exists. The test then kills the command, or saves the workbook
// as someone else would, at exactly that point.
const HOOK = `
const fs = require('fs');
const path = require('path');
const fsp = fs.promises;
const open = fsp.open;
fsp.open = async function (p, flags, ...rest) {
  const fh = await open.call(this, p, flags, ...rest);
  const dir = process.env.SCORECARD_TEST_PAUSE;
  if (dir && flags === 'wx' && String(p).endsWith('.tmp')) {
    fs.writeFileSync(path.join(dir, 'paused'), String(p));
    while (!fs.existsSync(path.join(dir, 'resume'))) await new Promise((r) => setTimeout(r, 20));
  }
  return fh;
};
`;

interface Paused {
  child: ChildProcess;
  /** The temp file the write made. */
  tmp: string;
  resume(): void;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Start the command and resolve once its write has made its temp file and is waiting there. */
async function pausedAtWrite(args: string[]): Promise<Paused> {
  const pause = fs.mkdtempSync(path.join(dir, 'pause-'));
  const child = spawn(process.execPath, [BIN, ...args], {
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${file('hook.js')}`,
      SCORECARD_TEST_PAUSE: pause,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => setImmediate(() => resolve({ code, signal, stderr })))
  );
  const marker = path.join(pause, 'paused');
  for (let waited = 0; !fs.existsSync(marker); waited += 20) {
    if (child.exitCode !== null || waited > 30_000) throw new Error(`the command never reached its write: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, tmp: fs.readFileSync(marker, 'utf8'), resume: () => fs.writeFileSync(path.join(pause, 'resume'), ''), exit };
}

beforeAll(async () => {
  assertBuilt();
  dir = tempDir('faults');
  fs.writeFileSync(file('hook.js'), HOOK);
  expect((await scorecard(['template', '--out', file('example.xlsx'), '--example'])).code).toBe(0);
  example = fs.readFileSync(file('example.xlsx'));
  // A new suggestion for finding 2, so that track has a row to add (edited by hand in the package XML).
  const part = await sheetPart(file('example.xlsx'), S.summary);
  await editPackage(file('example.xlsx'), file('example.xlsx'), { [part]: (xml) => setText(xml, 'D14', '新建議二') });
  example = fs.readFileSync(file('example.xlsx'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writing files', () => {
  it('track --out refuses to overwrite an existing file without --force, and replaces it with --force', async () => {
    const src = fresh('src.xlsx');
    fs.writeFileSync(file('out.xlsx'), 'keep me');
    const r = await scorecard(['track', src, '--out', file('out.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
    expect(fs.readFileSync(file('out.xlsx'), 'utf8')).toBe('keep me');
    const forced = await scorecard(['track', src, '--out', file('out.xlsx'), '--force']);
    expect(forced.code).toBe(0);
    written.add('track --out --force', file('out.xlsx'));
    expect(fs.readFileSync(src)).toEqual(example); // --out leaves the input alone
    expect(temps()).toEqual([]);
  });

  it('writing in place through a symbolic link writes its target and keeps the link', async () => {
    fs.mkdirSync(file('real'));
    const target = path.join(file('real'), 'book.xlsx');
    fs.writeFileSync(target, example);
    fs.symlinkSync(target, file('link.xlsx'));
    const r = await scorecard(['track', file('link.xlsx')]);
    expect(r.code).toBe(0);
    expect(fs.lstatSync(file('link.xlsx')).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(file('link.xlsx'))).toBe(target);
    expect(fs.readFileSync(target)).not.toEqual(example);
    written.add('track through a link', target);
    expect(r.stdout).toContain('added 1 (items 2)');
    expect(fs.readdirSync(file('real'))).toEqual(['book.xlsx']);
  });

  it('a read-only file stays read-only', async () => {
    const f = fresh('readonly.xlsx');
    fs.chmodSync(f, 0o444);
    const r = await scorecard(['track', f]);
    expect(r.code).toBe(0);
    expect(fs.statSync(f).mode & 0o777).toBe(0o444);
    expect(fs.readFileSync(f)).not.toEqual(example);
    written.add('track (read-only file)', f);
  });

  it('a FIFO or a device is refused, at once (no hang), as input and as output', async () => {
    execFileSync('mkfifo', [file('pipe.xlsx')]);
    const reads = await scorecard(['check', file('pipe.xlsx')], { timeout: 15_000 });
    expectUsageError(reads, 'named pipe (FIFO)');
    const src = fresh('dev-src.xlsx');
    const toFifo = await scorecard(['track', src, '--out', file('pipe.xlsx'), '--force'], { timeout: 15_000 });
    expectUsageError(toFifo, 'named pipe (FIFO)');
    const toDevice = await scorecard(['track', src, '--out', '/dev/null', '--force'], { timeout: 15_000 });
    expectUsageError(toDevice, 'character device');
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(fs.statSync(file('pipe.xlsx')).isFIFO()).toBe(true);
    expect(temps()).toEqual([]);
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    'a %s in the middle of a write leaves no temp file and the workbook as it was',
    async (signal) => {
      const f = fresh(`killed-${signal}.xlsx`);
      const p = await pausedAtWrite(['track', f]);
      expect(fs.existsSync(p.tmp)).toBe(true);
      expect(path.dirname(p.tmp)).toBe(dir);
      p.child.kill(signal);
      const end = await p.exit;
      expect(end.signal).toBe(signal);
      expect(fs.existsSync(p.tmp)).toBe(false);
      expect(temps()).toEqual([]);
      expect(fs.readFileSync(f)).toEqual(example);
    }
  );

  const withPy = needs('faults: someone else saves (openpyxl)', ['openpyxl']) ? it : it.skip;
  withPy('a workbook saved by someone else during the run: exit 2, their save kept, nothing written', async () => {
    const f = fresh('shared.xlsx');
    const p = await pausedAtWrite(['track', f]);
    // Someone else (openpyxl here) types into the workbook and saves it while the command runs.
    await py(`wb = openpyxl.load_workbook(sys.argv[1])\nwb['改善追蹤']['C5'] = '同事剛存的'\nwb.save(sys.argv[1])`, f);
    const theirs = fs.readFileSync(f);
    p.resume();
    const end = await p.exit;
    expect(end.code).toBe(2);
    expect(end.stderr).toContain('was saved by someone else while this run was in progress');
    expect(end.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readFileSync(f)).toEqual(theirs);
    expect((await read(f)).sheets[S.tracking].cells.C5).toBe('同事剛存的');
    expect(temps()).toEqual([]);
  });
});

describe('command line', () => {
  it.each([
    [['template', '--out', 'X', '--year', '0'], '--year: the year is a ROC year from 90 to 250'],
    [['template', '--out', 'X', '--year', '999'], '--year: the year is a ROC year from 90 to 250'],
    [['template', '--out', 'X', '--year', '114.5'], '--year'],
    [['template', '--out', 'X', '--office', ''], '--office: the office name takes 1 to 40 characters'],
    [['template', '--out', 'X', '--office', '台'.repeat(41)], '--office: the office name takes 1 to 40 characters'],
    [['template', '--out', 'X', '--period', 'Q3'], '--period'],
    [['template', '--out', 'X', '--bogus'], 'unknown option --bogus'],
    [['check', '--jsn', 'X'], 'unknown option --jsn'],
    [['check', '--json=yes', 'X'], 'option --json takes no value'],
    [['template', '--out'], 'option --out needs a value'],
    [['template'], '--out FILE.xlsx is required'],
    [['template', '--out', 'X', 'extra'], 'unexpected argument: extra'],
    [['check'], 'check takes at least one FILE.xlsx or folder'],
    [['review'], 'review takes at least one FILE.xlsx or folder'],
    [['review', '--out'], 'option --out needs a value'],
    [['track'], 'track takes one FILE.xlsx'],
    [['check', '--rubric'], 'option --rubric needs a value'],
    [[], 'a command is needed'],
    [['frob'], 'unknown command: frob'],
  ])('%j: one bilingual line on stderr, exit 2, no stack', async (args, en) => {
    const r = await scorecard(args.map((a) => (a === 'X' ? file('usage.xlsx') : a === 'Y' ? file('usage2.xlsx') : a)));
    expectUsageError(r, en);
    expect(fs.existsSync(file('usage.xlsx'))).toBe(false);
  });

  it('check … | head -1 through a real shell pipe: no EPIPE crash, the exit code is the check result', async () => {
    const f = fresh('pipe-check.xlsx');
    const r = await shell(`$SCORECARD check "${f}" | head -1; echo "\${PIPESTATUS[0]}" > status`, dir);
    expect(r.stdout).toBe(`${f}\n`);
    expect(r.stderr).toBe('');
    expect(fs.readFileSync(file('status'), 'utf8').trim()).toBe('0');
    // A reader gone before the first line (`| true`): still no error, and the code of an invalid workbook is 1.
    const bad = file('pipe-bad.xlsx');
    await editPackage(file('example.xlsx'), bad, {
      [await sheetPart(file('example.xlsx'), S.scorecard)]: (xml) => xml.replace(/(<c r="E5"[^>]*><v>)[^<]*/, '$1101'),
    });
    const gone = await shell(`$SCORECARD check --json "${bad}" | true; echo "\${PIPESTATUS[0]}" > status`, dir);
    expect(gone.stderr).toBe('');
    expect(fs.readFileSync(file('status'), 'utf8').trim()).toBe('1');
  });

  it('a rubric JSON saved with a UTF-8 byte-order mark (Notepad) is accepted', async () => {
    fs.writeFileSync(file('rubric-bom.json'), `\uFEFF${JSON.stringify(RUBRIC_114_INPUT, null, 2).replace(/\n/g, '\r\n')}`);
    expect(fs.readFileSync(file('rubric-bom.json')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const t = await scorecard(['template', '--out', file('bom.xlsx'), '--rubric', file('rubric-bom.json')]);
    expect(t.code).toBe(0);
    written.add('template --rubric (BOM)', file('bom.xlsx'));
    const c = await scorecard(['check', fresh('bom-check.xlsx'), '--rubric', file('rubric-bom.json')]);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
  });

  it('text over 32,767 characters is never written: track refuses, naming the cell, and changes nothing', async () => {
    // Only a file edited by hand can hold such a cell (Excel and openpyxl stop at 32,767).
    const long = '長'.repeat(40_000);
    const part = await sheetPart(file('example.xlsx'), S.summary);
    await editPackage(file('example.xlsx'), file('long.xlsx'), {
      [part]: (xml) => setText(xml, 'D14', long),
    });
    const before = fs.readFileSync(file('long.xlsx'));
    const r = await scorecard(['track', file('long.xlsx')]);
    expectUsageError(r, /The text for '?改善追蹤'?!B6 is 40000 characters, over Excel's limit of 32767/);
    expect(fs.readFileSync(file('long.xlsx'))).toEqual(before);
    expect(temps()).toEqual([]);
  });
});

describe('files that are not workbooks: the specific bilingual message, exit 2', () => {
  it('an empty file', async () => {
    fs.writeFileSync(file('empty.xlsx'), '');
    expectUsageError(await scorecard(['check', file('empty.xlsx')]), 'is empty (0 bytes), not an Excel workbook');
  });

  it('a truncated .xlsx (a download cut short)', async () => {
    fs.writeFileSync(file('truncated.xlsx'), example.subarray(0, Math.floor(example.length / 2)));
    expectUsageError(await scorecard(['track', file('truncated.xlsx')]), 'is damaged or incomplete');
    expect(fs.readFileSync(file('truncated.xlsx')).length).toBe(Math.floor(example.length / 2));
  });

  it('a Word document (.docx), built by hand', async () => {
    const zip = await zipParts(example);
    for (const name of Object.keys(zip.files)) zip.remove(name);
    zip.file(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    );
    zip.file(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    );
    zip.file(
      'word/document.xml',
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>自評 95</w:t></w:r></w:p></w:body></w:document>'
    );
    fs.writeFileSync(file('report.docx'), await zip.generateAsync({ type: 'nodebuffer' }));
    expectUsageError(await scorecard(['check', file('report.docx')]), 'is a Word document (.docx), not an Excel workbook');
  });

  const withLO = requireLibreOffice('faults: .xls and .csv from LibreOffice') ? describe : describe.skip;
  withLO('saved by LibreOffice', () => {
    beforeAll(async () => {
      // One profile for both runs: the second start skips LibreOffice's first-start work.
      const profile = tempDir('lo-profile');
      try {
        for (const [filter, ext] of [
          ['xls:MS Excel 97', 'xls'],
          ['csv:Text - txt - csv (StarCalc):44,34,76', 'csv'],
        ]) {
          execFileSync(
            findSoffice()!,
            [
              `-env:UserInstallation=file://${profile}`,
              '--headless',
              '--norestore',
              '--nologo',
              '--nodefault',
              '--convert-to',
              filter,
              '--outdir',
              dir,
              file('example.xlsx'),
            ],
            { timeout: 120_000, stdio: 'pipe' }
          );
          expect(fs.existsSync(file(`example.${ext}`))).toBe(true);
        }
      } finally {
        fs.rmSync(profile, { recursive: true, force: true });
      }
    }, LIBREOFFICE_TEST_TIMEOUT_MS);

    it('an Excel 97-2003 workbook (.xls)', async () => {
      expectUsageError(
        await scorecard(['check', file('example.xls')]),
        'is an Excel 97-2003 workbook (.xls); this tool reads .xlsx only'
      );
    });

    it('a CSV file', async () => {
      expectUsageError(await scorecard(['track', file('example.csv')]), 'is a text file (such as CSV), not an Excel workbook');
    });
  });
});

const valid = needs('faults: outputs valid', ['ooxml', 'openpyxl']) ? describe : describe.skip;
valid('outputs', () => written.itAllValid());
