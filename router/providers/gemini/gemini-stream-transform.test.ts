import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { collectStreamEvents, foldStreamEvents } from '../../../test/conformance/fold-stream-events.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { convertFromGeminiResponse } from './convert-from-gemini-response.ts';
import { transformGeminiStream } from './gemini-stream-transform.ts';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);

/** A fixture's messages as SSE bytes (Gemini's CRLF framing), cut at odd places, so the one SSE parser is part of the test. */
async function* sseBody(name: string): AsyncGenerator<Uint8Array> {
  const lines = readFileSync(fixture(`${name}.chunks.txt`), 'utf8').split('\n').filter((line) => line.trim() !== '');
  const bytes = new TextEncoder().encode(lines.map((line) => `data: ${line}\r\n\r\n`).join(''));
  for (let start = 0; start < bytes.length; start += 41) yield bytes.slice(start, start + 41);
}

const transform = (name: string): AsyncGenerator<StreamEvent> => transformGeminiStream(parseServerSentEvents(sseBody(name)), 'fallback');
const response = (name: string): unknown => JSON.parse(readFileSync(fixture(`${name}.response.json`), 'utf8'));

describe('transformGeminiStream, golden fixtures', () => {
  it('text: pieces, STOP, usage with cached tokens from the last message', async () => {
    const usage = { inputTokens: 12, outputTokens: 9, cachedInputTokens: 4 };
    expect(await collectStreamEvents(transform('text'))).toEqual([
      { type: 'response-start', id: 'mAitaOaCHYm3nvgP9ZbC4QU', reportedModel: { kind: 'reported', name: 'gemini-2.5-flash' } },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, delta: 'The sky' },
      { type: 'text-delta', index: 0, delta: ' is blue because of' },
      { type: 'text-delta', index: 0, delta: ' Rayleigh scattering.' },
      { type: 'text-end', index: 0 },
      { type: 'usage', usage },
      { type: 'response-end', finishReason: { unified: 'stop', raw: 'STOP' }, usage },
    ]);
  });

  it('function call: whole call as start + one delta + end, STOP becomes tool-calls (raw kept)', async () => {
    const events = await collectStreamEvents(transform('function-call'));
    expect(events.slice(1, -2)).toEqual([
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, delta: 'Let me check the weather.' },
      { type: 'text-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'call_Fi2taPCNFp2ynvgPkKzPsAk_0', name: 'get_current_weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"location":"Boston, MA","unit":"celsius"}' },
      { type: 'tool-call-end', index: 1 },
    ]);
    expect(events.at(-1)).toEqual({ type: 'response-end', finishReason: { unified: 'tool-calls', raw: 'STOP' }, usage: { inputTokens: 58, outputTokens: 23 } });
  });

  it("Gemini 3 function calls: the first call's thoughtSignature is a signature-only reasoning block just before it; the unsigned second call has none", async () => {
    const events = await collectStreamEvents(transform('function-call-signed'));
    expect(events.slice(1, -2)).toEqual([
      { type: 'reasoning-start', index: 0, family: 'gemini' },
      { type: 'reasoning-delta', index: 0, delta: 'The user wants the weather in two cities; I will call the tool for each.' },
      { type: 'reasoning-end', index: 0 },
      { type: 'reasoning-start', index: 1, family: 'gemini' },
      { type: 'reasoning-signature', index: 1, signature: 'CiQB0e2Kb7GeminiSignedStepOne+/xV1' },
      { type: 'reasoning-end', index: 1 },
      { type: 'tool-call-start', index: 2, id: 'call_q3OvaLjzEaW7nvgPp9GQ8Qw_0', name: 'get_current_weather' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '{"location":"Paris"}' },
      { type: 'tool-call-end', index: 2 },
      { type: 'tool-call-start', index: 3, id: 'call_q3OvaLjzEaW7nvgPp9GQ8Qw_1', name: 'get_current_weather' },
      { type: 'tool-call-delta', index: 3, argumentsDelta: '{"location":"London"}' },
      { type: 'tool-call-end', index: 3 },
    ]);
    expect(convertFromGeminiResponse(response('function-call-signed'), 'fallback').content).toEqual([
      { type: 'reasoning', text: 'The user wants the weather in two cities; I will call the tool for each.', family: 'gemini' },
      { type: 'reasoning', text: '', family: 'gemini', signature: 'CiQB0e2Kb7GeminiSignedStepOne+/xV1' },
      { type: 'tool-call', id: 'call_q3OvaLjzEaW7nvgPp9GQ8Qw_0', name: 'get_current_weather', arguments: '{"location":"Paris"}' },
      { type: 'tool-call', id: 'call_q3OvaLjzEaW7nvgPp9GQ8Qw_1', name: 'get_current_weather', arguments: '{"location":"London"}' },
    ]);
  });

  it('MAX_TOKENS: thoughts are reasoning, not output text, and their tokens are output usage', async () => {
    const events = await collectStreamEvents(transform('max-tokens'));
    expect(events.filter((event) => event.type === 'text-delta')).toEqual([{ type: 'text-delta', index: 1, delta: 'Once upon a time, a dragon' }]);
    expect(events.find((event) => event.type === 'reasoning-start')).toEqual({ type: 'reasoning-start', index: 0, family: 'gemini' });
    expect(events.filter((event) => event.type === 'reasoning-delta').length).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({ type: 'response-end', finishReason: { unified: 'length', raw: 'MAX_TOKENS' }, usage: { inputTokens: 9, outputTokens: 48, reasoningTokens: 40 } });
  });

  it('SAFETY is a content filter, raw kept', async () => {
    const events = await collectStreamEvents(transform('safety'));
    expect(events.at(-1)).toMatchObject({ type: 'response-end', finishReason: { unified: 'content-filter', raw: 'SAFETY' } });
  });

  it('an error message mid-stream throws after the output so far', async () => {
    const seen: StreamEvent[] = [];
    const error = await (async () => {
      for await (const event of transform('error-mid-stream')) seen.push(event);
    })().catch((caught: unknown) => caught);
    expect(seen.map((event) => event.type)).toEqual(['response-start', 'text-start', 'text-delta']);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).reason).toMatch(/overloaded/);
  });

  it('a stream without a finishReason was cut: stream-cut error', async () => {
    const error = await collectStreamEvents(transform('cut-before-finish')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe('stream-cut');
    expect((error as UpstreamError).isRetryable).toBe(true);
  });

  it('a chunk that is not JSON is a protocol error', async () => {
    async function* broken() {
      yield { data: '{"candidates":[{"content":{"parts":[{"tex' };
    }
    const error = await collectStreamEvents(transformGeminiStream(broken(), 'fallback')).catch((caught: unknown) => caught);
    expect((error as UpstreamError).kind).toBe('protocol');
  });

  it.each(['text', 'function-call', 'function-call-signed'])('%s: folding the stream equals the non-streaming conversion', async (name) => {
    expect(foldStreamEvents(await collectStreamEvents(transform(name)))).toEqual(convertFromGeminiResponse(response(name), 'fallback'));
  });
});
