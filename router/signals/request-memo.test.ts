import { describe, expect, it } from 'vitest';
import { chatRequest, countingScorer, routingContext } from '../../test/support/create-routing-context.ts';
import { createLocalClock } from './create-local-clock.ts';
import { RequestMemo } from './request-memo.ts';
import { requestSignalsOf } from './request-signals.ts';

const withText = (text: string) => chatRequest({ messages: [{ role: 'user', content: [{ type: 'text', text }] }] });
const utc = createLocalClock('UTC');

describe('RequestMemo', () => {
  it('estimates the input tokens once: later reads return the first answer', () => {
    const request = withText('abcd');
    const memo = new RequestMemo(request);
    expect(memo.inputTokens()).toBe(5);
    (request.messages[0]!.content[0] as { text: string }).text = 'a'.repeat(4000);
    expect(memo.inputTokens()).toBe(5);
    // A different request (another memo) is estimated on its own.
    expect(new RequestMemo(request).inputTokens()).toBe(1004);
  });

  it('computes the needs once', () => {
    const memo = new RequestMemo(chatRequest({ tools: [{ type: 'function', name: 't', parameters: {} }], stream: true }));
    expect(memo.needs()).toEqual(['tools', 'streaming']);
    expect(memo.needs()).toBe(memo.needs());
  });

  it('asks the scorer once however many times the score is read, and says so without a scorer', async () => {
    const scorer = countingScorer(0.8);
    const memo = new RequestMemo(withText('rate me'));
    const [first, second] = await Promise.all([memo.score(scorer), memo.score(scorer)]);
    expect(scorer.calls).toEqual(['rate me']);
    expect(first).toBe(second);
    expect(first).toMatchObject({ ok: true, complexity: 0.8 });
    expect(await new RequestMemo(withText('x')).score(undefined)).toEqual({ ok: false, reason: 'error', message: 'no scorer is running' });
  });

  it('shares one set of rules signals between the routers of one request, and not across requests', () => {
    const context = routingContext({ request: withText('hello') });
    expect(requestSignalsOf(context, utc)).toBe(requestSignalsOf(context, utc));
    expect(requestSignalsOf(routingContext({ request: withText('hello') }), utc)).not.toBe(requestSignalsOf(context, utc));
  });
});
