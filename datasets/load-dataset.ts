import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetRegistry, type DatasetName } from './dataset-registry.ts';
import { parseDatasetLines } from './parse-dataset-lines.ts';
import { resolveDatasetsDirectory } from './resolve-datasets-directory.ts';
import type { RoutingRow } from './routing-row.ts';

export interface LoadDatasetOptions {
  /** Overrides `$SWITCHYARD_DATASETS` / `../shared/datasets`. */
  directory?: string;
}

const cache = new Map<string, Promise<RoutingRow[]>>();

/** Loads, validates and splits one registered dataset (cached per directory and name). */
export function loadDataset(name: DatasetName, options: LoadDatasetOptions = {}): Promise<RoutingRow[]> {
  const directory = options.directory ?? resolveDatasetsDirectory();
  const file = join(directory, datasetRegistry[name].fileName);
  let rows = cache.get(file);
  if (!rows) {
    rows = readFile(file, 'utf8').then((text) => parseDatasetLines(text, file, datasetRegistry[name]));
    cache.set(file, rows);
    rows.catch(() => cache.delete(file));
  }
  return rows;
}

/** The rows a benchmark may score: the test split, without RouteLLM-contaminated prompts. */
export function evaluationRows(rows: readonly RoutingRow[]): RoutingRow[] {
  return rows.filter((row) => row.split === 'test' && !(row.contaminated && datasetRegistry[row.dataset].excludeContaminatedFromEvaluation));
}

/** The rows a trainer may see: the train split only. */
export function trainingRows(rows: readonly RoutingRow[]): RoutingRow[] {
  return rows.filter((row) => row.split === 'train');
}
