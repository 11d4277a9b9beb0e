import { describe, expect, it } from 'vitest';
import type { Deployment, ProviderSettings } from '../../config/compiled-config.ts';
import type { ChatRequest } from '../../core/chat-request.ts';
import type { ScoreResult, ScorerClient } from '../../scoring/scorer-client.ts';
import { RequestMemo } from '../../signals/request-memo.ts';
import type { RoutingContext } from '../routing-types.ts';
import { referenceLogits } from './smart-axis-presets.ts';
import { compileSmartPolicy } from './smart-strategy.ts';
import type { PairGainModel } from './smart-pair-gain.ts';
import { ShareWindowStore } from './share-window-store.ts';
import { predictQuality } from '../../catalog/predict-quality.ts';
import { localClockFor } from '../../signals/local-clock-for.ts';
import { requestSignalsOf } from '../../signals/request-signals.ts';

const provider = { name: 'p', type: 'mock' } as ProviderSettings;
const capabilities = { streaming: true, tools: true, vision: false, json: true };

function deployment(name: string, fields: Partial<Deployment>): Deployment {
  return {
    name, provider, providerModel: `unknown-${name}`, quality: undefined, speed: undefined, price: undefined, context: undefined,
    maxInputTokens: undefined, maxOutputTokens: undefined, capabilities, params: {}, timeoutMs: undefined, ...fields,
  };
}

// Hand-made candidates: config fields only (providers ids the catalog does not know).
const deployments = new Map<string, Deployment>([
  ['big', deployment('big', { quality: 95, price: { input: 10, output: 10 }, speed: 40, context: 200_000, capabilities: { ...capabilities, vision: true } })],
  ['small', deployment('small', { quality: 60, price: { input: 1, output: 1 }, speed: 200, context: 8_000, capabilities: { ...capabilities, tools: false, json: false } })],
  ['router-x', deployment('unused', {})],
]);

type AxisOption = 'cost' | 'balanced' | 'quality' | { quality: number; cost: number; speed: number };

function compile(axis: AxisOption, allowed?: Array<'cost' | 'balanced' | 'quality'>, extra: { band?: number; strong_share?: number; share_window?: number } = {}) {
  const router = { strategy: 'smart' as const, candidates: ['small', 'big'], axis, band: 0, share_window: 1000, ...extra, ...(allowed ? { allowed_axes: allowed } : {}) };
  return compileSmartPolicy(router, {
    routerName: 'smart',
    toTarget: (target) => ({ name: target as string, kind: 'model' }),
    deployments,
    timezone: 'UTC',
  });
}

const fixedScorer = (result: ScoreResult): ScorerClient => ({ score: async () => result, close: async () => undefined });
const scored = (logit: number, inputTokens = 100): ScorerClient => fixedScorer({ ok: true, complexity: 0.5, logit, inputTokens, ms: 0.3 });

function contextFor(scorer: ScorerClient | undefined, request: Partial<ChatRequest> = {}, options: { headers?: Record<string, string>; unhealthy?: string } = {}): RoutingContext {
  const chat: ChatRequest = { requestedModel: 'smart', messages: [{ role: 'user', content: [{ type: 'text', text: 'a prompt' }] }], params: { maxTokens: 100 }, stream: false, clientFormat: 'openai-chat', ...request };
  const context: RoutingContext = {
    request: chat,
    memo: new RequestMemo(chat),
    headers: options.headers ?? {},
    tags: {},
    environment: { random: () => 0.5, now: () => 0 },
    health: { isAvailable: (name) => name !== options.unhealthy, latencyMs: () => undefined },
  };
  if (scorer !== undefined) context.scorer = scorer;
  return context;
}

const names = async (policy: ReturnType<typeof compile>, context: RoutingContext) => (await policy.choose(context)).targets.map((target) => target.name);

