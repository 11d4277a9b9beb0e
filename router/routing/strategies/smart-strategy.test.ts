import { describe, expect, it } from 'vitest';
import type { Deployment, ProviderSettings } from '../../config/compiled-config.ts';
import type { ChatRequest } from '../../core/chat-request.ts';
import type { ScoreResult, ScorerClient } from '../../scoring/scorer-client.ts';
import { PolicyCompileError } from '../policy-compile-error.ts';
import { RequestMemo } from '../../signals/request-memo.ts';
import type { RoutingContext } from '../routing-types.ts';
import { smartAxisPresets } from './smart-axis-presets.ts';
import { compileSmartPolicy } from './smart-strategy.ts';
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

function compile(axis: 'cost' | 'balanced' | 'quality' | { quality: number; cost: number; speed: number }, allowed?: Array<'cost' | 'balanced' | 'quality'>) {
  const router = { strategy: 'smart' as const, candidates: ['small', 'big'], axis, ...(allowed ? { allowed_axes: allowed } : {}) };
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

/** A logit on the easy side where the strong model's predicted gain equals `gain`. */
function logitForGain(policy: ReturnType<typeof compile>, gain: number): number {
  const [small, big] = [policy.profiles.find((profile) => profile.name === 'small')!, policy.profiles.find((profile) => profile.name === 'big')!];
  const gainAt = (logit: number) => predictQuality(big.ability, logit) - predictQuality(small.ability, logit);
  let low = -20;
  let high = (big.ability + small.ability) / 2; // the gain peaks here and falls off towards easy prompts
  for (let step = 0; step < 60; step += 1) {
    const middle = (low + high) / 2;
    if (gainAt(middle) < gain) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Predicted gain at which an axis starts paying for `big` (one decade of price apart). */
const threshold = (axis: keyof typeof smartAxisPresets) => smartAxisPresets[axis].cost / smartAxisPresets[axis].quality;

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

  it('orders the axes: cost keeps a middling gain on the cheap model, balanced and quality pay for the strong one', async () => {
    const logit = logitForGain(compile('cost'), (threshold('cost') + threshold('balanced')) / 2);
    expect(await names(compile('cost'), contextFor(scored(logit)))).toEqual(['small', 'big']);
    expect(await names(compile('balanced'), contextFor(scored(logit)))).toEqual(['big', 'small']);
    expect(await names(compile('quality'), contextFor(scored(logit)))).toEqual(['big', 'small']);
    const smallerGain = logitForGain(compile('cost'), (threshold('balanced') + threshold('quality')) / 2);
    expect(await names(compile('balanced'), contextFor(scored(smallerGain)))).toEqual(['small', 'big']);
    expect(await names(compile('quality'), contextFor(scored(smallerGain)))).toEqual(['big', 'small']);
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

  it('lets x-switchyard-axis narrow the axis within allowed_axes only', async () => {
    const logit = logitForGain(compile('cost'), (threshold('cost') + threshold('balanced')) / 2);
    const policy = compile('cost', ['cost', 'quality']);
    expect((await names(policy, contextFor(scored(logit), {}, { headers: { 'x-switchyard-axis': 'quality' } })))[0]).toBe('big');
    const refused = await policy.choose(contextFor(scored(logit), {}, { headers: { 'x-switchyard-axis': 'balanced' } }));
    expect(refused.targets[0]!.name).toBe('small');
    expect(refused.detail!.note).toMatch(/not in allowed_axes/);
  });

  it('rejects a candidate that is a router', () => {
    const router = { strategy: 'smart' as const, candidates: ['small', 'nested'], axis: 'balanced' as const };
    const context = { routerName: 's', toTarget: () => ({ name: 'nested', kind: 'router' as const }), deployments, timezone: 'UTC' };
    expect(() => compileSmartPolicy(router, context)).toThrow(PolicyCompileError);
  });
});
