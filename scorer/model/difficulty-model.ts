/**
 * The difficulty model's parameters: an embedding bag over hashed token buckets (mean), concatenated
 * with standardized text features, through one ReLU hidden layer to a scalar difficulty logit.
 * Matrices are row-major Float32Arrays laid out exactly as the ONNX initializers.
 */
export interface DifficultyModel {
  readonly embeddingRowCount: number;
  readonly embeddingDimension: number;
  readonly featureCount: number;
  readonly hiddenSize: number;
  /** [embeddingRowCount, embeddingDimension] */
  readonly embedding: Float32Array;
  /** [featureCount]: features are standardized as (raw − mean) · scale. */
  readonly featureMean: Float32Array;
  readonly featureScale: Float32Array;
  /** [embeddingDimension + featureCount, hiddenSize] */
  readonly hiddenWeights: Float32Array;
  /** [hiddenSize] */
  readonly hiddenBias: Float32Array;
  /** [hiddenSize, 1] */
  readonly outputWeights: Float32Array;
  /** [1] */
  readonly outputBias: Float32Array;
  /** `difficulty = sigmoid((logit − difficultyMean) · difficultyScale)`: mean and 1/std of training logits. */
  difficultyMean: number;
  difficultyScale: number;
}

export interface DifficultyModelShape {
  embeddingRowCount: number;
  embeddingDimension: number;
  featureCount: number;
  hiddenSize: number;
}

/** A model with small random weights from `normal` (a seeded standard-normal source). */
export function createDifficultyModel(shape: DifficultyModelShape, normal: () => number): DifficultyModel {
  const inputSize = shape.embeddingDimension + shape.featureCount;
  const fill = (length: number, scale: number) => Float32Array.from({ length }, () => normal() * scale);
  return {
    ...shape,
    embedding: fill(shape.embeddingRowCount * shape.embeddingDimension, 0.05),
    featureMean: new Float32Array(shape.featureCount),
    featureScale: new Float32Array(shape.featureCount).fill(1),
    hiddenWeights: fill(inputSize * shape.hiddenSize, Math.sqrt(2 / inputSize)),
    hiddenBias: new Float32Array(shape.hiddenSize),
    outputWeights: fill(shape.hiddenSize, Math.sqrt(1 / shape.hiddenSize)),
    outputBias: new Float32Array(1),
    difficultyMean: 0,
    difficultyScale: 1,
  };
}
