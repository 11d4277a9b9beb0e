import * as ort from 'onnxruntime-node';
import type { FeaturizedPrompt } from './features/featurize.ts';
import { onnxInterface } from './export/build-onnx-model.ts';

/** The scorer's output for one prompt. */
export interface DifficultyScore {
  /** In [0, 1]: sigmoid of the standardized difficulty logit (0.5 = an average training prompt). */
  readonly difficulty: number;
  /** The raw IRT difficulty; predicted quality of model m is sigmoid(k · (ability_m − logit)). */
  readonly logit: number;
}

export interface DifficultyModelSession {
  run(featurized: Pick<FeaturizedPrompt, 'tokenIds' | 'features'>): Promise<DifficultyScore>;
  release(): Promise<void>;
}

/**
 * Loads `model.onnx` into an onnxruntime session (one intra-op thread: the pool parallelizes
 * across workers) and checks that its inputs and outputs are the ones the featurizer feeds.
 * The only file in scorer/ that imports onnxruntime.
 */
export async function loadDifficultyModel(path: string): Promise<DifficultyModelSession> {
  const session = await ort.InferenceSession.create(path, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const { inputs, outputs } = onnxInterface;
  const expectedInputs = [inputs.tokenIds.name, inputs.features.name];
  const expectedOutputs = [outputs.difficulty.name, outputs.difficultyLogit.name];
  const missingInputs = expectedInputs.filter((name) => !session.inputNames.includes(name));
  const missingOutputs = expectedOutputs.filter((name) => !session.outputNames.includes(name));
  if (missingInputs.length > 0 || missingOutputs.length > 0 || session.inputNames.length !== expectedInputs.length) {
    await session.release();
    throw new Error(
      `${path}: model inputs [${session.inputNames.join(', ')}] / outputs [${session.outputNames.join(', ')}] ` +
        `do not match the featurizer's inputs [${expectedInputs.join(', ')}] / outputs [${expectedOutputs.join(', ')}]`,
    );
  }
  return {
    async run(featurized) {
      if (featurized.tokenIds.length === 0) throw new Error('token_ids must hold at least the bias bucket');
      const result = await session.run({
        [inputs.tokenIds.name]: new ort.Tensor('int64', featurized.tokenIds, [featurized.tokenIds.length]),
        [inputs.features.name]: new ort.Tensor('float32', featurized.features, [1, featurized.features.length]),
      });
      const difficulty = result[outputs.difficulty.name]!.data as Float32Array;
      const logit = result[outputs.difficultyLogit.name]!.data as Float32Array;
      return { difficulty: difficulty[0]!, logit: logit[0]! };
    },
    release: () => session.release(),
  };
}
