import { UserError, msg, type Message } from '../domain/message';
import type { Rubric } from '../domain/rubric';
import type { WorkbookFacts } from '../domain/reviewTypes';
import { quickSnapshot } from '../adapters/xlsx/quickRead';
import { readInputFile } from '../adapters/xlsx/safeFile';
import { check, type CheckOutcome } from '../operations/check';
import { inspect } from '../operations/inspect';

/**
 * One workbook read for `check` or `review`, as a worker thread (or the main thread, for a few files) runs it:
 * read-only, through the light reader (no ExcelJS), and answered with a small, cloneable result.
 */
export type JobKind = 'check' | 'inspect';

export type JobResult =
  | { file: string; ok: true; kind: 'check'; value: CheckOutcome }
  | { file: string; ok: true; kind: 'inspect'; value: WorkbookFacts }
  | { file: string; ok: false; message: Message };

export async function readJob(kind: JobKind, file: string, rubric: Rubric): Promise<JobResult> {
  try {
    const { data } = await readInputFile(file);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (kind === 'check') {
      const d = check.decide(quickSnapshot(bytes, file, check.needs({ rubric })), { rubric });
      return d.ok ? { file, ok: true, kind, value: d.result } : { file, ok: false, message: d.error };
    }
    const d = inspect.decide(quickSnapshot(bytes, file, inspect.needs({ rubric, file })), { rubric, file });
    return d.ok ? { file, ok: true, kind, value: d.result } : { file, ok: false, message: d.error };
  } catch (e) {
    if (e instanceof UserError) return { file, ok: false, message: e.detail };
    // One file's defect never stops a run of many: it is listed with what happened.
    const text = (e as Error)?.message ?? String(e);
    return {
      file,
      ok: false,
      message: msg(`${file} 讀取時發生內部錯誤：${text}`, `${file}: internal error while reading: ${text}`),
    };
  }
}
