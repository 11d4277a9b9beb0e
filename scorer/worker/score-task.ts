/**
 * What crosses the thread boundary between the pool and a scoring worker. Plain objects only:
 * error classes do not survive structured cloning, so a failure is a value with a message.
 */
export interface ScoreTask {
  /** The whole prompt text: `inputTokens` counts it. */
  readonly text: string;
  /** The part the difficulty model rates (the latest user turn); `text` itself when absent. */
  readonly task?: string;
}

export type ScoreTaskResult =
  | {
      readonly ok: true;
      /** In [0, 1]: the standardized difficulty (0.5 = an average training prompt). */
      readonly difficulty: number;
      /** The IRT difficulty logit. */
      readonly logit: number;
      /** cl100k tokens of `text`: exact up to the featurizer's character cap (4,096), extrapolated beyond. */
      readonly inputTokens: number;
      /** Time spent inside the worker: featurize + ONNX run. */
      readonly workerMs: number;
      /** Of which featurizing (tokenizer and text features). */
      readonly featurizeMs: number;
    }
  | { readonly ok: false; readonly message: string };

/** Data every worker receives at start. */
export interface ScoreWorkerData {
  readonly modelPath: string;
}
