import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RetrainJob, RetrainJobResult } from './retrain-job.ts';

const runsFromSources = import.meta.url.endsWith('.ts');
const workerFile = fileURLToPath(new URL(runsFromSources ? './retrain-worker-bootstrap.mjs' : './retrain-worker.js', import.meta.url));

/**
 * Runs one retraining in a new worker thread and resolves with its verdict; a worker that dies
 * without answering resolves as a failure (never rejects). The thread ends with the job, so the
 * shipped model's ONNX session and the training matrices are freed between rounds.
 */
export function runRetrainJob(job: RetrainJob): Promise<RetrainJobResult> {
  return new Promise((resolve) => {
    let answered = false;
    const worker = new Worker(workerFile, { workerData: job });
    worker.once('message', (result: RetrainJobResult) => {
      answered = true;
      resolve(result);
    });
    worker.once('error', (error) => {
      answered = true;
      resolve({ ok: false, message: `retraining worker failed: ${error.message}` });
    });
    worker.once('exit', (code) => {
      if (!answered) resolve({ ok: false, message: `retraining worker exited with code ${code} before answering` });
    });
  });
}