describe('smart strategy', () => {
  it('reuses the score a complexity rule already computed for the same request', async () => {
    let calls = 0;
    const counting: ScorerClient = { score: async () => { calls += 1; return { ok: true, complexity: 0.8, logit: 1, inputTokens: 100, ms: 0.3 }; }, close: async () => undefined };
    const context = contextFor(counting);
    const signals = requestSignalsOf(context, localClockFor('UTC'));
    await signals.ensure(new Set(['complexity']));
    expect(signals.values.complexity).toBe(0.8);
    const choice = await compile('balanced').choose(context);
    expect(choice.detail).toMatchObject({ complexity: 0.8, logit: 1 });
    expect(calls).toBe(1);
    await compile('cost').choose(contextFor(counting));
    expect(calls).toBe(2); // a new request is scored anew
  });

  it('sends easy prompts to the cheap model on every axis', async () => {
    for (const axis of ['cost', 'balanced', 'quality'] as const) expect((await names(compile(axis), contextFor(scored(-15))))[0]).toBe('small');
  });

  it('follows explicit weights', async () => {
    expect((await names(compile({ quality: 1, cost: 0, speed: 0 }), contextFor(scored(-15))))[0]).toBe('big');
    expect((await names(compile({ quality: 0, cost: 1, speed: 0 }), contextFor(scored(1))))[0]).toBe('small');
    expect((await names(compile({ quality: 0, cost: 0, speed: 1 }), contextFor(scored(1))))[0]).toBe('small');
  });

  it('breaks near-ties towards the more capable candidate', async () => {
    // Quality saturates on a trivially easy prompt; with no cost weight the scores tie within the margin.
    expect((await names(compile({ quality: 1, cost: 0, speed: 0 }), contextFor(scored(-40))))[0]).toBe('big');
  });

  it('reports complexity and every candidate score in the decision detail', async () => {
    const choice = await compile('balanced').choose(contextFor(scored(0.5)));
    expect(choice.complexity).toBe(0.5);
    expect(choice.detail).toMatchObject({ axis: 'balanced', chosen: choice.targets[0]!.name, inputTokens: 104, excluded: [] }); // 100 scored + 4 for the one message
    expect((choice.detail!.candidates as unknown[]).length).toBe(2);
  });

  it('filters by capability, context window and health', async () => {
    const policy = compile({ quality: 0, cost: 1, speed: 0 }); // would pick small whenever it can
    const tool = { type: 'function' as const, name: 'lookup', parameters: {} };
    expect(await names(policy, contextFor(scored(0), { tools: [tool] }))).toEqual(['big']);
    const image = { type: 'image' as const, source: { type: 'url' as const, url: 'https://example.com/a.png' } };
    expect(await names(policy, contextFor(scored(0), { messages: [{ role: 'user', content: [image] }] }))).toEqual(['big']);
    expect(await names(policy, contextFor(scored(0), { responseFormat: { type: 'json-schema', name: 'x', schema: {} } }))).toEqual(['big']);
    expect(await names(policy, contextFor(scored(0, 7_950)))).toEqual(['big']); // 7,950 + 100 max_tokens > 8,000
    expect(await names(policy, contextFor(scored(0), {}, { unhealthy: 'small' }))).toEqual(['big']);
    const choice = await policy.choose(contextFor(scored(0), { tools: [tool] }));
    expect(choice.detail!.excluded).toEqual([{ name: 'small', reason: 'no tool calling' }]);
  });

  it('checks the context window on the scored text tokens plus an estimate of what is not text', async () => {
    const policy = compile({ quality: 0, cost: 1, speed: 0 });
    // 500 messages: the scorer counts their text (6,000 tokens); each message adds 4 tokens of overhead.
    const messages = Array.from({ length: 500 }, () => ({ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }));
    const choice = await policy.choose(contextFor(scored(0, 6_000), { messages }));
    expect(choice.detail!.inputTokens).toBe(8_000);
    expect(choice.targets.map((target) => target.name)).toEqual(['big']); // 8,000 + 100 max_tokens > small's 8,000
    expect(await names(policy, contextFor(scored(0, 6_000), { messages: messages.slice(0, 10) }))).toEqual(['small', 'big']);
    // Without a score, the whole request is estimated (bytes / 4 + overheads).
    const unscored = await policy.choose(contextFor(fixedScorer({ ok: false, reason: 'timeout', message: 'slow' }), { messages }));
    expect(unscored.detail!.inputTokens).toBe(500 * (4 + 1));
  });

  it('falls back to the most capable candidate when the scorer fails, times out, is overloaded or absent', async () => {
    const policy = compile('cost');
    for (const reason of ['timeout', 'overloaded', 'error', 'closed'] as const) {
      const choice = await policy.choose(contextFor(fixedScorer({ ok: false, reason, message: 'no' })));
      expect(choice.targets.map((target) => target.name)).toEqual(['big', 'small']);
      expect(choice.complexity).toBeUndefined();
      expect(choice.detail!.fallback).toMatchObject({ reason });
    }
    expect(await names(policy, contextFor(undefined))).toEqual(['big', 'small']);
  });

  /** A logit whose predicted gain for (big, small) sits where `fromTop` of the reference mix's gains lie above it. */
  function logitAtGainRank(fromTop: number): number {
    const policy = compile('balanced');
    const [small, big] = [policy.profiles.find((profile) => profile.name === 'small')!, policy.profiles.find((profile) => profile.name === 'big')!];
    const gain = (logit: number) => predictQuality(big.ability, logit) - predictQuality(small.ability, logit);
    const byGain = [...referenceLogits].sort((a, b) => gain(b) - gain(a));
    return byGain[Math.round(fromTop * byGain.length)]!;
  }

  it('sends each axis its share of the reference mix to the more capable candidate, and ranks by gain, not difficulty', async () => {
    const middle = logitAtGainRank(0.4); // 40 % of the mix gains more than this prompt
    expect(await names(compile('cost'), contextFor(scored(middle)))).toEqual(['small', 'big']);
    expect(await names(compile('balanced'), contextFor(scored(middle)))).toEqual(['big', 'small']);
    expect(await names(compile('quality'), contextFor(scored(middle)))).toEqual(['big', 'small']);
    expect((await names(compile('balanced'), contextFor(scored(logitAtGainRank(0.6)))))[0]).toBe('small');
    expect((await names(compile('quality'), contextFor(scored(logitAtGainRank(0.6)))))[0]).toBe('big');
    // A prompt too hard for both gains little from the strong model: the cheap one serves it on cost,
    // though its difficulty is far above the one that went to the strong model on balanced.
    const tooHard = 40;
    expect(tooHard).toBeGreaterThan(middle);
    expect((await names(compile('cost'), contextFor(scored(tooHard))))[0]).toBe('small');
    const peak = (await compile('cost').choose(contextFor(scored(logitAtGainRank(0.01))))).detail!;
    expect(peak).toMatchObject({ side: 'strong', chosen: 'big', pair: { strong: 'big', weak: 'small' }, gainModel: 'irt', strongShare: 0.3 });
  });

  it('takes strong_share instead of the axis share', async () => {
    const at = logitAtGainRank(0.3);
    expect((await names(compile('balanced', undefined, { strong_share: 0.2 }), contextFor(scored(at))))[0]).toBe('small');
    expect((await names(compile('balanced', undefined, { strong_share: 0.4 }), contextFor(scored(at))))[0]).toBe('big');
    expect((await compile('cost', undefined, { strong_share: 0.4 }).choose(contextFor(scored(at)))).detail).toMatchObject({ axis: 'strong_share', strongShare: 0.4 });
  });

  it('sends the band of traffic just below the cut to the more capable candidate', async () => {
    const belowCut = logitAtGainRank(0.58); // below balanced's 50 % cut, within a 10 % band
    expect((await names(compile('balanced'), contextFor(scored(belowCut))))[0]).toBe('small');
    const banded = await compile('balanced', undefined, { band: 0.1 }).choose(contextFor(scored(belowCut)));
    expect(banded.targets[0]!.name).toBe('big');
    expect(banded.detail).toMatchObject({ side: 'band', band: 0.1 });
    expect((await names(compile('balanced', undefined, { band: 0.1 }), contextFor(scored(logitAtGainRank(0.65)))))[0]).toBe('small');
  });

  it('moves the cut with live traffic: a stream of prompts alike gets the share among themselves', async () => {
    const policy = compile('balanced', undefined, { share_window: 200 });
    const easyish = logitAtGainRank(0.8); // on the reference mix, well below the 50 % cut
    expect((await names(policy, contextFor(scored(easyish))))[0]).toBe('small');
    // Live traffic of prompts around it (a spread of ±0.3 logit): after the window fills, half go to big.
    const stream = Array.from({ length: 600 }, (_, index) => easyish + 0.3 * Math.sin(index * 12.9898));
    let strong = 0;
    for (const [index, logit] of stream.entries()) {
      const chosen = (await names(policy, contextFor(scored(logit))))[0];
      if (index >= 400 && chosen === 'big') strong += 1;
    }
    expect(strong / 200).toBeGreaterThan(0.45);
    expect(strong / 200).toBeLessThan(0.55);
  });

  it('ranks by a pair-gain model handed in at compile time (the seam for a learned model), on the rated text, from its own reference gains', async () => {
    const seen: string[] = [];
    const learned: PairGainModel = {
      name: 'learned-test',
      gain: (_strong, _weak, prompt) => {
        const text = prompt.task?.() ?? '';
        seen.push(text);
        return text.includes('proof') ? 0.9 : 0.1;
      },
      referenceGains: () => Array.from({ length: 10 }, (_, index) => index / 10), // 0 … 0.9: cut for 30 % at 0.7
    };
    const policy = compileSmartPolicy(
      { strategy: 'smart', candidates: ['small', 'big'], axis: 'cost', band: 0, share_window: 1000 },
      { routerName: 'smart', toTarget: (target) => ({ name: target as string, kind: 'model' }), deployments, timezone: 'UTC', pairGain: learned },
    );
    const proof = await policy.choose(contextFor(scored(-15), { messages: [{ role: 'user', content: [{ type: 'text', text: 'a proof please' }] }] }));
    expect(proof.targets[0]!.name).toBe('big'); // the IRT gain of logit -15 is ~0; the learned model says otherwise
    expect(proof.detail).toMatchObject({ gainModel: 'learned-test', gain: 0.9, cut: 0.7 });
    expect((await names(policy, contextFor(scored(1.5))))[0]).toBe('small');
    expect(seen).toEqual(['a proof please', 'a prompt']);
  });

  it('keeps the share window of a pair across a recompile (a reload) with the gateway store, and starts afresh when the pair changed', async () => {
    const store = new ShareWindowStore();
    const compileWith = (bigQuality: number) =>
      compileSmartPolicy(
        { strategy: 'smart', candidates: ['small', 'big'], axis: 'balanced', band: 0, share_window: 1000 },
        {
          routerName: 'smart', toTarget: (target) => ({ name: target as string, kind: 'model' }), timezone: 'UTC', shareWindows: store,
          deployments: new Map([...deployments, ['big', { ...deployments.get('big')!, quality: bigQuality }]]),
        },
      );
    const before = compileWith(95);
    for (let index = 0; index < 30; index += 1) await before.choose(contextFor(scored(0)));
    const reloaded = await compileWith(95).choose(contextFor(scored(0)));
    expect(reloaded.detail!.window).toEqual({ live: 30, size: 100 });
    const changed = await compileWith(90).choose(contextFor(scored(0)));
    expect(changed.detail!.window).toEqual({ live: 0, size: 100 });
    const alone = await compile('balanced').choose(contextFor(scored(0)));
    expect(alone.detail!.window).toEqual({ live: 0, size: 100 }); // no store: a router of its own
  });

  it('lets x-switchyard-axis narrow the axis within allowed_axes only', async () => {
    const middle = logitAtGainRank(0.5);
    const policy = compile('cost', ['cost', 'quality']);
    expect((await names(policy, contextFor(scored(middle), {}, { headers: { 'x-switchyard-axis': 'quality' } })))[0]).toBe('big');
    const refused = await policy.choose(contextFor(scored(middle), {}, { headers: { 'x-switchyard-axis': 'balanced' } }));
    expect(refused.targets[0]!.name).toBe('small');
    expect(refused.detail!.note).toMatch(/not in allowed_axes/);
  });
});

