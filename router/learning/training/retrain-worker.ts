import { parentPort, workerData } from 'node:worker_threads';
import { parseRoutingFile } from '../../../datasets/parse-routing-file.ts';
import type { RetrainJob, RetrainJobResult } from './retrain-job.ts';
import { trainFromRows } from './train-from-rows.ts';

/**
 * One periodic retraining, in its own worker thread (`runRetrainJob`): scores the rows with the
 * shipped model (its own ONNX session, not the gateway's scorer pool), trains the pair's gain
 * model, applies the guard and, when it agrees, activates the version in active.json — the same
 * code as `switchyard train` — then posts the verdict and exits. None of it runs on the gateway's
 * event loop.
 */
async function retrain(job: RetrainJob): Promise<RetrainJobResult> {
  const started = performance.now();
  try {
    const file = parseRoutingFile(job.rows.map((row) => JSON.stringify(row)).join('\n'), job.source);
    const result = await trainFromRows({ file, source: job.source, strongModel: job.strongModel, weakModel: job.weakModel, directory: job.directory, guard: job.guard, maxRows: job.maxRows });
    return { ok: true, activated: result.activated, reason: result.decision.reason, gain: result.decision.gain, written: result.written, rows: result.rows, trainMs: performance.now() - started };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.postMessage(await retrain(workerData as RetrainJob));
