import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { CompiledConfig } from '../config/compiled-config.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { loadModelCatalog } from '../catalog/load-model-catalog.ts';
import { predictQuality } from '../catalog/predict-quality.ts';
import { resolveNamedProfiles } from '../catalog/resolve-named-profiles.ts';
import { createScorerClient, scorerClientOptions } from '../scoring/create-scorer-client.ts';
import { scoreLineText } from '../scoring/score-line-text.ts';
import type { ScoreResult } from '../scoring/scorer-client.ts';

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

/**
 * `switchyard score [--config FILE] [--models A,B]`: JSONL `{"id","prompt"}` or `{"id","messages"}`
 * on stdin → `{"id","complexity","input_tokens","ms"[,"quality":{…}]}` per line, in input order.
 * As in the gateway, `complexity` rates the latest user message and `input_tokens` counts all text.
 * `ms` is the scoring time in the worker (featurize + ONNX): lines are scored many at a time, so
 * the time from submission to result would mostly be queueing.
 * A bad line gets `{"id","error"}` and the exit code 1; the others are still scored.
 */
export async function runScore(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string', short: 'c' }, models: { type: 'string', short: 'm' } } });
  const config: CompiledConfig | undefined = values.config === undefined ? undefined : await loadConfigFile(values.config, process.env);
  const catalog = loadModelCatalog();
  const names = (values.models ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const profiles = resolveNamedProfiles(names, catalog, config);

  // Batch scoring: the pool's size and queue from the config, but no tight per-task budget.
  const settings = config?.scorer ?? { timeout_ms: 50, max_queue: 256 };
  const scorer = createScorerClient({ ...scorerClientOptions(settings), timeoutMs: 60_000, maxQueue: 100_000 });
  await scorer.ready();
  let failed = false;
  const pending: Array<Promise<string>> = [];
  const window = 64;
  const write = async () => {
    process.stdout.write((await pending.shift()!) + '\n');
  };
  const scoreLine = async (line: string): Promise<string> => {
    let id: unknown = null;
    try {
      const parsed = JSON.parse(line) as { id?: unknown; prompt?: unknown; messages?: unknown };
      id = parsed.id ?? null;
      const { text, task } = scoreLineText(parsed);
      const result: ScoreResult = await scorer.score(text, task);
      if (!result.ok) throw new Error(`scorer ${result.reason}: ${result.message}`);
      const output: Record<string, unknown> = { id, complexity: round(result.complexity), input_tokens: result.inputTokens, ms: round(result.workerMs ?? result.ms, 3) };
      if (profiles.length > 0) {
        output.quality = Object.fromEntries(profiles.map((profile) => [profile.name, round(predictQuality(profile.ability, result.logit, catalog.slope))]));
      }
      return JSON.stringify(output);
    } catch (error) {
      failed = true;
      return JSON.stringify({ id, error: (error as Error).message });
    }
  };
  try {
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      pending.push(scoreLine(line));
      if (pending.length >= window) await write();
    }
    while (pending.length > 0) await write();
  } finally {
    await scorer.close();
  }
  return failed ? 1 : 0;
}
