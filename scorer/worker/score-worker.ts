import { workerData } from 'node:worker_threads';
import { createTokenEncoder } from '../features/create-token-encoder.ts';
import { countInputTokens, featurize } from '../features/featurize.ts';
import { loadDifficultyModel } from '../onnx-session.ts';
import type { ScoreTask, ScoreTaskResult, ScoreWorkerData } from './score-task.ts';

/**
 * Loads the tokenizer and the ONNX session once per worker, then returns the task handler
 * (piscina's async-load pattern: the module's default export is a promise of the handler).
 * The model rates `task` (the latest user turn, else the whole text); `inputTokens` counts the whole
 * text. Featurizing happens here, not on the event loop, so a 200,000-character prompt never stalls
 * the gateway; the featurizer caps its input so each task's cost is bounded.
 */
async function loadScoreHandler(): Promise<(task: ScoreTask) => Promise<ScoreTaskResult>> {
  const { modelPath } = workerData as ScoreWorkerData;
  const encoder = createTokenEncoder();
  const session = await loadDifficultyModel(modelPath);
  return async (task) => {
    const started = performance.now();
    try {
      if (typeof task?.text !== 'string') return { ok: false, message: 'task.text must be a string' };
      if (task.task !== undefined && typeof task.task !== 'string') return { ok: false, message: 'task.task must be a string when given' };
      const rated = task.task ?? task.text;
      const featurized = featurize(rated, encoder);
      const inputTokens = rated === task.text ? featurized.inputTokens : countInputTokens(task.text, encoder);
      const featurizeMs = performance.now() - started;
      const { difficulty, logit } = await session.run(featurized);
      return { ok: true, difficulty, logit, inputTokens, workerMs: performance.now() - started, featurizeMs };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** A worker whose model cannot load answers every task with the reason instead of crashing (and restarting) forever. */
export default loadScoreHandler().catch((error: unknown) => {
  const message = `scorer model failed to load: ${error instanceof Error ? error.message : String(error)}`;
  return async (): Promise<ScoreTaskResult> => ({ ok: false, message });
});
