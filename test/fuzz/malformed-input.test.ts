/**
 * Issue 18: a fuzz run of malformed inputs over the three client APIs, on a real gateway on
 * 127.0.0.1. Fixed seed and count, so a failure replays exactly (the case's number and recipe are in
 * the message) and the run stays within seconds. Every input is invalid by construction (a strict
 * prefix of a JSON object, bytes that are not JSON, a JSON value that is not an object, a required
 * field missing or of the wrong type, nesting past the depth limit, an unknown model, a poisoned
 * prototype, a wrong content type or encoding, an oversized body, a malformed or unknown path), so
 * every answer must be a well-formed error in the path's API shape with a catalogue code and a 4xx
 * status: no 5xx, no stack trace, no hang, no upstream called, no circuit touched, and the gateway
 * still serves afterwards.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../router/errors/error-codes.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const SEED = 0x5eed18;
const CASES = 900;
const CONCURRENCY = 12;
const BODY_LIMIT = 256 * 1024;
const REQUEST_TIMEOUT_MS = 5_000;

/** mulberry32: a small deterministic generator, so the same seed gives the same run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

type Format = 'openai-chat' | 'anthropic-messages' | 'openai-responses';
type FuzzCase = { index: number; recipe: string; method: string; path: string; headers: Record<string, string>; body: Buffer | undefined };

const PATHS: Record<Format, string> = { 'openai-chat': '/v1/chat/completions', 'anthropic-messages': '/v1/messages', 'openai-responses': '/v1/responses' };
const REQUIRED: Record<Format, string[]> = { 'openai-chat': ['model', 'messages'], 'anthropic-messages': ['model', 'messages', 'max_tokens'], 'openai-responses': ['model', 'input'] };

function validBody(format: Format, stream: boolean): Record<string, unknown> {
  if (format === 'openai-chat') return { model: 'healthy', stream, messages: [{ role: 'user', content: 'hello' }] };
  if (format === 'anthropic-messages') return { model: 'healthy', stream, max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] };
  return { model: 'healthy', stream, input: [{ role: 'user', content: 'hello' }] };
}

function generateCase(index: number, random: () => number): FuzzCase {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const format = pick(['openai-chat', 'anthropic-messages', 'openai-responses'] as const);
  const path = PATHS[format];
  const json = { 'content-type': 'application/json' };
  const body = validBody(format, random() < 0.5);
  // Unknown fields are carried, not refused: noise on top of an invalid input keeps it invalid.
  if (random() < 0.5) body[`x_unknown_${Math.floor(random() * 1000)}`] = pick([1, 'text', null, [1, 2], { nested: true }]);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value));
  const strategy = pick([
    'truncated',
    'not-json',
    'not-an-object',
    'missing-required',
    'wrong-type',
    'bad-message',
    'too-deep',
    'unknown-model',
    'proto-poisoning',
    'content-type',
    'content-encoding',
    'oversized',
    'bad-path',
  ] as const);
  const recipe = (detail: string) => `#${index} ${format} ${strategy}: ${detail}`;
  switch (strategy) {
    case 'truncated': {
      const text = JSON.stringify(body);
      const cut = 1 + Math.floor(random() * (text.length - 1));
      return { index, recipe: recipe(`first ${cut} of ${text.length} characters`), method: 'POST', path, headers: json, body: Buffer.from(text.slice(0, cut)) };
    }
    case 'not-json': {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
      bytes[0] = pick([0x23, 0x3c, 0x27, 0x7d, 0x00, 0xff]);
      return { index, recipe: recipe(`${bytes.length} random bytes`), method: 'POST', path, headers: json, body: bytes };
    }
    case 'not-an-object': {
      const value = pick([42, -1.5, 'a string', [body], [], null, true, false]);
      return { index, recipe: recipe(JSON.stringify(value).slice(0, 40)), method: 'POST', path, headers: json, body: encode(value) };
    }
    case 'missing-required': {
      const field = pick(REQUIRED[format]);
      delete body[field];
      return { index, recipe: recipe(`no ${field}`), method: 'POST', path, headers: json, body: encode(body) };
    }
    case 'wrong-type': {
      const field = pick(REQUIRED[format]);
      const wrong: Record<string, unknown[]> = {
        model: [7, '', null, ['healthy'], { name: 'healthy' }, true],
        messages: ['hello', 3, {}, [], null, true],
        input: [3, {}, null, true],
        max_tokens: ['16', null, [16], { value: 16 }, true, 1.5],
      };
      const value = pick(wrong[field]!);
      body[field] = value;
      return { index, recipe: recipe(`${field} = ${JSON.stringify(value)}`), method: 'POST', path, headers: json, body: encode(body) };
    }
    case 'bad-message': {
      const field = format === 'openai-responses' ? 'input' : 'messages';
      const message = pick([42, 'hello', null, [1], { content: 'no role' }, { role: 5, content: 'hi' }, { role: '', content: 'hi' }]);
      // A Responses input item may be a bare string or an unknown item; only wrong JSON types are certain to be refused.
      const item = format === 'openai-responses' ? pick([42, null, true, [1]]) : message;
      body[field] = [item];
      return { index, recipe: recipe(`${field}[0] = ${JSON.stringify(item)}`), method: 'POST', path, headers: json, body: encode(body) };
    }
    case 'too-deep': {
      const depth = 129 + Math.floor(random() * 2_000);
      const nested = '['.repeat(depth) + ']'.repeat(depth);
      const text = JSON.stringify({ ...body, metadata: '§' }).replace('"§"', nested);
      return { index, recipe: recipe(`nested ${depth} deep`), method: 'POST', path, headers: json, body: Buffer.from(text) };
    }
    case 'unknown-model': {
      body.model = `no-such-model-${Math.floor(random() * 1e6)}`;
      return { index, recipe: recipe(String(body.model)), method: 'POST', path, headers: json, body: encode(body) };
    }
    case 'proto-poisoning': {
      const text = JSON.stringify(body).replace(/^\{/, '{"__proto__":{"polluted":true},');
      return { index, recipe: recipe('__proto__ key'), method: 'POST', path, headers: json, body: Buffer.from(text) };
    }
    case 'content-type': {
      const type = pick(['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'image/png', 'application/octet-stream']);
      return { index, recipe: recipe(type), method: 'POST', path, headers: { 'content-type': type }, body: encode(body) };
    }
    case 'content-encoding': {
      const encoding = pick(['gzip', 'deflate', 'br', 'zstd', 'compress', 'gzip, br']);
      // Either an encoding the gateway does not decode, or bytes that are not what the header says.
      const bytes = encoding === 'gzip' || encoding === 'deflate' || encoding === 'br' ? encode(body) : gzipSync(encode(body));
      return { index, recipe: recipe(`content-encoding ${encoding}`), method: 'POST', path, headers: { ...json, 'content-encoding': encoding }, body: bytes };
    }
    case 'oversized': {
      const size = BODY_LIMIT + 1 + Math.floor(random() * BODY_LIMIT);
      const text = JSON.stringify({ ...body, padding: 'x'.repeat(size) });
      return { index, recipe: recipe(`${text.length} bytes`), method: 'POST', path, headers: json, body: Buffer.from(text) };
    }
    case 'bad-path': {
      const suffix = pick(['/%E0%A4%A', '/%zz', '/nope', '/../admin', '%00']);
      return { index, recipe: recipe(`path ${path}${suffix}`), method: pick(['POST', 'GET', 'PUT', 'DELETE']), path: `${path}${suffix}`, headers: json, body: encode(body) };
    }
  }
}

const ANTHROPIC_TYPES = new Set(['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'request_too_large', 'rate_limit_error']);

/** Why an answer is not a well-formed 4xx error in the path's shape; undefined when it is one. */
function problemOf(entry: FuzzCase, status: number, text: string): string | undefined {
  if (status < 400 || status >= 500) return `status ${status}`;
  if (/\n\s+at |FST_ERR|"statusCode"/.test(text)) return 'a stack trace or framework error in the body';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `a body that is not JSON: ${text.slice(0, 80)}`;
  }
  // The path as the server saw it (`/v1/messages/../admin` is `/v1/admin`).
  if (new URL(entry.path, 'http://gateway').pathname.startsWith('/v1/messages')) {
    const error = (body as { type?: unknown; error?: { type?: unknown; message?: unknown } }).error;
    if ((body as { type?: unknown }).type !== 'error' || typeof error?.message !== 'string' || !ANTHROPIC_TYPES.has(String(error.type))) return `not Anthropic's error shape: ${text.slice(0, 120)}`;
    return undefined;
  }
  const error = (body as { error?: { message?: unknown; type?: unknown; code?: unknown } }).error;
  if (typeof error?.message !== 'string' || typeof error.type !== 'string') return `not OpenAI's error shape: ${text.slice(0, 120)}`;
  const code = error.code as ErrorCode;
  if (!Object.hasOwn(ERROR_CODES, code)) return `code ${String(error.code)} is not in the catalogue`;
  if (ERROR_CODES[code].status !== status) return `code ${code} with status ${status} (catalogue: ${ERROR_CODES[code].status})`;
  return undefined;
}

