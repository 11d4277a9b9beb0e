import { datasetNames, type DatasetName } from '../../datasets/dataset-registry.ts';
import { loadDataset, trainingRows, evaluationRows } from '../../datasets/load-dataset.ts';
import type { RoutingRow } from '../../datasets/routing-row.ts';
import { createTokenEncoder } from '../../scorer/features/create-token-encoder.ts';
import { featurize } from '../../scorer/features/featurize.ts';
import { loadDifficultyModel } from '../../scorer/onnx-session.ts';

export type ScoredRow = { readonly row: RoutingRow; readonly logit: number; readonly inputTokens: number };

/** Scores every train (or evaluation) row of the three datasets with the shipped ONNX model. */
export async function scoreDatasetPrompts(modelPath: string, split: 'train' | 'evaluation'): Promise<Map<DatasetName, ScoredRow[]>> {
  const encoder = createTokenEncoder();
  const session = await loadDifficultyModel(modelPath);
  const scored = new Map<DatasetName, ScoredRow[]>();
  try {
    for (const name of datasetNames) {
      const all = await loadDataset(name);
      const rows = split === 'train' ? trainingRows(all) : evaluationRows(all);
      const list: ScoredRow[] = [];
      for (const row of rows) {
        const featurized = featurize(row.prompt, encoder);
        const { logit } = await session.run(featurized);
        list.push({ row, logit, inputTokens: featurized.inputTokens });
      }
      scored.set(name, list);
    }
  } finally {
    encoder.free();
    await session.release();
  }
  return scored;
}
