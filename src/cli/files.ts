import { promises as fs } from 'fs';
import * as path from 'path';
import { UserError, msg } from '../domain/message';

/**
 * The workbooks a list of paths names: files as given, folders searched (with their subfolders) for .xlsx files.
 * Excel's lock files ("~$name.xlsx", left beside an open workbook) and hidden folders are skipped. A path that does
 * not exist is a usage error: a typo must not quietly shrink a review.
 */
export async function workbookFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await fs.stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
      throw new UserError(msg(`找不到檔案或資料夾：${p}（${code}）`, `No such file or folder: ${p} (${code})`));
    }
    if (st.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return [...new Set(out)];
}

const isLockFile = (name: string) => name.startsWith('~$');

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  // A stable order whatever the file system returns: by name, as code points.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith('.')) out.push(...(await walk(full)));
    } else if ((e.isFile() || e.isSymbolicLink()) && /\.xlsx$/i.test(e.name) && !isLockFile(e.name)) out.push(full);
  }
  return out;
}
