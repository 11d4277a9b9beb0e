/**
 * Replays real prompts through the smart router and measures the share of traffic it sends to
 * the most capable candidate, per axis, per model pair, per dataset: do the axes' shares hold on
 * traffic they were not calibrated on, whatever the pair?
 *
 * - Traffic: the TRAIN rows of each dataset (the test splits stay for evaluation), each dataset one
 *   user's stream, scored by the shipped ONNX model (as the worker pool does); shuffled with a
 *   fixed seed (a user's mixed traffic), and in file order (RouterBench's file is three blocks,
 *   arc-challenge, mbpp, winogrande: a step change in traffic, the drift case).
 * - Router: the runtime's own compileSmartPolicy with a scorer that returns each prompt's score,
 *   a fresh router per stream (its share window starts from the reference mix).
 * - Variants: `weights` is the router before share axes (the axis as its calibrated weights),
 *   `share` the share axes with band 0, `share+band` with the default band (0.02 on top).
 * - Reported: the share after the first window (1,000 requests; the whole stream for the
 *   weights variant, which has no window); in file order also with a 250-request window.
 * Run: npx tsx bench/scorer/replay-smart-shares.ts [--json]   (writes bench/scorer/results/share-replay.json)
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Deployment, ProviderSettings } from '../../router/config/compiled-config.ts';
import type { ChatRequest } from '../../router/core/chat-request.ts';
import type { ScorerClient } from '../../router/scoring/scorer-client.ts';
import { RequestMemo } from '../../router/signals/request-memo.ts';
import type { RoutingContext } from '../../router/routing/routing-types.ts';
import { axisStrongShares, smartAxisPresets } from '../../router/routing/strategies/smart-axis-presets.ts';
import { compileSmartPolicy } from '../../router/routing/strategies/smart-strategy.ts';
import { defaultModelPath } from '../../scorer/pool/create-scorer-pool.ts';
import { scoreDatasetPrompts, type ScoredRow } from './score-dataset-prompts.ts';

const window = 1000;
const defaultBand = 0.02;
const candidateSets: ReadonlyArray<readonly string[]> = [
  ['gpt-4-1106-preview', 'mistralai/Mixtral-8x7B-Instruct-v0.1'],
  ['claude-opus-4.6', 'gpt-5.4-mini'],
  ['claude-sonnet-4.6', 'claude-haiku-4.5'],
  ['gpt-5.4', 'glm-5'],
  ['claude-opus-4.6', 'claude-sonnet-4.6', 'claude-haiku-4.5'],
];
type AxisCase = { name: string; axis: 'cost' | 'balanced' | 'quality'; strongShare?: number };
const axes: AxisCase[] = [
  { name: 'cost', axis: 'cost' },
  { name: 'balanced', axis: 'balanced' },
  { name: 'quality', axis: 'quality' },
  { name: 'strong_share 0.4', axis: 'balanced', strongShare: 0.4 },
];
const variants = ['weights', 'share', 'share+band'] as const;

const provider = { name: 'replay', type: 'mock' } as ProviderSettings;
const deployment = (model: string): Deployment => ({
  name: model, provider, providerModel: model, quality: undefined, speed: undefined, price: undefined, context: undefined,
  maxInputTokens: undefined, maxOutputTokens: undefined, capabilities: { streaming: true, tools: true, vision: true, json: true }, params: {}, timeoutMs: undefined,
});

function compile(names: readonly string[], axisCase: AxisCase, variant: (typeof variants)[number], shareWindow: number) {
  const deployments = new Map(names.map((name) => [name, deployment(name)]));
  const axis = variant === 'weights' ? smartAxisPresets[axisCase.axis] : axisCase.axis;
  const router = {
    strategy: 'smart' as const, candidates: [...names], axis, band: variant === 'share+band' ? defaultBand : 0, share_window: shareWindow,
    ...(axisCase.strongShare !== undefined && variant !== 'weights' ? { strong_share: axisCase.strongShare } : {}),
  };
  return compileSmartPolicy(router, { routerName: 'replay', toTarget: (target) => ({ name: target as string, kind: 'model' }), deployments, timezone: 'UTC' });
}

const request: ChatRequest = { requestedModel: 'replay', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }], params: {}, stream: false, clientFormat: 'openai-chat' };

async function replay(rows: readonly ScoredRow[], names: readonly string[], axisCase: AxisCase, variant: (typeof variants)[number], shareWindow = window) {
  const policy = compile(names, axisCase, variant, shareWindow);
  const strongest = [...policy.profiles].sort((a, b) => b.ability - a.ability)[0]!.name;
  let all = 0;
  let late = 0;
  for (const [index, { logit, inputTokens }] of rows.entries()) {
    const scorer: ScorerClient = { score: async () => ({ ok: true, complexity: 1 / (1 + Math.exp(-logit)), logit, inputTokens, ms: 0 }), close: async () => undefined };
    const context: RoutingContext = {
      request, memo: new RequestMemo(request), headers: {}, tags: {}, scorer,
      environment: { random: Math.random, now: Date.now }, health: { isAvailable: () => true, latencyMs: () => undefined },
    };
    const chosen = (await policy.choose(context)).targets[0]!.name === strongest;
    if (chosen) all += 1;
    if (chosen && index >= window) late += 1;
  }
  return { strongest, all: all / rows.length, afterWindow: rows.length > window ? late / (rows.length - window) : null };
}

/** Fisher-Yates with a fixed-seed generator (mulberry32), so every run replays the same stream. */
function shuffled<T>(values: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...values];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

