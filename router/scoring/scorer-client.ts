/**
 * The router's only view of the ML scorer (scorer/ runs it in a worker pool). Results are plain
 * objects: a failed score is a value, never an exception, so a policy can fall back cleanly.
 */
import type { LearnedTextModel } from '../../scorer/worker/score-task.ts';

export type { LearnedTextModel };

export type ScoreResult =
  | {
      ok: true;
      /** Difficulty in [0, 1] (what users see as "complexity"). */
      complexity: number;
      /** The IRT difficulty logit: predicted quality of model m = sigmoid(k · (ability_m − logit)). */
      logit: number;
      /** Tokens of the whole prompt text (not only of the rated task). */
      inputTokens: number;
      /** Time spent scoring, event loop to event loop (queue wait included). */
      ms: number;
      /** Of which inside the worker: featurize + ONNX run (absent from scorers without a worker). */
      workerMs?: number;
      /** Text terms of the learned gain models the scorer computed for the rated text, by model key (see `setLearnedModels`). */
      learnedText?: Readonly<Record<string, number>>;
    }
  | { ok: false; reason: 'timeout' | 'overloaded' | 'error' | 'closed'; message: string };

export interface ScorerClient {
  /**
   * Rates `task` — the text the difficulty model judges, the latest user turn (`taskText`) — and
   * counts the tokens of `text`, the whole prompt (`promptText`). `task` defaults to `text`.
   */
  score(text: string, task?: string): Promise<ScoreResult>;
  /** Learned gain models whose text term the scorer computes with every score from now on (a scorer without workers may not). */
  setLearnedModels?(models: readonly LearnedTextModel[]): void;
  close(): Promise<void>;
}
