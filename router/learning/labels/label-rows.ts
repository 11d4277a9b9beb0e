import { existsSync } from 'node:fs';
import { resolveStorePath } from '../../audit/open-audit-store.ts';
import { openPostgresClient } from '../../cli/open-postgres-client.ts';
import type { CompiledConfig } from '../../config/compiled-config.ts';
import type { LabelledRequest, LabelSource } from './label.ts';
import { SELECT_LABELLED_REQUESTS, type LabelledRequestRow } from './postgres-label-store.ts';
import { groupByRequest, SqliteLabelStore } from './sqlite-label-store.ts';

/**
 * One row in the datasets' common schema (datasets/README.md): what `switchyard labels export`
 * writes and `bench accuracy --file` / `train --from-labels` read. `id` is the request id, `source`
 * the smart router, `scores` a model's mean label on that request, `costs` what its shadow call
 * cost (only when every row has a cost for every model).
 */
export type LabelRow = { id: string; source: string; prompt: string; scores: Record<string, number>; costs?: Record<string, number> };

export type LabelRowOptions = {
  /** The models every row must score (the file's matrix); default: the set of two or more models scored on the most prompts. */
  models?: readonly string[];
  /** Which labels count (default both): `judge` (shadow evaluation), `feedback` (POST /v1/feedback). */
  sources?: readonly LabelSource[];
  /** Told what was written and what was left out, once the rows are chosen. */
  onSummary?: (summary: LabelRowSummary) => void;
};

export type LabelRowSummary = {
  models: readonly string[];
  rows: number;
  /** Labelled requests whose prompt was stored neither by shadow.store_prompts nor by audit.store_prompts. */
  withoutPrompt: number;
  /** Requests with a prompt whose labels do not cover every model of the matrix. */
  incomplete: number;
};

/**
 * The labels of the config's store as rows of a complete matrix (every row scores the same models,
 * as `parseRoutingFile` requires). Only requests with a stored prompt can become rows: the shadow
 * run's (`shadow.store_prompts`), else the audit row's (`audit.store_prompts`). A model's score is
 * the mean of its labels on the request. `store.kind: memory` keeps labels inside the gateway, so
 * there is nothing to read from outside it.
 */
export async function* readLabelRows(config: Pick<CompiledConfig, 'file' | 'store'>, options: LabelRowOptions = {}): AsyncIterable<LabelRow> {
  const requests: LabelledRequest[] = [];
  for await (const request of readLabelledRequests(config)) requests.push(request);
  yield* labelRowsOf(requests, options);
}

/** Labelled requests → the rows of one complete matrix (see readLabelRows). */
export function labelRowsOf(requests: readonly LabelledRequest[], options: LabelRowOptions = {}): LabelRow[] {
  const sources = new Set<LabelSource>(options.sources ?? ['judge', 'feedback']);
  let withoutPrompt = 0;
  const candidates: Array<{ request: LabelledRequest & { prompt: string }; scores: Map<string, number>; costs: Map<string, number> }> = [];
  for (const request of requests) {
    const labels = request.labels.filter((label) => sources.has(label.source));
    if (labels.length === 0) continue;
    if (request.prompt === undefined) {
      withoutPrompt++;
      continue;
    }
    const sums = new Map<string, { total: number; count: number }>();
    const costs = new Map<string, number>();
    for (const label of labels) {
      const sum = sums.get(label.model) ?? { total: 0, count: 0 };
      sums.set(label.model, { total: sum.total + label.score, count: sum.count + 1 });
      if (label.costUsd !== undefined) costs.set(label.model, label.costUsd);
    }
    candidates.push({ request: request as LabelledRequest & { prompt: string }, scores: new Map([...sums].map(([model, sum]) => [model, sum.total / sum.count])), costs });
  }
  const models = options.models ?? mostCoveredModels(candidates.map((candidate) => [...candidate.scores.keys()]));
  // Fewer than two models: nothing to route between, no row.
  const covered = models.length < 2 ? [] : candidates.filter((candidate) => models.every((model) => candidate.scores.has(model)));
  const withCosts = covered.length > 0 && covered.every((candidate) => models.every((model) => candidate.costs.has(model)));
  const rows = covered.map(({ request, scores, costs }): LabelRow => {
    const row: LabelRow = { id: request.requestId, source: request.router ?? 'labels', prompt: request.prompt, scores: Object.fromEntries(models.map((model) => [model, scores.get(model)!])) };
    if (withCosts) row.costs = Object.fromEntries(models.map((model) => [model, costs.get(model)!]));
    return row;
  });
  options.onSummary?.({ models, rows: rows.length, withoutPrompt, incomplete: candidates.length - covered.length });
  return rows;
}

/** The set of two or more models that the most requests score all of (ties: the larger set, then by name). */
function mostCoveredModels(modelSets: readonly string[][]): string[] {
  let best: { models: string[]; rows: number } = { models: [], rows: 0 };
  const tried = new Set<string>();
  for (const set of modelSets) {
    const models = [...set].sort();
    const key = models.join('\u0000');
    if (models.length < 2 || tried.has(key)) continue;
    tried.add(key);
    const rows = modelSets.filter((other) => models.every((model) => other.includes(model))).length;
    const better = rows > best.rows || (rows === best.rows && models.length > best.models.length) || (rows === best.rows && models.length === best.models.length && key < best.models.join('\u0000'));
    if (better) best = { models, rows };
  }
  return best.models;
}

/** Every labelled request of the config's store, read from outside the gateway (read-only use). */
async function* readLabelledRequests(config: Pick<CompiledConfig, 'file' | 'store'>): AsyncIterable<LabelledRequest> {
  if (config.store.kind === 'memory') throw new Error('store.kind is memory: the labels live inside the gateway process and end with it; use store.kind sqlite or postgres to keep them');
  if (config.store.kind === 'postgres') {
    const { client, scrub } = await openPostgresClient(config.store);
    try {
      const result = await client.query<LabelledRequestRow>(SELECT_LABELLED_REQUESTS);
      yield* groupByRequest(result.rows);
    } catch (error) {
      throw new Error(scrub((error as Error).message), { cause: error });
    } finally {
      await client.end().catch(() => undefined);
    }
    return;
  }
  const path = resolveStorePath(config);
  if (!existsSync(path)) throw new Error(`no state file at ${path} yet (the gateway creates it; labels come from POST /v1/feedback and shadow evaluation)`);
  const store = new SqliteLabelStore({ path, now: Date.now });
  try {
    yield* store.requests();
  } finally {
    await store.close();
  }
}