type Measured = { strongest: string; all: number; afterWindow: number | null };
type Result = { candidates: readonly string[]; axis: string; target: number; dataset: string; rows: number; fileOrder: { window1000: Measured; window250: Measured } } & Record<(typeof variants)[number], Measured>;

const started = performance.now();
const scored = await scoreDatasetPrompts(defaultModelPath, 'train');
const results: Result[] = [];
for (const names of candidateSets) {
  for (const axisCase of axes) {
    const target = axisCase.strongShare ?? axisStrongShares[axisCase.axis];
    for (const [dataset, rows] of scored) {
      const mixed = shuffled(rows, 14);
      const byVariant = {} as Record<(typeof variants)[number], Measured>;
      for (const variant of variants) byVariant[variant] = await replay(mixed, names, axisCase, variant);
      const fileOrder = { window1000: await replay(rows, names, axisCase, 'share+band'), window250: await replay(rows, names, axisCase, 'share+band', 250) };
      results.push({ candidates: names, axis: axisCase.name, target, dataset, rows: rows.length, ...byVariant, fileOrder });
    }
  }
}

const pct = (value: number) => `${(value * 100).toFixed(1)}`;
const short = (name: string) => name.replace('mistralai/', '').replace('-Instruct-v0.1', '');
const late = (measured: Measured) => measured.afterWindow ?? measured.all;
const datasets = [...scored.keys()];
const lines = [
  `| candidates (most capable first) | axis (target) | ${datasets.map((name) => `${name}: before → now (band 0)`).join(' | ')} |`,
  `| --- | --- | ${datasets.map(() => '---').join(' | ')} |`,
];
const drift = [`| candidates | axis (target) | ${datasets.map((name) => `${name}: window 1000 / 250`).join(' | ')} |`, `| --- | --- | ${datasets.map(() => '---').join(' | ')} |`];
let worstShare = 0;
let worstBand = 0;
let worstWeights = 0;
let worstFileOrder = 0;
for (const names of candidateSets) {
  for (const axisCase of axes) {
    const rows = results.filter((entry) => entry.candidates === names && entry.axis === axisCase.name);
    const cells = rows.map((entry) => {
      const before = entry.weights.all;
      const now = late(entry['share+band']);
      const pure = late(entry.share);
      worstShare = Math.max(worstShare, Math.abs(pure - entry.target));
      worstBand = Math.max(worstBand, Math.abs(now - entry.target - defaultBand));
      worstWeights = Math.max(worstWeights, Math.abs(before - entry.target));
      return `${pct(before)} → **${pct(now)}** (${pct(pure)})`;
    });
    const driftCells = rows.map((entry) => {
      worstFileOrder = Math.max(worstFileOrder, Math.abs(late(entry.fileOrder.window1000) - entry.target - defaultBand));
      return `${pct(late(entry.fileOrder.window1000))} / ${pct(late(entry.fileOrder.window250))}`;
    });
    lines.push(`| ${names.map(short).join(' / ')} | ${axisCase.name} (${pct(rows[0]!.target)} %) | ${cells.join(' | ')} |`);
    drift.push(`| ${names.map(short).join(' / ')} | ${axisCase.name} (${pct(rows[0]!.target)} % + 2) | ${driftCells.join(' | ')} |`);
  }
}
const pp = (value: number) => Number((value * 100).toFixed(2));
const summary = { worstShareErrorPp: pp(worstShare), worstBandedErrorPp: pp(worstBand), worstWeightsErrorPp: pp(worstWeights), worstFileOrderErrorPp: pp(worstFileOrder), seconds: (performance.now() - started) / 1000 };
await writeFile(fileURLToPath(new URL('./results/share-replay.json', import.meta.url)), JSON.stringify({ window, defaultBand, summary, results }, null, 2) + '\n');
process.stdout.write(process.argv.includes('--json') ? JSON.stringify({ summary, results }, null, 2) + '\n' : `${lines.join('\n')}\n\n${drift.join('\n')}\n\n${JSON.stringify(summary)}\n`);
