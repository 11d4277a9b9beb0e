import { DatasetLineError } from './dataset-line-error.ts';
import { parseRoutingLines } from './parse-routing-line.ts';
import { routingFileRowSchema } from './routing-row-schema.ts';
import type { RoutingRow } from './routing-row.ts';

/** A row of a routing file outside the registry: a user's own data, or a held-out set. */
export type RoutingFileRow = Pick<RoutingRow, 'id' | 'source' | 'prompt' | 'scores' | 'costs' | 'contaminated'>;

export interface RoutingFile {
  readonly rows: readonly RoutingFileRow[];
  /** The models every row scores, in first-row order. */
  readonly models: readonly string[];
  /** Whether every row carries per-call costs for every model. */
  readonly hasCosts: boolean;
}

/**
 * Parses any JSONL file in the common routing schema (datasets/README.md): each line validated,
 * ids unique, and a complete matrix — every row scores the models of the first row, and either
 * every row has costs for all of them or none does. The first bad line throws a DatasetLineError
 * naming `file:line` and the field.
 */
export function parseRoutingFile(text: string, file: string): RoutingFile {
  const rows: RoutingFileRow[] = [];
  let models: string[] | undefined;
  let hasCosts = false;
  for (const { row, lineNumber } of parseRoutingLines(text, file, routingFileRowSchema)) {
    if (models === undefined) {
      models = Object.keys(row.scores);
      if (models.length < 2) throw new DatasetLineError(file, lineNumber, 'scores: routing needs at least two models');
      hasCosts = row.costs !== undefined;
    }
    checkModels(file, lineNumber, 'scores', models, Object.keys(row.scores));
    if (hasCosts !== (row.costs !== undefined)) {
      throw new DatasetLineError(file, lineNumber, hasCosts ? 'costs: missing (the first row has costs, so every row needs them)' : 'costs: present, but the first row has none');
    }
    if (row.costs) checkModels(file, lineNumber, 'costs', models, Object.keys(row.costs));
    rows.push({ id: row.id, source: row.source, prompt: row.prompt, scores: row.scores, costs: row.costs, contaminated: row.contaminated ?? false });
  }
  if (models === undefined) throw new Error(`${file}: no rows`);
  return { rows, models, hasCosts };
}

function checkModels(file: string, lineNumber: number, field: string, expected: readonly string[], actual: readonly string[]): void {
  const missing = expected.filter((model) => !actual.includes(model));
  const unknown = actual.filter((model) => !expected.includes(model));
  if (missing.length > 0) throw new DatasetLineError(file, lineNumber, `${field}: missing model(s) ${missing.join(', ')} (the first row names ${expected.join(', ')})`);
  if (unknown.length > 0) throw new DatasetLineError(file, lineNumber, `${field}: model(s) ${unknown.join(', ')} not in the first row`);
}
