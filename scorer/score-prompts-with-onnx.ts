import { createTokenEncoder } from './features/create-token-encoder.ts';
import { featurize } from './features/featurize.ts';
import { loadDifficultyModel } from './onnx-session.ts';

/** One prompt as the ONNX scorer sees it: its difficulty logit and its length in tokens. */
export interface OnnxPromptScore {
  readonly logit: number;
  readonly inputTokens: number;
}

/**
 * Scores prompts offline with an ONNX difficulty model file through onnxruntime, featurized as the
 * gateway's workers do (training and the accuracy bench; the gateway scores through its pool).
 */
export async function scorePromptsWithOnnx(prompts: readonly string[], modelPath: string): Promise<OnnxPromptScore[]> {
  const encoder = createTokenEncoder();
  const session = await loadDifficultyModel(modelPath);
  try {
    const scored: OnnxPromptScore[] = [];
    for (const prompt of prompts) {
      const featurized = featurize(prompt, encoder);
      const { logit } = await session.run(featurized);
      scored.push({ logit, inputTokens: featurized.inputTokens });
    }
    return scored;
  } finally {
    encoder.free();
    await session.release();
  }
}
