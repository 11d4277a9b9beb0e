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
  /**
   * Index of the prompt's (dataset, source) group when the fit learns per-group difficulty
   * offsets: training-only nuisance parameters that absorb benchmark-level effects (answer format,
   * a family's scoring quirks), so the text model learns what makes a prompt harder than its
   * siblings. The runtime never sees them.
   */
  readonly group?: number;
}