describe('smart strategy over routers', () => {
  const chains = new Map<string, Deployment>([
    ...deployments,
    ['big-backup', deployment('big-backup', { quality: 90, price: { input: 8, output: 8 }, context: 200_000 })],
    ['small-backup', deployment('small-backup', { quality: 55, price: { input: 1, output: 1 }, context: 100_000 })],
  ]);
  const routers = {
    'cheap-chain': { strategy: 'failover' as const, targets: ['small', 'small-backup'] },
    'strong-split': { strategy: 'weighted' as const, failover: true, targets: [{ use: 'big-backup', weight: 1 }, { use: 'big', weight: 9 }] },
  };
  const compileOver = (axis: AxisOption) =>
    compileSmartPolicy(
      { strategy: 'smart', candidates: ['cheap-chain', 'strong-split'], axis, band: 0, share_window: 1000 },
      { routerName: 'smart', toTarget: (target) => ({ name: target as string, kind: 'router' }), deployments: chains, timezone: 'UTC', routers: routers as never },
    );

  it('scores each router by the deployment it would try first and plans the routers themselves', async () => {
    const policy = compileOver('balanced');
    expect(policy.profiles.map((profile) => [profile.name, profile.quality])).toEqual([['cheap-chain', 60], ['strong-split', 95]]); // failover: first; weighted: heaviest
    const hard = await policy.choose(contextFor(scored(1.5)));
    expect(hard.targets).toEqual([{ name: 'strong-split', kind: 'router' }, { name: 'cheap-chain', kind: 'router' }]);
    expect(hard.detail).toMatchObject({ via: { 'cheap-chain': 'small', 'strong-split': 'big' }, pair: { strong: 'strong-split', weak: 'cheap-chain' } });
    expect((await names(policy, contextFor(scored(-15))))[0]).toBe('cheap-chain');
  });

  it('scores a router by the next deployment when the first cannot serve the request, and drops a router none of whose targets can', async () => {
    const policy = compileOver({ quality: 0, cost: 1, speed: 0 });
    const over = await policy.choose(contextFor(scored(0, 20_000))); // past small's 8,000-token window
    expect(over.detail!.via).toEqual({ 'cheap-chain': 'small-backup', 'strong-split': 'big' });
    expect(over.targets[0]!.name).toBe('cheap-chain');
    const tool = { type: 'function' as const, name: 'lookup', parameters: {} };
    const noTools = await compileSmartPolicy(
      { strategy: 'smart', candidates: ['cheap-chain', 'big'], axis: 'cost', band: 0, share_window: 1000 },
      { routerName: 'smart', toTarget: (target) => ({ name: target as string, kind: target === 'big' ? 'model' : 'router' }), deployments: new Map([...chains, ['small-backup', deployment('small-backup', { quality: 55, capabilities: { ...capabilities, tools: false } })]]), timezone: 'UTC', routers: routers as never },
    ).choose(contextFor(scored(0), { tools: [tool] }));
    expect(noTools.targets.map((target) => target.name)).toEqual(['big']);
    expect(noTools.detail!.excluded).toEqual([{ name: 'cheap-chain', reason: 'no target can serve it (small: no tool calling; small-backup: no tool calling)' }]);
  });
});
