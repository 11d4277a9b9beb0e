import { BroadcastChannel, workerData } from 'node:worker_threads';
import { createTextTermScorer } from '../learned/learned-gain-model.ts';
import { createTokenEncoder } from '../features/create-token-encoder.ts';
import { countInputTokens, featurize } from '../features/featurize.ts';
import { loadDifficultyModel } from '../onnx-session.ts';
import type { LearnedModelsMessage, ScoreTask, ScoreTaskResult, ScoreWorkerData } from './score-task.ts';

/**
 * Loads the tokenizer and the ONNX session once per worker, then returns the task handler
 * (piscina's async-load pattern: the module's default export is a promise of the handler).
 * The model rates `task` (the latest user turn, else the whole text); `inputTokens` counts the whole
 * text. Featurizing happens here, not on the event loop, so a 200,000-character prompt never stalls
 * the gateway; the featurizer caps its input so each task's cost is bounded.
 */
async function loadScoreHandler(): Promise<(task: ScoreTask) => Promise<ScoreTaskResult>> {
  const { modelPath, learnedChannel } = workerData as ScoreWorkerData;
  const learned = learnedChannel === undefined ? undefined : listenForLearnedModels(learnedChannel);
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
      if (learned === undefined || learned.scorers.size === 0) return { ok: true, difficulty, logit, inputTokens, workerMs: performance.now() - started, featurizeMs, learnedVersion: learned?.version ?? 0 };
      const learnedStarted = performance.now();
      const learnedText: Record<string, number> = {};
      for (const [key, scoreText] of learned.scorers) learnedText[key] = scoreText(rated);
      const finished = performance.now();
      return { ok: true, difficulty, logit, inputTokens, workerMs: finished - started, featurizeMs, learnedText, learnedVersion: learned.version, learnedMs: finished - learnedStarted };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  };
}

/**
 * The learned gain models this worker scores every task with, as last broadcast by the pool (a
 * message replaces the whole set). Unref'd: the channel alone must not keep a worker alive.
 */
function listenForLearnedModels(name: string): { version: number; scorers: Map<string, (text: string) => number> } {
  const state = { version: 0, scorers: new Map<string, (text: string) => number>() };
  const channel = new BroadcastChannel(name);
  channel.unref();
  channel.onmessage = (event) => {
    const message = (event as { data: LearnedModelsMessage }).data;
    if (message.version <= state.version) return;
    state.scorers = new Map(message.models.map(({ key, model }) => [key, createTextTermScorer(model)]));
    state.version = message.version;
  };
  return state;
}

/** A worker whose model cannot load answers every task with the reason instead of crashing (and restarting) forever. */
export default loadScoreHandler().catch((error: unknown) => {
  const message = `scorer model failed to load: ${error instanceof Error ? error.message : String(error)}`;
  return async (): Promise<ScoreTaskResult> => ({ ok: false, message });
});
