import { fileURLToPath } from 'node:url';
import { createTokenEncoder } from '../../scorer/features/create-token-encoder.ts';
import { featurize } from '../../scorer/features/featurize.ts';
import { loadDifficultyModel, type DifficultyScore } from '../../scorer/onnx-session.ts';

const shippedModelPath = fileURLToPath(new URL('../../models/model.onnx', import.meta.url));

/**
 * The shipped model's score of each prompt, computed in this process (featurizer + onnxruntime, no
 * pool, no gateway): the value a scorer pool, a smart router's header or `switchyard score` must
 * report for that prompt.
 */
export async function scoreWithShippedModel(prompts: readonly string[]): Promise<DifficultyScore[]> {
  const session = await loadDifficultyModel(shippedModelPath);
  const encoder = createTokenEncoder();
  try {
    const scores: DifficultyScore[] = [];
    for (const prompt of prompts) scores.push(await session.run(featurize(prompt, encoder)));
    return scores;
  } finally {
    encoder.free();
    await session.release();
  }
}
