import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { collectStreamEvents, foldStreamEvents } from '../../../test/conformance/fold-stream-events.ts';
import { parseNewlineDelimitedJson } from '../ndjson/parse-newline-delimited-json.ts';
import { convertFromOllamaResponse } from './convert-from-ollama-response.ts';
import { transformOllamaStream } from './ollama-stream-transform.ts';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);

/** A fixture's NDJSON bytes cut at odd places, so the one NDJSON splitter is part of the test. */
async function* ndjsonBody(name: string): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(readFileSync(fixture(`${name}.chunks.txt`), 'utf8'));
  for (let start = 0; start < bytes.length; start += 29) yield bytes.slice(start, start + 29);
}

const transform = (name: string): AsyncGenerator<StreamEvent> => transformOllamaStream(parseNewlineDelimitedJson(ndjsonBody(name)), 'key');
const response = (name: string): unknown => JSON.parse(readFileSync(fixture(`${name}.response.json`), 'utf8'));

describe('transformOllamaStream, golden fixtures', () => {
  it('text: pieces, done_reason stop, eval counts as usage', async () => {
    const usage = { inputTokens: 26, outputTokens: 282 };
    expect(await collectStreamEvents(transform('text'))).toEqual([
      { type: 'response-start', id: undefined, reportedModel: { kind: 'reported', name: 'llama3.2' } },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, delta: 'The sky' },
      { type: 'text-delta', index: 0, delta: ' is blue' },
      { type: 'text-delta', index: 0, delta: ' because of Rayleigh scattering.' },
      { type: 'text-end', index: 0 },
      { type: 'usage', usage },
      { type: 'response-end', finishReason: { unified: 'stop', raw: 'stop' }, usage },
    ]);
  });

  it('tool call: object arguments become JSON text in one delta; stop with a call is tool-calls', async () => {
    const usage = { inputTokens: 122, outputTokens: 33 };
    expect(await collectStreamEvents(transform('tool-call'))).toEqual([
      { type: 'response-start', id: undefined, reportedModel: { kind: 'reported', name: 'llama3.2' } },
      { type: 'tool-call-start', index: 0, id: 'call_key_0', name: 'get_current_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"format":"celsius","location":"Paris, FR"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'usage', usage },
      { type: 'response-end', finishReason: { unified: 'tool-calls', raw: 'stop' }, usage },
    ]);
  });

  it('done_reason length', async () => {
    const events = await collectStreamEvents(transform('length'));
    expect(events.at(-1)).toEqual({ type: 'response-end', finishReason: { unified: 'length', raw: 'length' }, usage: { inputTokens: 9, outputTokens: 3 } });
  });

  it('an error line mid-stream throws after the output so far', async () => {
    const seen: StreamEvent[] = [];
    const error = await (async () => {
      for await (const event of transform('error-mid-stream')) seen.push(event);
    })().catch((caught: unknown) => caught);
    expect(seen.map((event) => event.type)).toEqual(['response-start', 'text-start', 'text-delta']);
    expect((error as UpstreamError).reason).toMatch(/unexpected EOF/);
  });

  it('a stream without a done line was cut', async () => {
    const error = await collectStreamEvents(transform('cut-before-done')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe('stream-cut');
  });

  it('a line that is not JSON is a protocol error', async () => {
    async function* broken() {
      yield { data: '{"model":"llama3.2","message":{"role":"assist' };
    }
    const error = await collectStreamEvents(transformOllamaStream(broken(), 'key')).catch((caught: unknown) => caught);
    expect((error as UpstreamError).kind).toBe('protocol');
  });

  it("thinking: message.thinking pieces are a reasoning block of the family 'ollama', closed when the answer begins", async () => {
    const events = await collectStreamEvents(transform('thinking'));
    expect(events.slice(1, -2)).toEqual([
      { type: 'reasoning-start', index: 0, family: 'ollama' },
      { type: 'reasoning-delta', index: 0, delta: 'Okay, the user asks' },
      { type: 'reasoning-delta', index: 0, delta: " how many r's are in strawberry: three." },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, delta: 'There are three' },
      { type: 'text-delta', index: 1, delta: " r's in strawberry." },
      { type: 'text-end', index: 1 },
    ]);
  });

  it.each(['text', 'tool-call', 'thinking'])('%s: folding the stream equals the non-streaming conversion', async (name) => {
    expect(foldStreamEvents(await collectStreamEvents(transform(name)))).toEqual(convertFromOllamaResponse(response(name), 'key'));
  });
});
