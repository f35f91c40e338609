import { promises as fs } from 'fs';
import * as path from 'path';
import { UserError, msg, type Message } from '../domain/message';

/**
 * The workbooks a list of paths names: files as given, folders searched (with their subfolders) for workbooks.
 * Excel's lock files ("~$name.xlsx", left beside an open workbook) and hidden folders are skipped. A path that does
 * not exist is a usage error: a typo must not quietly shrink a review. Inside folders, a spreadsheet that is not an
 * .xlsx (.xls, .xlsm, .xlsb, .ods) is taken too, so the reader can say why it cannot be used instead of leaving an
 * office's submission out without a word; a subfolder that cannot be opened is reported the same way.
 */
export interface Found {
  files: string[];
  /** folders that could not be searched, with the reason */
  unreadable: { file: string; message: Message }[];
}

const SPREADSHEET = /\.(xlsx|xlsm|xlsb|xls|ods)$/i;

export async function workbookFiles(paths: string[]): Promise<Found> {
  const found: Found = { files: [], unreadable: [] };
  for (const p of paths) {
    let st;
    try {
      st = await fs.stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
      throw new UserError(
        code === 'ENOENT'
          ? msg(`找不到檔案或資料夾：${p}`, `File or folder not found: ${p}`)
          : msg(`無法開啟 ${p}（${code}）`, `Cannot open ${p} (${code})`)
      );
    }
    if (st.isDirectory()) await walk(p, found, new Set());
    else found.files.push(p);
  }
  found.files = await distinct(found.files);
  return found;
}

const isLockFile = (name: string) => name.startsWith('~$');

async function walk(dir: string, found: Found, visited: Set<string>): Promise<void> {
  let entries;
  try {
    // A folder reached twice through links is searched once (and a link loop ends).
    const real = await fs.realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
    found.unreadable.push({
      file: dir,
      message: msg(
        `無法開啟資料夾 ${dir}（${code}），其中的活頁簿未納入`,
        `Cannot open the folder ${dir} (${code}); its workbooks are not included`
      ),
    });
    return;
  }
  // A stable order whatever the file system returns: by name, as code points.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const folder =
      e.isDirectory() ||
      (e.isSymbolicLink() &&
        (await fs.stat(full).then(
          (s) => s.isDirectory(),
          () => false
        )));
    if (folder) {
      if (!e.name.startsWith('.')) await walk(full, found, visited);
    } else if (SPREADSHEET.test(e.name) && !isLockFile(e.name)) found.files.push(full);
  }
}

/** One entry per file, however its path is spelled ("a/x.xlsx", "./a/x.xlsx", a link to it): the first spelling. */
async function distinct(files: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of files) {
    const key = await fs.realpath(f).catch(() => path.resolve(f));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}
