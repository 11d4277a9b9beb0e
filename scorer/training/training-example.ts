/** One observed (model, score) pair for a prompt; `ability` indexes the per-model ability table. */
export interface Outcome {
  readonly ability: number;
  /** Quality in [0, 1]; fractional scores are soft targets. */
  readonly score: number;
  readonly weight: number;
}

/** A featurized prompt and every model's outcome on it. */
export interface TrainingExample {
  /** The featurizer's bucket ids as plain integers. */
  readonly bucketIds: Int32Array;
  readonly features: Float32Array;
  readonly outcomes: readonly Outcome[];
}
