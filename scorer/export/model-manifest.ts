/** One named graph input or output. */
export interface TensorDescription {
  name: string;
  type: 'int64' | 'float32';
  shape: (number | string)[];
}

/** `models/manifest.json`: everything the runtime needs besides model.onnx itself. */
export interface ModelManifest {
  name: string;
  version: string;
  model: { file: string; sha256: string; bytes: number };
  onnx: { opsetVersion: number; irVersion: number };
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  featurizer: {
    version: number;
    tokenizer: string;
    headCharacterCap: number;
    tailCharacterCap: number;
    headTokenCap: number;
    tailTokenCap: number;
    bucketCount: number;
    biasBucket: number;
    featureNames: string[];
    featureClip: number;
    /** sha256 of the featurizer's output on every training prompt (`training/featurizer-fingerprint.ts`). */
    fingerprint: { prompts: number; sha256: string };
  };
  difficulty: { mapping: string; logitMean: number; logitScale: number };
  /** quality_m = sigmoid(slope · (abilities[dataset][m] − difficulty_logit)). */
  irt: { formula: string; slope: number; abilities: Record<string, Record<string, number>> };
  training: {
    datasets: string[];
    splits: string;
    prompts: number;
    seed: number;
    hyperparameters: object;
    seconds: number;
    finalLoss: number | null;
  };
}
