import type { RoutingRow } from '../../datasets/routing-row.ts';
import { createTokenEncoder } from '../../scorer/features/create-token-encoder.ts';
import { featurize } from '../../scorer/features/featurize.ts';
import type { DifficultyModel } from '../../scorer/model/difficulty-model.ts';
import { createActivations, forwardDifficulty } from '../../scorer/model/forward-difficulty.ts';
import { scorePromptsWithOnnx } from '../../scorer/score-prompts-with-onnx.ts';
import { toTrainingFeatures } from '../../scorer/training/featurize-for-training.ts';

/** What the bench needs per prompt: the router's difficulty logit and the prompt's length in tokens. */
export interface ScoredPrompt {
  readonly logit: number;
  readonly inputTokens: number;
}

/** Scores rows with a model held in memory (the TypeScript forward pass, equal to the ONNX graph). */
export function scoreWithModel(rows: readonly RoutingRow[], model: DifficultyModel): ScoredPrompt[] {
  const encoder = createTokenEncoder();
  const activations = createActivations(model);
  try {
    return rows.map((row) => {
      const features = toTrainingFeatures(featurize(row.prompt, encoder));
      return { logit: forwardDifficulty(model, features.bucketIds, features.features, activations).logit, inputTokens: features.inputTokens };
    });
  } finally {
    encoder.free();
  }
}

/** Scores rows with the shipped ONNX file through onnxruntime, exactly as the gateway would. */
export async function scoreWithOnnx(rows: readonly Pick<RoutingRow, 'prompt'>[], modelPath: string): Promise<ScoredPrompt[]> {
  return scorePromptsWithOnnx(rows.map((row) => row.prompt), modelPath);
}
