import { UserError, msg } from '../../domain/message';
import type { Rubric } from '../../domain/rubric';
import type { Unreadable, WorkbookFacts } from '../../domain/reviewTypes';
import { inspect } from '../../operations/inspect';
import { reviewWorkbooks } from '../../operations/review';
import { quickSnapshot } from '../xlsx/quickRead';

/**
 * The pane's review chunk (webpackChunkName "review", loaded by ./actions when the user picks files): reads
 * workbooks the user picked, in the browser, with the light reader, and hands back the review operation. Kept
 * out of taskpane.js: the reader (fflate) and the review layouts are only needed by a manager who asks.
 */

export interface ReadWorkbooks {
  facts: WorkbookFacts[];
  unreadable: Unreadable[];
}

/** Called before each file is read: the n-th (from 1) of `of`. */
export type ReadProgress = (n: number, of: number) => void;

/** Blob.arrayBuffer(), or FileReader where it is missing (EdgeHTML 18, which Office 2019 uses, lacks it). */
function bytesOf(file: Blob): Promise<ArrayBuffer> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed'));
    reader.readAsArrayBuffer(file);
  });
}

/** One workbook's facts, or why it cannot be read; never throws. */
export function inspectBytes(
  bytes: Uint8Array,
  file: string,
  rubric: Rubric
): { ok: true; facts: WorkbookFacts } | { ok: false; unreadable: Unreadable } {
  try {
    const input = { rubric, file };
    const d = inspect.decide(quickSnapshot(bytes, file, inspect.needs(input)), input);
    return d.ok ? { ok: true, facts: d.result } : { ok: false, unreadable: { file, message: d.error } };
  } catch (e) {
    if (e instanceof UserError) return { ok: false, unreadable: { file, message: e.detail } };
    // One file's defect never stops a review of many: it is listed with what happened.
    const text = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      unreadable: { file, message: msg(`${file} 讀取時發生內部錯誤：${text}`, `${file}: internal error while reading: ${text}`) },
    };
  }
}

/**
 * The picked files, one at a time: only one file's bytes are held at once, whatever the number picked (the facts
 * kept of each are small).
 */
export async function readWorkbooks(
  files: readonly File[],
  rubric: Rubric,
  progress: ReadProgress = () => undefined
): Promise<ReadWorkbooks> {
  const out: ReadWorkbooks = { facts: [], unreadable: [] };
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    progress(i + 1, files.length);
    let bytes: ArrayBuffer;
    try {
      bytes = await bytesOf(file);
    } catch {
      // moved, deleted or locked since it was picked
      out.unreadable.push({
        file: file.name,
        message: msg(
          `${file.name} 無法從磁碟讀取（可能已被移動、刪除，或正被其他程式鎖定）；請確認檔案後再選一次。`,
          `${file.name} could not be read from disk (it may have been moved, deleted or locked by another program); check the file and pick it again.`
        ),
      });
      continue;
    }
    const r = inspectBytes(new Uint8Array(bytes), file.name, rubric);
    if (r.ok) out.facts.push(r.facts);
    else out.unreadable.push(r.unreadable);
  }
  return out;
}

export { reviewWorkbooks };
