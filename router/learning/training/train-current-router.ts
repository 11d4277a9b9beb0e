import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defaultManifestPath, loadModelCatalog, type ModelCatalog } from '../../catalog/load-model-catalog.ts';
import { predictQuality } from '../../catalog/predict-quality.ts';
import { catalogModelProfile } from '../../catalog/resolve-model-profile.ts';
import { scorePromptsWithOnnx } from '../../../scorer/score-prompts-with-onnx.ts';
import type { ModelManifest } from '../../../scorer/export/model-manifest.ts';

/** The shipped scorer's view of one prompt: its difficulty logit and its input tokens. */
export interface ShippedScore {
  readonly logit: number;
  readonly inputTokens: number;
}

/**
 * Scores prompts with the shipped ONNX model through onnxruntime, as the gateway's workers do.
 * Offline (training and the benchmarks): the gateway itself reaches the scorer only through
 * router/scoring.
 */
export async function scoreWithShippedModel(prompts: readonly string[], modelDirectory = dirname(defaultManifestPath)): Promise<ShippedScore[]> {
  const manifest = JSON.parse(await readFile(join(modelDirectory, 'manifest.json'), 'utf8')) as ModelManifest;
  return scorePromptsWithOnnx(prompts, join(modelDirectory, manifest.model.file));
}

/**
 * The current (shipped) router's preference for the strong model on a prompt: the predicted
 * quality gain P(strong) − P(weak) with the abilities the gateway resolves from models/catalog.yaml,
 * or, when the catalog knows one of the two by neither name nor alias, the difficulty logit itself.
 */
export function currentRouterScorer(strongModel: string, weakModel: string, catalog: ModelCatalog = loadModelCatalog()): { describe: string; score: (shipped: ShippedScore) => number } {
  return pairGainScorer(catalogModelProfile(strongModel, catalog), catalogModelProfile(weakModel, catalog), catalog.slope);
}

/** The same from resolved profiles (the gateway resolves its deployments' abilities itself). */
export function pairGainScorer(strong: { ability: number } | undefined, weak: { ability: number } | undefined, slope: number): { describe: string; score: (shipped: ShippedScore) => number } {
  if (strong === undefined || weak === undefined) return { describe: 'shipped router (difficulty: the catalog does not know the pair)', score: (shipped) => shipped.logit };
  return {
    describe: `shipped router (quality gain, abilities ${strong.ability.toFixed(2)} vs ${weak.ability.toFixed(2)})`,
    score: (shipped) => predictQuality(strong.ability, shipped.logit, slope) - predictQuality(weak.ability, shipped.logit, slope),
  };
}
