import { parentPort, workerData } from 'worker_threads';
import type { Rubric } from '../domain/rubric';
import { type JobKind, readJob } from './readJob';

/** A reading thread of `check` and `review`: one file per message, one small result back. */
const { kind, rubric } = workerData as { kind: JobKind; rubric: Rubric };
parentPort?.on('message', (m: { id: number; file: string }) => {
  void readJob(kind, m.file, rubric).then((result) => parentPort?.postMessage({ id: m.id, result }));
});
