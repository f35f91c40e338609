import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { FileStamp, readInputFile, stampOf, writeOutputFile } from '../../../src/adapters/xlsx/safeFile';
import { UserError } from '../../../src/domain/message';

// FIFOs, sockets, /dev/null, modes and signals are POSIX; so is the product's CLI use on servers.
const posix = process.platform !== 'win32';
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const itPosix = posix ? it : it.skip;
const itRoot = posix && isRoot ? it : it.skip;

let dir: string;
let fifos: string[] = [];

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'safefile-')));
  fifos = [];
});

afterEach(() => {
  // Should an implementation block on opening a FIFO, open its other end so the blocked thread is released.
  for (const f of fifos) {
    try {
      fs.closeSync(fs.openSync(f, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch {
      // ENXIO: no reader was waiting, which is what a correct implementation leaves.
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, content?: string | Buffer) => {
  const p = path.join(dir, name);
  if (content !== undefined) fs.writeFileSync(p, content);
  return p;
};
const mkfifo = (name: string) => {
  const p = path.join(dir, name);
  execFileSync('mkfifo', [p]);
  fifos.push(p);
  return p;
};
const temps = (d = dir) => fs.readdirSync(d).filter((n) => n.endsWith('.tmp'));
const modeOf = (p: string) => fs.statSync(p).mode & 0o7777;
const sha = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

/** Awaits a rejection that must be a bilingual UserError (exit 2) naming every given string in both languages. */
async function userError(p: Promise<unknown>, ...mentions: string[]): Promise<UserError> {
  const e = await p.then(
    () => new Error('expected a UserError, but it succeeded'),
    (err: unknown) => err
  );
  expect(e).toBeInstanceOf(UserError);
  const u = e as UserError;
  expect(u.exitCode).toBe(2);
  expect(u.detail.zh).toMatch(/[\u4e00-\u9fff]/);
  for (const m of mentions) {
    expect(u.detail.zh).toContain(m);
    expect(u.detail.en).toContain(m);
  }
  // A message for a user, not a Node error dump.
  expect(u.message).not.toMatch(/\n\s+at |^Error:/);
  return u;
}

/** Fails (instead of hanging the suite) if `p` takes longer than `ms`. */
async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms (hung?)`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('readInputFile', () => {
  it('returns the bytes and a stamp of what was read', async () => {
    const p = file('plan.xlsx', 'workbook bytes');
    const { data, stamp } = await readInputFile(p);
    expect(data.toString()).toBe('workbook bytes');
    const st = fs.statSync(p);
    expect(stamp).toEqual<FileStamp>({
      path: p,
      dev: st.dev,
      ino: st.ino,
      size: 14,
      mtimeMs: st.mtimeMs,
      mode: st.mode,
      sha256: sha('workbook bytes'),
    });
  });

  itPosix('follows a symlink; the stamp names the real file', async () => {
    const real = file('real.xlsx', 'x');
    fs.mkdirSync(path.join(dir, 'links'));
    const link = path.join(dir, 'links', 'link.xlsx');
    fs.symlinkSync('../real.xlsx', link);
    const { data, stamp } = await readInputFile(link);
    expect(data.toString()).toBe('x');
    expect(stamp.path).toBe(real);
  });

  it('a missing file: a bilingual message naming it, with ENOENT', async () => {
    const u = await userError(readInputFile(path.join(dir, 'nope.xlsx')), 'nope.xlsx', 'ENOENT');
    expect(u.detail.zh).toContain('找不到');
  });

  it('refuses a directory', async () => {
    fs.mkdirSync(path.join(dir, 'folder.xlsx'));
    const u = await userError(readInputFile(path.join(dir, 'folder.xlsx')), 'folder.xlsx');
    expect(u.detail.en).toContain('a folder, not a regular file');
    expect(u.detail.zh).toContain('資料夾');
  });

  itPosix(
    'refuses a FIFO at once, without opening it (which would wait for a writer)',
    async () => {
      const f = mkfifo('pipe.xlsx');
      const started = Date.now();
      const u = await userError(within(800, readInputFile(f)), 'pipe.xlsx');
      expect(Date.now() - started).toBeLessThan(800);
      expect(u.detail.en).toContain('FIFO');
      expect(fs.statSync(f).isFIFO()).toBe(true);
    },
    2000
  );

  itPosix(
    'refuses a symlink to a FIFO at once, naming the link and where it leads',
    async () => {
      const f = mkfifo('pipe');
      const link = path.join(dir, 'link.xlsx');
      fs.symlinkSync(f, link);
      await userError(within(800, readInputFile(link)), 'link.xlsx', f);
    },
    2000
  );

  itPosix(
    'refuses a character device (/dev/null)',
    async () => {
      const u = await userError(within(800, readInputFile('/dev/null')), '/dev/null');
      expect(u.detail.en).toContain('character device');
    },
    2000
  );

  itPosix('refuses a socket', async () => {
    const sock = path.join(dir, 's.xlsx');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const u = await userError(within(800, readInputFile(sock)), 's.xlsx');
      expect(u.detail.en).toContain('socket');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('stampOf', () => {
  it('is undefined for a missing file, else what readInputFile stamps, and changes with the content', async () => {
    expect(await stampOf(path.join(dir, 'none.xlsx'))).toBeUndefined();
    expect(await stampOf(path.join(dir, 'no-such-folder', 'none.xlsx'))).toBeUndefined();
    const p = file('a.xlsx', 'one');
    const { stamp } = await readInputFile(p);
    expect(await stampOf(p)).toEqual(stamp);
    fs.writeFileSync(p, 'two');
    expect((await stampOf(p))?.sha256).toBe(sha('two'));
  });

  itPosix(
    'refuses a FIFO at once, like readInputFile',
    async () => {
      await userError(within(800, stampOf(mkfifo('p.xlsx'))), 'p.xlsx');
    },
    2000
  );
});

describe('writeOutputFile', () => {
  it('creates a new file with what fs.writeFile would give it (0o666 less the umask), leaving no temp file', async () => {
    const p = path.join(dir, 'new.xlsx');
    await writeOutputFile(p, Buffer.from('data'));
    expect(fs.readFileSync(p, 'utf8')).toBe('data');
    const reference = file('reference', 'r');
    expect(modeOf(p)).toBe(modeOf(reference));
    expect(fs.readdirSync(dir).sort()).toEqual(['new.xlsx', 'reference']);
  });

  it('replaces an existing file by rename: a new inode; the old one (seen through a hard link) is untouched', async () => {
    const p = file('out.xlsx', 'old');
    const keep = path.join(dir, 'hardlink-to-old');
    fs.linkSync(p, keep);
    await writeOutputFile(p, Buffer.from('new content'));
    expect(fs.readFileSync(p, 'utf8')).toBe('new content');
    expect(fs.readFileSync(keep, 'utf8')).toBe('old');
    expect(fs.statSync(p).ino).not.toBe(fs.statSync(keep).ino);
    expect(temps()).toEqual([]);
  });

  itPosix.each(['444', '640', '600', '604'])('keeps mode 0%s and does not chmod the original', async (octal) => {
    const mode = parseInt(octal, 8);
    const p = file('out.xlsx', 'old');
    fs.chmodSync(p, mode);
    const keep = path.join(dir, 'hardlink-to-old');
    fs.linkSync(p, keep);
    await writeOutputFile(p, Buffer.from('new'));
    expect(fs.readFileSync(p, 'utf8')).toBe('new');
    expect(modeOf(p)).toBe(mode);
    expect(modeOf(keep)).toBe(mode);
    expect(temps()).toEqual([]);
  });

  itPosix(
    'writes through a symlink: the link stays a link and its target gets the data; the temp is beside the target',
    async () => {
      fs.mkdirSync(path.join(dir, 'real'));
      fs.mkdirSync(path.join(dir, 'links'));
      const target = path.join(dir, 'real', 'book.xlsx');
      fs.writeFileSync(target, 'old');
      fs.chmodSync(target, 0o640);
      const link = path.join(dir, 'links', 'book.xlsx');
      fs.symlinkSync('../real/book.xlsx', link);
      let seen: { real: string[]; links: string[] } | undefined;
      await writeOutputFile(link, Buffer.from('new'), {
        beforeRename: async () => {
          seen = { real: temps(path.join(dir, 'real')), links: temps(path.join(dir, 'links')) };
        },
      });
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      expect(fs.readlinkSync(link)).toBe('../real/book.xlsx');
      expect(fs.readFileSync(target, 'utf8')).toBe('new');
      expect(modeOf(target)).toBe(0o640);
      expect(seen?.real).toHaveLength(1);
      expect(seen?.links).toEqual([]);
      expect(temps(path.join(dir, 'real'))).toEqual([]);
    }
  );

  itPosix('follows a chain of symlinks, and a dangling link gets its target file created', async () => {
    const target = file('t.xlsx', 'old');
    fs.symlinkSync('t.xlsx', path.join(dir, 'l1'));
    fs.symlinkSync('l1', path.join(dir, 'l2'));
    await writeOutputFile(path.join(dir, 'l2'), Buffer.from('via chain'));
    expect(fs.readFileSync(target, 'utf8')).toBe('via chain');
    expect(fs.lstatSync(path.join(dir, 'l1')).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(path.join(dir, 'l2')).isSymbolicLink()).toBe(true);

    fs.symlinkSync('later.xlsx', path.join(dir, 'dangling'));
    await writeOutputFile(path.join(dir, 'dangling'), Buffer.from('created'));
    expect(fs.lstatSync(path.join(dir, 'dangling')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'later.xlsx'), 'utf8')).toBe('created');
    expect(temps()).toEqual([]);
  });

  it("the temp file is hidden ('.'), ends in '.tmp', is unguessable and is created exclusively ('wx')", async () => {
    const p = file('out.xlsx', 'old');
    const names: string[] = [];
    const open = jest.spyOn(fs.promises, 'open');
    try {
      for (let i = 0; i < 2; i++) {
        await writeOutputFile(p, Buffer.from(`v${i}`), {
          beforeRename: async () => {
            names.push(...temps());
          },
        });
      }
      const tempOpens = open.mock.calls.filter(([f]) => String(f).endsWith('.tmp'));
      expect(tempOpens).toHaveLength(2);
      for (const call of tempOpens) expect(call[1]).toBe('wx');
    } finally {
      open.mockRestore();
    }
    expect(names).toHaveLength(2);
    for (const n of names) expect(n).toMatch(/^\.out\.xlsx\.[0-9a-f]{24}\.tmp$/);
    expect(names[0]).not.toBe(names[1]);
    expect(temps()).toEqual([]);
  });

  itPosix(
    'refuses a FIFO as target at once: nothing written, the FIFO stays',
    async () => {
      const f = mkfifo('pipe.xlsx');
      const u = await userError(within(800, writeOutputFile(f, Buffer.from('x'))), 'pipe.xlsx');
      expect(u.detail.en).toContain('nothing was written');
      expect(fs.lstatSync(f).isFIFO()).toBe(true);
      expect(temps()).toEqual([]);
    },
    2000
  );

  itPosix(
    'refuses /dev/null as target, directly and through a symlink, and leaves it a device',
    async () => {
      await userError(within(800, writeOutputFile('/dev/null', Buffer.from('x'))), '/dev/null');
      const link = path.join(dir, 'null.xlsx');
      fs.symlinkSync('/dev/null', link);
      await userError(within(800, writeOutputFile(link, Buffer.from('x'))), 'null.xlsx', '/dev/null');
      expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
      expect(fs.readdirSync('/dev').filter((n) => n.endsWith('.tmp'))).toEqual([]);
    },
    2000
  );

  itPosix(
    'refuses a target that turned into a FIFO while the temp was written, instead of replacing it',
    async () => {
      const p = file('out.xlsx', 'old');
      const write = writeOutputFile(p, Buffer.from('new'), {
        beforeRename: async () => {
          fs.rmSync(p);
          mkfifo('out.xlsx');
        },
      });
      await userError(within(800, write), 'out.xlsx');
      expect(fs.lstatSync(p).isFIFO()).toBe(true);
      expect(temps()).toEqual([]);
    },
    2000
  );

  it('refuses a directory as target', async () => {
    const d = path.join(dir, 'out.xlsx');
    fs.mkdirSync(d);
    const u = await userError(writeOutputFile(d, Buffer.from('x')), 'out.xlsx');
    expect(u.detail.zh).toContain('資料夾');
    expect(fs.statSync(d).isDirectory()).toBe(true);
    expect(temps()).toEqual([]);
  });

  it('a missing folder: a clear message naming it', async () => {
    await userError(writeOutputFile(path.join(dir, 'no-such', 'out.xlsx'), Buffer.from('x')), 'no-such', 'ENOENT');
  });

  describe('mustNotExist', () => {
    it('refuses an existing file ("add --force"), leaving it as it was', async () => {
      const p = file('out.xlsx', 'theirs');
      const u = await userError(writeOutputFile(p, Buffer.from('mine'), { mustNotExist: true }), 'out.xlsx', '--force');
      expect(u.detail.zh).toContain('已存在');
      expect(u.detail.en).toContain('already exists');
      expect(fs.readFileSync(p, 'utf8')).toBe('theirs');
      expect(temps()).toEqual([]);
    });

    it('does not replace a file that appears at the last moment (link, not rename, puts the new file in place)', async () => {
      const p = path.join(dir, 'out.xlsx');
      const realLink = fs.promises.link.bind(fs.promises);
      // Another program saves the file between the last check and the commit.
      const link = jest.spyOn(fs.promises, 'link').mockImplementation(async (from, to) => {
        fs.writeFileSync(p, 'theirs');
        return realLink(from, to);
      });
      try {
        await userError(writeOutputFile(p, Buffer.from('mine'), { mustNotExist: true }), 'out.xlsx', '--force');
      } finally {
        link.mockRestore();
      }
      expect(fs.readFileSync(p, 'utf8')).toBe('theirs');
      expect(temps()).toEqual([]);
    });

    it('writes when there is no such file', async () => {
      const p = path.join(dir, 'out.xlsx');
      await writeOutputFile(p, Buffer.from('mine'), { mustNotExist: true });
      expect(fs.readFileSync(p, 'utf8')).toBe('mine');
    });

    it('refuses a file that appears while the temp is written, instead of replacing it', async () => {
      const p = path.join(dir, 'out.xlsx');
      const write = writeOutputFile(p, Buffer.from('mine'), {
        mustNotExist: true,
        beforeRename: async () => fs.writeFileSync(p, 'theirs'),
      });
      await userError(write, 'out.xlsx', '--force');
      expect(fs.readFileSync(p, 'utf8')).toBe('theirs');
      expect(temps()).toEqual([]);
    });
  });

  describe('lost update (expect)', () => {
    it('writes when the file is as it was read', async () => {
      const p = file('book.xlsx', 'version 1');
      const { stamp } = await readInputFile(p);
      await writeOutputFile(p, Buffer.from('version 2'), { expect: stamp });
      expect(fs.readFileSync(p, 'utf8')).toBe('version 2');
    });

    it('refuses when someone else saved it (same size, other bytes, newer mtime): their content stays', async () => {
      const p = file('book.xlsx', 'version 1');
      const { stamp } = await readInputFile(p);
      fs.writeFileSync(p, 'VERSION 1');
      const later = new Date(stamp.mtimeMs + 5000);
      fs.utimesSync(p, later, later);
      const u = await userError(writeOutputFile(p, Buffer.from('ours'), { expect: stamp }), 'book.xlsx');
      expect(u.detail.en).toContain('saved by someone else');
      expect(u.detail.en).toContain('nothing was written');
      expect(u.detail.en).toContain('Run again');
      expect(u.detail.zh).toContain('重新執行');
      expect(fs.readFileSync(p, 'utf8')).toBe('VERSION 1');
      expect(temps()).toEqual([]);
    });

    it('refuses when only the bytes differ (same size, mtime set back): the hash catches it', async () => {
      const p = file('book.xlsx', 'version 1');
      // A whole second, so that setting it back is exact (utimes loses sub-millisecond digits).
      fs.utimesSync(p, 1700000000, 1700000000);
      const { stamp } = await readInputFile(p);
      fs.writeFileSync(p, 'version 9');
      fs.utimesSync(p, 1700000000, 1700000000);
      expect(fs.statSync(p).mtimeMs).toBe(stamp.mtimeMs);
      await userError(writeOutputFile(p, Buffer.from('ours'), { expect: stamp }), 'book.xlsx');
      expect(fs.readFileSync(p, 'utf8')).toBe('version 9');
      expect(temps()).toEqual([]);
    });

    it('checks right before the rename: a save during the run is not overwritten', async () => {
      const p = file('book.xlsx', 'version 1');
      const { stamp } = await readInputFile(p);
      const write = writeOutputFile(p, Buffer.from('ours'), {
        expect: stamp,
        beforeRename: async () => fs.writeFileSync(p, 'theirs, saved meanwhile'),
      });
      await userError(write, 'book.xlsx');
      expect(fs.readFileSync(p, 'utf8')).toBe('theirs, saved meanwhile');
      expect(temps()).toEqual([]);
    });

    it('refuses when the file was replaced by another one (another inode), even with the same bytes and mtime', async () => {
      const p = file('book.xlsx', 'version 1');
      fs.utimesSync(p, 1700000000, 1700000000);
      const { stamp } = await readInputFile(p);
      const other = file('other', 'version 1');
      fs.utimesSync(other, 1700000000, 1700000000);
      fs.renameSync(other, p);
      expect(fs.statSync(p)).toMatchObject({ size: stamp.size, mtimeMs: stamp.mtimeMs });
      await userError(writeOutputFile(p, Buffer.from('ours'), { expect: stamp }), 'book.xlsx');
      expect(fs.readFileSync(p, 'utf8')).toBe('version 1');
    });

    it('refuses when the file vanished during the run: nothing is written', async () => {
      const p = file('book.xlsx', 'version 1');
      const { stamp } = await readInputFile(p);
      const write = writeOutputFile(p, Buffer.from('ours'), { expect: stamp, beforeRename: async () => fs.rmSync(p) });
      const u = await userError(write, 'book.xlsx');
      expect(u.detail.en).toContain('deleted or moved');
      expect(fs.existsSync(p)).toBe(false);
      expect(fs.readdirSync(dir)).toEqual([]);
    });
  });

  it('removes the temp file when a step fails, and the target is left as it was', async () => {
    const p = file('out.xlsx', 'old');
    const boom = new Error('boom');
    await expect(
      writeOutputFile(p, Buffer.from('new'), {
        beforeRename: async () => {
          expect(temps()).toHaveLength(1);
          throw boom;
        },
      })
    ).rejects.toBe(boom);
    expect(fs.readFileSync(p, 'utf8')).toBe('old');
    expect(temps()).toEqual([]);
  });

  it('installs signal handlers only while writing', async () => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'] as const;
    const counts = () => signals.map((s) => process.listenerCount(s));
    const before = counts();
    let during: number[] = [];
    await writeOutputFile(path.join(dir, 'a.xlsx'), Buffer.from('x'), {
      beforeRename: async () => {
        during = counts();
      },
    });
    expect(during).toEqual(before.map((n) => n + 1));
    expect(counts()).toEqual(before);
    await expect(
      writeOutputFile(path.join(dir, 'b.xlsx'), Buffer.from('x'), {
        beforeRename: async () => {
          throw new Error('fail');
        },
      })
    ).rejects.toThrow('fail');
    await userError(writeOutputFile(path.join(dir, 'a.xlsx'), Buffer.from('x'), { mustNotExist: true }), 'a.xlsx');
    expect(counts()).toEqual(before);
  });

  itPosix('a read-only target is replaced (rename needs only the folder) and stays read-only', async () => {
    const p = file('ro.xlsx', 'old');
    fs.chmodSync(p, 0o444);
    await writeOutputFile(p, Buffer.from('new'));
    expect(fs.readFileSync(p, 'utf8')).toBe('new');
    expect(modeOf(p)).toBe(0o444);
  });

  itRoot('as root, keeps the owner, group and setuid/setgid bits of the file it replaces', async () => {
    const p = file('owned.xlsx', 'old');
    fs.chownSync(p, NOBODY, NOBODY);
    // Set after chown (which clears them); the replacement must get them back in the same order.
    fs.chmodSync(p, 0o6750);
    await writeOutputFile(p, Buffer.from('new'));
    const st = fs.statSync(p);
    expect([st.uid, st.gid]).toEqual([NOBODY, NOBODY]);
    expect(st.mode & 0o7777).toBe(0o6750);
  });
});

/**
 * A child process cannot load TypeScript, so the module (and the one it imports) is transpiled into a temp
 * tree with the same relative layout. Children are used for signals, and, when the suite runs as root (which
 * ignores file permissions), for permission errors as an unprivileged user.
 */
describe('in a child process', () => {
  let lib: string;
  let safeFileJs: string;
  const CHILD = `
const m = require(process.argv[2]);
const [op, target, content, wait] = JSON.parse(process.argv[3]);
const opts = wait
  ? { beforeRename: () => new Promise((resolve) => { process.stdout.write('ready\\n'); setTimeout(resolve, 30000); }) }
  : {};
const run = op === 'read' ? m.readInputFile(target) : m.writeOutputFile(target, Buffer.from(content), opts);
run.then(
  () => process.stdout.write(JSON.stringify({ ok: true }) + '\\n'),
  (e) => process.stdout.write(JSON.stringify({ name: e.name, detail: e.detail, exitCode: e.exitCode }) + '\\n')
);
`;

  beforeAll(() => {
    lib = fs.mkdtempSync(path.join(os.tmpdir(), 'safefile-lib-'));
    const src = path.join(__dirname, '..', '..', '..', 'src');
    for (const rel of ['adapters/xlsx/safeFile', 'domain/message']) {
      const out = ts.transpileModule(fs.readFileSync(path.join(src, `${rel}.ts`), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
      });
      fs.mkdirSync(path.dirname(path.join(lib, rel)), { recursive: true });
      fs.writeFileSync(path.join(lib, `${rel}.js`), out.outputText);
    }
    fs.writeFileSync(path.join(lib, 'child.js'), CHILD);
    safeFileJs = path.join(lib, 'adapters', 'xlsx', 'safeFile.js');
    // Readable by the unprivileged user the permission tests run as.
    if (posix) execFileSync('chmod', ['-R', 'a+rX', lib]);
  });

  afterAll(() => fs.rmSync(lib, { recursive: true, force: true }));

  const start = (args: unknown[], unprivileged = false): ChildProcess =>
    spawn(process.execPath, [path.join(lib, 'child.js'), safeFileJs, JSON.stringify(args)], {
      cwd: lib,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(unprivileged && isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });

  const linesOf = (child: ChildProcess) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    return () => out;
  };

  const finished = (child: ChildProcess) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal }))
    );

  /** Runs an operation as a user without special rights; resolves with what it printed. */
  async function unprivileged(args: unknown[]) {
    const child = start(args, true);
    const out = linesOf(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const { code } = await within(10000, finished(child));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    return JSON.parse(out()) as { ok?: true; name?: string; detail?: { zh: string; en: string }; exitCode?: number };
  }

  itPosix('permission denied on reading: a clear bilingual message with EACCES', async () => {
    fs.chmodSync(dir, 0o755);
    const p = file('secret.xlsx', 'x');
    fs.chmodSync(p, 0o000);
    const r = await unprivileged(['read', p]);
    expect(r.name).toBe('UserError');
    expect(r.exitCode).toBe(2);
    for (const text of [r.detail!.zh, r.detail!.en]) {
      expect(text).toContain('secret.xlsx');
      expect(text).toContain('EACCES');
    }
  });

  itPosix('a read-only folder: a clear message naming it, nothing left behind', async () => {
    const ro = path.join(dir, 'readonly');
    fs.mkdirSync(ro);
    fs.writeFileSync(path.join(ro, 'out.xlsx'), 'old');
    fs.chmodSync(path.join(ro, 'out.xlsx'), 0o666);
    fs.chmodSync(ro, 0o555);
    fs.chmodSync(dir, 0o755);
    try {
      for (const name of ['out.xlsx', 'new.xlsx']) {
        const r = await unprivileged(['write', path.join(ro, name), 'new']);
        expect(r.name).toBe('UserError');
        expect(r.exitCode).toBe(2);
        for (const text of [r.detail!.zh, r.detail!.en]) {
          expect(text).toContain(name);
          expect(text).toContain(ro);
          expect(text).toContain('EACCES');
        }
        expect(r.detail!.en).toContain('read-only');
      }
      expect(fs.readdirSync(ro)).toEqual(['out.xlsx']);
      expect(fs.readFileSync(path.join(ro, 'out.xlsx'), 'utf8')).toBe('old');
    } finally {
      fs.chmodSync(ro, 0o755);
    }
  });

  itPosix.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    '%s while the temp file exists: it is removed, the target is unchanged, and the process dies of the signal',
    async (signal) => {
      const p = file('book.xlsx', 'old');
      const child = start(['write', p, 'new', true]);
      const out = linesOf(child);
      const exit = finished(child);
      await within(10000, new Promise<void>((resolve) => child.stdout!.on('data', () => out().includes('ready') && resolve())));
      expect(temps()).toHaveLength(1);
      child.kill(signal);
      expect(await within(10000, exit)).toEqual({ code: null, signal });
      expect(temps()).toEqual([]);
      expect(fs.readFileSync(p, 'utf8')).toBe('old');
    },
    20000
  );
});
