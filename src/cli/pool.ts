import { existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Rubric } from '../domain/rubric';
import { type JobKind, type JobResult, readJob } from './readJob';

/**
 * Read many workbooks across the machine's cores. Each worker thread holds one or two files at a time and sends
 * back a small result, so memory stays flat however many files there are; results come back in the files' order.
 * A few files are read on this thread: starting a worker costs more than reading them.
 */

/** Files per worker below which another worker is not worth starting. */
const PER_WORKER = 8;
/** Files a worker has in hand at once: one being parsed while the next is read from disk. */
const IN_FLIGHT = 2;

const WORKER = path.join(__dirname, 'worker.js');

export interface PoolOptions {
  /** at most this many threads (default: the machine's cores) */
  threads?: number;
}

export async function readMany(kind: JobKind, files: string[], rubric: Rubric, o: PoolOptions = {}): Promise<JobResult[]> {
  const cores = o.threads ?? os.availableParallelism?.() ?? os.cpus().length;
  const threads = Math.max(0, Math.min(cores, Math.floor(files.length / PER_WORKER)));
  // Compiled, the worker sits beside this file; run from the TypeScript sources (tests), everything stays here.
  if (threads < 2 || !existsSync(WORKER)) return inline(kind, files, rubric);
  return pooled(kind, files, rubric, threads);
}

async function inline(kind: JobKind, files: string[], rubric: Rubric): Promise<JobResult[]> {
  const out: JobResult[] = [];
  for (const f of files) out.push(await readJob(kind, f, rubric));
  return out;
}

function pooled(kind: JobKind, files: string[], rubric: Rubric, threads: number): Promise<JobResult[]> {
  return new Promise((resolve, reject) => {
    const results: JobResult[] = new Array(files.length);
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const finish = (e?: Error) => {
      if (failed) return;
      if (e) failed = true;
      for (const w of workers) void w.terminate();
      if (e) reject(e);
      else resolve(results);
    };
    const feed = (w: Worker) => {
      if (next < files.length) {
        const id = next++;
        w.postMessage({ id, file: files[id] });
      }
    };
    for (let t = 0; t < threads; t++) {
      // A small young generation frees each file's buffers soon after it is read.
      const w = new Worker(WORKER, { workerData: { kind, rubric }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      workers.push(w);
      w.on('message', (m: { id: number; result: JobResult }) => {
        results[m.id] = m.result;
        if (++done === files.length) finish();
        else feed(w);
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (code !== 0 && done < files.length) finish(new Error(`a reading thread stopped (exit ${code})`));
      });
      for (let i = 0; i < IN_FLIGHT; i++) feed(w);
    }
  });
}
