import type { DatasetEntry } from './dataset-registry.ts';
import { DatasetLineError } from './dataset-line-error.ts';
import { assignSplit } from './assign-split.ts';
import { parseRoutingLines } from './parse-routing-line.ts';
import type { RoutingRow } from './routing-row.ts';

/**
 * Parses and validates the JSONL text of one dataset. Every line must be a JSON object that
 * matches the schema and names exactly the dataset's models; the first bad line throws a
 * DatasetLineError naming `file:line`, the field path and what is wrong.
 */
export function parseDatasetLines(text: string, file: string, entry: DatasetEntry): RoutingRow[] {
  const expectedModels = Object.keys(entry.prices).sort();
  const rows: RoutingRow[] = [];
  for (const { row, lineNumber } of parseRoutingLines(text, file)) {
    const models = Object.keys(row.scores).sort();
    const missing = expectedModels.filter((model) => !(model in row.scores));
    const unknown = models.filter((model) => !(model in entry.prices));
    if (missing.length > 0) throw new DatasetLineError(file, lineNumber, `scores: missing model(s) ${missing.join(', ')}`);
    if (unknown.length > 0) throw new DatasetLineError(file, lineNumber, `scores: unknown model(s) ${unknown.join(', ')}`);
    if (entry.perCallCostsInFile && !row.costs) throw new DatasetLineError(file, lineNumber, 'costs: required for this dataset');
    const split = assignSplit(row.id, row.split, entry.split);
    rows.push({
      dataset: entry.name,
      id: row.id,
      source: row.source,
      prompt: row.prompt,
      scores: row.scores,
      costs: row.costs,
      split,
      contaminated: row.contaminated ?? false,
      category: row.category ?? row.subject,
    });
  }
  return rows;
}
