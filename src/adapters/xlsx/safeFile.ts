/**
 * Reading and writing the workbook files a user names on the command line, without the usual ways a CLI hurts
 * its user: hanging on a FIFO, replacing a device or a symlink, leaving half-written or stray temp files,
 * loosening a read-only file's mode, or silently overwriting what someone else saved while we ran.
 */
import * as fs from 'fs';
import { promises as fsp } from 'fs';
import type { Stats } from 'fs';
import * as path from 'path';
import * as crypto from 'crypto';
import * as os from 'os';
import { Message, UserError, msg } from '../../domain/message';

export interface FileStamp {
  /** The real path after resolving symlinks. */
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  mode: number;
  sha256: string;
}

export interface WriteOptions {
  /** The stamp readInputFile gave for the same file: refuse to write if the file changed on disk since. */
  expect?: FileStamp;
  /** Refuse (UserError) if the target already exists. */
  mustNotExist?: boolean;
  /** Test hook: runs when the temp file is complete, just before the final checks and the rename. */
  beforeRename?: () => Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

const codeOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;

/** A short reason for an OS error code; the code itself stays in the text so it can be looked up. */
function reason(e: unknown): Message {
  const code = codeOf(e) ?? 'UNKNOWN';
  const r: Record<string, [string, string]> = {
    ENOENT: ['不存在', 'does not exist'],
    EACCES: ['沒有權限', 'permission denied'],
    EPERM: ['不允許此操作（權限不足）', 'operation not permitted'],
    EROFS: ['位於唯讀的檔案系統', 'it is on a read-only file system'],
    ENOSPC: ['磁碟空間不足', 'no space left on the disk'],
    EDQUOT: ['超過磁碟配額', 'disk quota exceeded'],
    ENOTDIR: ['路徑中有一段不是資料夾', 'a part of the path is not a folder'],
    ELOOP: ['符號連結層數太多或形成迴圈', 'too many levels of symbolic links (a loop?)'],
    ENAMETOOLONG: ['名稱太長', 'the name is too long'],
    EISDIR: ['是資料夾', 'it is a folder'],
    EBUSY: ['正被其他程式使用', 'it is in use by another program'],
    EMFILE: ['開啟的檔案太多', 'too many open files'],
    ENFILE: ['開啟的檔案太多', 'too many open files'],
    EIO: ['輸入／輸出錯誤（磁碟或網路磁碟機問題）', 'input/output error (disk or network drive problem)'],
  };
  const [zh, en] = r[code] ?? ['系統錯誤', 'system error'];
  return msg(`${zh}（${code}）`, `${en} (${code})`);
}

/** The name the user typed, plus where a symlink really leads, so a message about a link is not puzzling. */
function named(file: string, real?: string): string {
  return real && path.resolve(file) !== real ? `${file} (→ ${real})` : file;
}

function kindOf(st: Stats): Message {
  if (st.isDirectory()) return msg('資料夾', 'a folder');
  if (st.isFIFO()) return msg('具名管道（FIFO）', 'a named pipe (FIFO)');
  if (st.isSocket()) return msg('通訊端（socket）', 'a socket');
  if (st.isCharacterDevice()) return msg('字元裝置', 'a character device');
  if (st.isBlockDevice()) return msg('區塊裝置', 'a block device');
  if (st.isSymbolicLink()) return msg('符號連結', 'a symbolic link');
  return msg('特殊檔案', 'a special file');
}

function notRegularToRead(file: string, real: string | undefined, st: Stats): UserError {
  const k = kindOf(st);
  const f = named(file, real);
  return new UserError(
    msg(
      `${f} 是${k.zh}，不是一般檔案，無法當作活頁簿讀取。`,
      `${f} is ${k.en}, not a regular file; it cannot be read as a workbook.`
    )
  );
}

function notRegularToWrite(file: string, real: string, st: Stats): UserError {
  const k = kindOf(st);
  const f = named(file, real);
  return new UserError(
    msg(
      `${f} 是${k.zh}，不是一般檔案；為安全起見不會寫入或取代它，未寫入任何內容。請指定 .xlsx 檔案的路徑。`,
      `${f} is ${k.en}, not a regular file; for safety it is neither written to nor replaced, and nothing was written. Name an .xlsx file path.`
    )
  );
}

function readError(file: string, e: unknown, real?: string): UserError {
  if (e instanceof UserError) return e;
  const f = named(file, real);
  const code = codeOf(e);
  if (code === 'ENOENT')
    return new UserError(
      msg(`找不到檔案 ${f}（ENOENT），請確認路徑與檔名。`, `File not found: ${f} (ENOENT); check the path and name.`)
    );
  if (code === 'EACCES' || code === 'EPERM')
    return new UserError(msg(`沒有權限讀取 ${f}（${code}）。`, `Permission denied reading ${f} (${code}).`));
  const r = reason(e);
  return new UserError(msg(`無法讀取 ${f}：${r.zh}。`, `Cannot read ${f}: ${r.en}.`));
}

function writeError(file: string, real: string, e: unknown): UserError {
  if (e instanceof UserError) return e;
  const r = reason(e);
  const f = named(file, real);
  return new UserError(msg(`無法寫入 ${f}：${r.zh}；未寫入任何內容。`, `Cannot write ${f}: ${r.en}; nothing was written.`));
}

function folderError(file: string, dir: string, e: unknown): UserError {
  const code = codeOf(e);
  if (code === 'ENOENT')
    return new UserError(
      msg(
        `無法寫入 ${file}：資料夾 ${dir} 不存在（ENOENT）。`,
        `Cannot write ${file}: the folder ${dir} does not exist (ENOENT).`
      )
    );
  const r = reason(e);
  return new UserError(
    msg(`無法寫入 ${file}：無法使用資料夾 ${dir}：${r.zh}。`, `Cannot write ${file}: cannot use the folder ${dir}: ${r.en}.`)
  );
}

function cannotCreateIn(file: string, real: string, dir: string, e: unknown): UserError {
  const code = codeOf(e);
  const f = named(file, real);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new UserError(
      msg(
        `無法寫入 ${f}：沒有權限在資料夾 ${dir} 中建立檔案（${code}），該資料夾可能是唯讀的；未寫入任何內容。`,
        `Cannot write ${f}: no permission to create a file in the folder ${dir} (${code}); the folder may be read-only. Nothing was written.`
      )
    );
  return writeError(file, real, e);
}

function alreadyExists(file: string, real: string): UserError {
  const f = named(file, real);
  return new UserError(msg(`${f} 已存在；加上 --force 才會覆寫。`, `${f} already exists; add --force to overwrite it.`));
}

function changedMeanwhile(file: string, real: string, vanished: boolean): UserError {
  const f = named(file, real);
  return new UserError(
    vanished
      ? msg(
          `${f} 在本次執行期間被其他人或程式刪除或移走，本次未寫入任何內容。請確認後重新執行。`,
          `${f} was deleted or moved by someone else while this run was in progress; nothing was written. Check, then run again.`
        )
      : msg(
          `${f} 在本次執行期間已被其他人或程式儲存（磁碟上的檔案已變更）；為免覆蓋對方的修改，本次未寫入任何內容。請重新執行。`,
          `${f} was saved by someone else while this run was in progress (the file on disk changed); to avoid overwriting their changes, nothing was written. Run again.`
        )
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

// O_NONBLOCK: should a FIFO be swapped in between our stat and open, the open returns at once instead of waiting
// for a writer; the fstat after it then refuses the FIFO. Not defined on Windows, which has no FIFOs in the fs.
const O_READ = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

const toStamp = (real: string, st: Stats, hash: string): FileStamp => ({
  path: real,
  dev: st.dev,
  ino: st.ino,
  size: st.size,
  mtimeMs: st.mtimeMs,
  mode: st.mode,
  sha256: hash,
});

const isMissing = (e: unknown) => codeOf(e) === 'ENOENT' || codeOf(e) === 'ENOTDIR';

/**
 * Reads a regular file, following symlinks. stat comes first, so a FIFO or device is refused without ever being
 * opened (opening a FIFO for reading blocks until a writer appears). With missingOk, a file that is not there
 * gives undefined instead of an error.
 */
async function readRegular(file: string, missingOk: boolean): Promise<{ data: Buffer; stamp: FileStamp } | undefined> {
  let st: Stats;
  try {
    st = await fsp.stat(file);
  } catch (e) {
    if (missingOk && isMissing(e)) return undefined;
    throw readError(file, e);
  }
  let real: string;
  try {
    real = await fsp.realpath(file);
  } catch (e) {
    if (missingOk && isMissing(e)) return undefined;
    throw readError(file, e);
  }
  if (!st.isFile()) throw notRegularToRead(file, real, st);
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(real, O_READ);
  } catch (e) {
    if (missingOk && isMissing(e)) return undefined;
    throw readError(file, e, real);
  }
  try {
    // What was opened may not be what was stat'ed (the name can be replaced in between): check the open file.
    const fst = await fh.stat();
    if (!fst.isFile()) throw notRegularToRead(file, real, fst);
    const data = await fh.readFile();
    return { data, stamp: toStamp(real, fst, sha256(data)) };
  } catch (e) {
    throw readError(file, e, real);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Read a workbook file the user named: only a regular file (symlinks followed), with a stamp of what was read. */
export async function readInputFile(file: string): Promise<{ data: Buffer; stamp: FileStamp }> {
  if (file === '') throw new UserError(msg('未指定檔案名稱。', 'No file name was given.'));
  return (await readRegular(file, false))!;
}

/**
 * The stamp of a file as it is now (symlinks followed), or undefined if there is no such file. A file that is
 * not regular or cannot be read gives the same UserError as readInputFile.
 */
export async function stampOf(file: string): Promise<FileStamp | undefined> {
  return (await readRegular(file, true))?.stamp;
}

// ---------------------------------------------------------------------------------------------------------------
// Temp files removed on SIGINT / SIGTERM / SIGHUP

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const liveTemps = new Set<string>();

function removeLiveTemps() {
  for (const t of liveTemps) {
    try {
      fs.rmSync(t, { force: true });
    } catch {
      // Best effort: the process is going away, and there is no one left to tell.
    }
  }
  liveTemps.clear();
}

function onSignal(signal: NodeJS.Signals) {
  removeLiveTemps();
  // If the program has its own handler for this signal, it decides what happens next; otherwise keep Node's
  // default (die by the signal, which a shell reports as 128 + its number) by raising it again without us.
  const alone = process.listenerCount(signal) === 1;
  uninstallHandlers();
  if (alone) {
    process.kill(process.pid, signal);
    // Not reached where the signal is delivered at once (POSIX); a fallback with the same status otherwise.
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  }
}

function installHandlers() {
  for (const s of SIGNALS) process.on(s, onSignal);
  // process.exit() called elsewhere (or an uncaught exception) while a write is in progress.
  process.on('exit', removeLiveTemps);
}

function uninstallHandlers() {
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.removeListener('exit', removeLiveTemps);
}

// Handlers exist only while some write is in progress, so that otherwise the program's signal behaviour is Node's.
function track(tmp: string) {
  if (liveTemps.size === 0) installHandlers();
  liveTemps.add(tmp);
}

function untrack(tmp: string) {
  liveTemps.delete(tmp);
  if (liveTemps.size === 0) uninstallHandlers();
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/**
 * The file a write to `target` really lands on: symlinks followed to their final target, even a dangling one (its
 * target file is then created), and the folder's real path, so the temp file is made beside the real file.
 * Strings are joined without normalising, so `link/../x` means what the kernel means by it.
 */
async function resolveTarget(target: string): Promise<string> {
  let p = target;
  for (let hops = 0; ; hops++) {
    let st: Stats;
    try {
      st = await fsp.lstat(p);
    } catch (e) {
      if (codeOf(e) === 'ENOENT') break;
      throw writeError(target, path.resolve(target), e);
    }
    if (!st.isSymbolicLink()) break;
    if (hops >= 40) throw writeError(target, path.resolve(target), Object.assign(new Error(), { code: 'ELOOP' }));
    let link: string;
    try {
      link = await fsp.readlink(p);
    } catch (e) {
      throw writeError(target, path.resolve(target), e);
    }
    p = path.isAbsolute(link) ? link : `${path.dirname(p)}${path.sep}${link}`;
  }
  const dir = path.dirname(p);
  let realDir: string;
  try {
    realDir = await fsp.realpath(dir);
  } catch (e) {
    throw folderError(target, dir, e);
  }
  return path.join(realDir, path.basename(p));
}

async function lstatOrUndefined(file: string, real: string): Promise<Stats | undefined> {
  try {
    return await fsp.lstat(real);
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw writeError(file, real, e);
  }
}

/** Refuses to replace anything but a regular file, and anything at all when mustNotExist. */
async function checkTarget(file: string, real: string, mustNotExist: boolean): Promise<Stats | undefined> {
  const st = await lstatOrUndefined(file, real);
  if (st && !st.isFile()) throw notRegularToWrite(file, real, st);
  if (st && mustNotExist) throw alreadyExists(file, real);
  return st;
}

/** The lost-update check: the file must still be, byte for byte and inode for inode, the one that was read. */
async function checkUnchanged(file: string, real: string, expect: FileStamp) {
  let now: { stamp: FileStamp } | undefined;
  try {
    now = await readRegular(real, true);
  } catch {
    // It exists but can no longer be read as it was (its rights or type were changed): someone else changed it.
    throw changedMeanwhile(file, real, false);
  }
  if (!now) throw changedMeanwhile(file, real, true);
  const s = now.stamp;
  const same =
    s.path === expect.path &&
    s.dev === expect.dev &&
    s.ino === expect.ino &&
    s.size === expect.size &&
    s.mtimeMs === expect.mtimeMs &&
    s.sha256 === expect.sha256;
  if (!same) throw changedMeanwhile(file, real, false);
}

/** Best effort: make the rename itself durable. Not possible on every platform (Windows cannot open a folder). */
async function syncDir(dir: string) {
  try {
    const d = await fsp.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // The data is already in place; only durability across a power cut is weaker.
  }
}

/** Puts the finished temp file at `real`. With mustNotExist, link() fails if the name appeared meanwhile, where
 * rename() would silently replace it; file systems without hard links fall back to a check and a rename. */
async function commit(tmp: string, real: string, file: string, mustNotExist: boolean) {
  if (mustNotExist) {
    try {
      await fsp.link(tmp, real);
      await fsp.unlink(tmp).catch(() => undefined);
      return;
    } catch (e) {
      if (codeOf(e) === 'EEXIST') throw alreadyExists(file, real);
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'].includes(codeOf(e) ?? '')) throw e;
      await checkTarget(file, real, true);
    }
  }
  await fsp.rename(tmp, real);
}

/**
 * Write `data` to `target` safely: a temp file beside the real target (symlinks followed, so a link stays a
 * link), written and fsync'ed, given the old file's mode (and owner, as root), checked against `expect`, then
 * renamed over the target. Anything but a regular file is refused; on any failure or SIGINT/SIGTERM/SIGHUP the
 * temp file is removed and the target is left as it was.
 */
export async function writeOutputFile(target: string, data: Buffer, opts: WriteOptions = {}): Promise<void> {
  if (target === '') throw new UserError(msg('未指定輸出檔案名稱。', 'No output file name was given.'));
  const real = await resolveTarget(target);
  const dir = path.dirname(real);
  const existing = await checkTarget(target, real, opts.mustNotExist ?? false);
  // Fail fast when the target is already known to be gone or changed; the decisive check is before the rename.
  if (opts.expect) {
    if (!existing) throw changedMeanwhile(target, real, true);
    await checkUnchanged(target, real, opts.expect);
  }

  // A leading '.' hides it from casual listings; random bytes make the name unguessable, and 'wx' (O_EXCL) never
  // follows or reuses something planted at that name. The base name is shortened to stay under NAME_MAX.
  const base = Array.from(path.basename(real)).slice(0, 60).join('');
  const tmp = path.join(dir, `.${base}.${crypto.randomBytes(12).toString('hex')}.tmp`);
  // Tracked before it exists: a signal may be handled before the open's result is.
  track(tmp);
  let created = false;
  try {
    let fh: fsp.FileHandle;
    try {
      // A new file gets 0o666 less the umask, as fs.writeFile would; a replacement starts private (0o600) and is
      // given the old mode once written, so a reader never sees a half-written file with looser rights.
      fh = await fsp.open(tmp, 'wx', existing ? 0o600 : 0o666);
      created = true;
    } catch (e) {
      throw cannotCreateIn(target, real, dir, e);
    }
    try {
      await fh.writeFile(data);
      if (existing) {
        // chown before chmod: changing the owner clears the setuid/setgid bits.
        if (process.getuid?.() === 0) await fh.chown(existing.uid, existing.gid);
        await fh.chmod(existing.mode & 0o7777);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await opts.beforeRename?.();
    // As close to the rename as possible: nothing but a regular file is replaced, and no one else's save is lost.
    await checkTarget(target, real, opts.mustNotExist ?? false);
    if (opts.expect) await checkUnchanged(target, real, opts.expect);
    await commit(tmp, real, target, opts.mustNotExist ?? false);
    created = false;
    await syncDir(dir);
  } catch (e) {
    if (created) await fsp.rm(tmp, { force: true }).catch(() => undefined);
    // Only OS errors are turned into messages; a UserError already is one, and anything else is a defect.
    throw codeOf(e) && !(e instanceof UserError) ? writeError(target, real, e) : e;
  } finally {
    untrack(tmp);
  }
}
