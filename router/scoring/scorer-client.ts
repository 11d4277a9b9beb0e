/**
 * The router's only view of the ML scorer (scorer/ runs it in a worker pool). Results are plain
 * objects: a failed score is a value, never an exception, so a policy can fall back cleanly.
 */
export type ScoreResult =
  | {
      ok: true;
      /** Difficulty in [0, 1] (what users see as "complexity"). */
      complexity: number;
      /** The IRT difficulty logit: predicted quality of model m = sigmoid(k · (ability_m − logit)). */
      logit: number;
      inputTokens: number;
      /** Time spent scoring, event loop to event loop (queue wait included). */
      ms: number;
      /** Of which inside the worker: featurize + ONNX run (absent from scorers without a worker). */
      workerMs?: number;
    }
  | { ok: false; reason: 'timeout' | 'overloaded' | 'error' | 'closed'; message: string };

export interface ScorerClient {
  score(text: string): Promise<ScoreResult>;
  close(): Promise<void>;
}