let upstream: FakeUpstream;
let test: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  test = await startTestGateway(`
server: { body_limit_bytes: ${BODY_LIMIT} }
store: { kind: memory }
providers:
  openai: { type: openai-compatible, base_url: "${upstream.url}/v1" }
  anthropic: { type: anthropic, base_url: "${upstream.url}", api_key: fuzz-upstream-key }
models:
  healthy: { provider: openai, model: healthy }
  healthy-anthropic: { provider: anthropic, model: healthy-anthropic }
`);
});
afterAll(async () => {
  await test.close();
  await upstream.close();
});

describe(`fuzz: ${CASES} malformed inputs, seed ${SEED.toString(16)}`, () => {
  it('every answer is a well-formed 4xx error in the client API’s shape; nothing reaches an upstream; the gateway still serves', async () => {
    const random = createRandom(SEED);
    const cases = Array.from({ length: CASES }, (_, index) => generateCase(index, random));
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const entry = cases[next++]!;
        try {
          const response = await fetch(`${test.url}${entry.path}`, {
            method: entry.method,
            headers: entry.headers,
            ...(entry.method === 'GET' ? {} : { body: entry.body }),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const problem = problemOf(entry, response.status, text);
          if (problem !== undefined) problems.push(`${entry.recipe} → ${problem}`);
        } catch (error) {
          problems.push(`${entry.recipe} → no answer: ${(error as Error).name} ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(problems.slice(0, 20)).toEqual([]);
    // Bad input never reaches an upstream, so no circuit can have moved.
    expect(upstream.requests.length).toBe(0);
    for (const entry of test.gateway.services.health.snapshot()) expect(entry).toMatchObject({ state: 'closed', failures: 0 });
    expect([...statuses.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
    // The gateway is still healthy and serving.
    expect((await fetch(`${test.url}/healthz`)).status).toBe(200);
    const served = await test.openai.chat.completions.create({ model: 'healthy', messages: [{ role: 'user', content: 'still there?' }] });
    expect(served.choices[0]?.message.content).toContain('still there?');
  });
});
