import type { LearnedGainModel } from '../learned/learned-gain-model.ts';

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
      /**
       * The text term of each learned gain model this worker holds, by the model's key, for the
       * rated text (absent when it holds none); the caller adds the dense term.
       */
      readonly learnedText?: Readonly<Record<string, number>>;
      /** Which broadcast set of learned models the worker held (0: none received yet). */
      readonly learnedVersion?: number;
      /** Of `workerMs`, the learned models' text terms. */
      readonly learnedMs?: number;
    }
  | { readonly ok: false; readonly message: string };

/** Data every worker receives at start. */
export interface ScoreWorkerData {
  readonly modelPath: string;
  /** The BroadcastChannel the pool sends learned gain models on (`LearnedModelsMessage`). */
  readonly learnedChannel?: string;
}

/** One learned per-pair gain model's text half, as the pool broadcasts it to its workers. */
export interface LearnedTextModel {
  /** What the caller knows the model by (its version directory). */
  readonly key: string;
  readonly model: Pick<LearnedGainModel, 'ngrams' | 'idf' | 'textWeights'>;
}

/** The whole set of learned models the workers should hold; each message replaces the last. */
export interface LearnedModelsMessage {
  readonly version: number;
  readonly models: readonly LearnedTextModel[];
}
