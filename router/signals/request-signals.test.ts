import { describe, expect, it } from 'vitest';
import { chatRequest, countingScorer, routingContext } from '../../test/support/create-routing-context.ts';
import { createLocalClock } from './create-local-clock.ts';
import { RequestSignals, requestSignalsOf } from './request-signals.ts';

const clock = createLocalClock('Europe/Paris');
/** Monday 2 March 2026, 21:05 UTC = 22:05 in Paris (UTC+1 in winter). */
const MONDAY_EVENING = Date.UTC(2026, 2, 2, 21, 5);

function signalsOf(context = routingContext()) {
  return new RequestSignals(context, clock);
}

describe('request signals', () => {
  const request = chatRequest({
    requestedModel: 'auto',
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'be brief' }] },
      { role: 'user', content: [{ type: 'text', text: 'mail me at ada@example.com' }, { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] },
      { role: 'assistant', content: [{ type: 'text', text: 'sure' }] },
      { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
    ],
    params: { maxTokens: 300 },
    tools: [
      { type: 'function', name: 'a', parameters: {} },
      { type: 'function', name: 'b', parameters: {} },
    ],
    responseFormat: { type: 'json-schema', name: 'x', schema: { type: 'object' } },
    stream: true,
    user: 'user-7',
  });
  const context = routingContext({
    request,
    headers: { 'x-team': 'ml', authorization: 'Bearer secret-key', 'x-api-key': 'secret', cookie: 'c=1' },
    tags: { tier: 'free' },
    body: { metadata: { priority: 'high' } },
    receivedAt: MONDAY_EVENING,
  });

  it('computes every signal from the request', () => {
    const signals = signalsOf(context);
    const all = new Set(['input_tokens', 'max_tokens', 'has_tools', 'tool_count', 'has_schema', 'has_images', 'streaming', 'message_count', 'has_system', 'model', 'tags', 'headers', 'user', 'hour_local', 'weekday', 'time_of_day', 'monthly_spend_pct', 'pii', 'pii_types', '$']);
    expect(signals.ensure(all)).toBeUndefined();
    expect(signals.values).toMatchObject({
      max_tokens: 300, has_tools: true, tool_count: 2, has_schema: true, has_images: true, streaming: true,
      message_count: 3, has_system: true, model: 'auto', tags: { tier: 'free' }, user: 'user-7',
      hour_local: 22, weekday: 'mon', time_of_day: '22:05', monthly_spend_pct: 0, pii: true, pii_types: ['email'],
      body: { metadata: { priority: 'high' } },
    });
    expect(signals.values.input_tokens).toBeGreaterThan(1000); // the image counts 1,000
    expect(signals.values.headers).toEqual({ 'x-team': 'ml' });
  });

  it('reads a bare request as no tools, no schema, no images, no system, no pii', () => {
    const signals = signalsOf();
    signals.ensure(new Set(['has_tools', 'tool_count', 'has_schema', 'has_images', 'has_system', 'pii', 'max_tokens', 'user', 'message_count', 'streaming']));
    expect(signals.values).toEqual({ has_tools: false, tool_count: 0, has_schema: false, has_images: false, has_system: false, pii: false, pii_types: [], message_count: 1, streaming: false });
  });

  it('computes only what is asked, once', () => {
    const signals = signalsOf(context);
    signals.ensure(new Set(['model']));
    expect(Object.keys(signals.values)).toEqual(['model']);
    signals.ensure(new Set(['weekday']));
    expect(Object.keys(signals.values).sort()).toEqual(['hour_local', 'model', 'time_of_day', 'weekday']);
  });

  it('runs the scorer only for complexity, once per request, shared across routers', async () => {
    const scorer = countingScorer(0.82);
    const scored = routingContext({ request: chatRequest(), scorer });
    const first = requestSignalsOf(scored, clock);
    expect(first.ensure(new Set(['input_tokens']))).toBeUndefined();
    expect(scorer.calls).toHaveLength(0);
    await first.ensure(new Set(['complexity']));
    await requestSignalsOf(scored, clock).ensure(new Set(['complexity']));
    expect(scorer.calls).toEqual(['hello']);
    expect(first.values.complexity).toBe(0.82);
    expect(first.score).toEqual({ complexity: 0.82, ms: 0.2 });
  });

  it('leaves complexity missing when the scorer fails or is absent', async () => {
    const failing = signalsOf(routingContext({ scorer: countingScorer(undefined) }));
    await failing.ensure(new Set(['complexity']));
    expect(failing.values.complexity).toBeUndefined();
    expect(failing.score).toEqual({ failed: 'timeout' });
    const none = signalsOf();
    await none.ensure(new Set(['complexity']));
    expect(none.score).toEqual({ failed: 'no scorer' });
  });
});

describe('local clock', () => {
  it('follows the time zone, daylight saving included', () => {
    expect(createLocalClock('UTC')(Date.UTC(2026, 10, 21, 23, 30))).toEqual({ hour_local: 23, weekday: 'sat', time_of_day: '23:30' });
    expect(createLocalClock('America/New_York')(Date.UTC(2026, 6, 1, 3, 7))).toEqual({ hour_local: 23, weekday: 'tue', time_of_day: '23:07' });
    expect(createLocalClock('Asia/Kolkata')(Date.UTC(2026, 0, 1, 0, 0))).toEqual({ hour_local: 5, weekday: 'thu', time_of_day: '05:30' });
  });

  it('reuses the last answer within the same minute and moves on with the next', () => {
    const local = createLocalClock('UTC');
    const first = local(Date.UTC(2026, 0, 1, 0, 0, 5));
    expect(local(Date.UTC(2026, 0, 1, 0, 0, 55))).toBe(first);
    expect(local(Date.UTC(2026, 0, 1, 0, 1, 0)).time_of_day).toBe('00:01');
  });

  it('rejects an unknown time zone', () => {
    expect(() => createLocalClock('Mars/Olympus')).toThrow(RangeError);
  });
});
