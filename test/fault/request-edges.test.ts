/**
 * Issue 18 items 6–7: every error the gateway writes is in the client API's shape with a catalogue
 * code and its right status — malformed URLs, unknown paths and wrong methods (Anthropic's shape
 * under /v1/messages), wrong content types, oversized bodies (413, read to the end so the client
 * sees the answer instead of EPIPE) — and compressed request bodies are decoded (gzip, deflate, br)
 * with the body limit applied to the decoded size. Real gateway on 127.0.0.1, raw HTTP.
 */
import { request as httpRequest } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../router/errors/error-codes.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const BODY_LIMIT = 64 * 1024;
let test: TestGateway;

beforeAll(async () => {
  test = await startTestGateway(`
server: { body_limit_bytes: ${BODY_LIMIT} }
providers:
  mock: { type: mock }
models:
  m: { provider: mock, model: m }
`);
});
afterAll(() => test.close());

type Shape = 'openai' | 'anthropic';

/** The body is the client API's error shape with a catalogue code, and holds no stack trace. */
function expectErrorShape(text: string, shape: Shape, status: number, code: keyof typeof ERROR_CODES): void {
  const body = JSON.parse(text) as Record<string, unknown>;
  if (shape === 'anthropic') {
    expect(body).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
    expect(Object.keys(body).sort()).toEqual(['error', 'type']);
  } else {
    expect(body).toMatchObject({ error: { message: expect.any(String), type: expect.any(String), code } });
  }
  expect(ERROR_CODES[code].status).toBe(status);
  expect(text).not.toMatch(/\n\s+at |FST_ERR|statusCode/);
}

const chatBody = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
const messagesBody = JSON.stringify({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });

describe('errors before routing are in the client API’s shape', () => {
  const cases: Array<{ name: string; method: string; path: string; headers?: Record<string, string>; body?: string; shape: Shape; status: number; code: keyof typeof ERROR_CODES }> = [
    { name: 'malformed percent-encoding (OpenAI path)', method: 'POST', path: '/v1/chat/completions/%E0%A4%A', headers: { 'content-type': 'application/json' }, body: chatBody, shape: 'openai', status: 400, code: 'invalid_request' },
    { name: 'malformed percent-encoding under /v1/messages', method: 'POST', path: '/v1/messages/%zz', headers: { 'content-type': 'application/json' }, body: messagesBody, shape: 'anthropic', status: 400, code: 'invalid_request' },
    { name: 'wrong method on /v1/messages', method: 'GET', path: '/v1/messages', shape: 'anthropic', status: 404, code: 'not_found' },
    { name: 'unknown path under /v1/messages', method: 'POST', path: '/v1/messages/batches/nope', headers: { 'content-type': 'application/json' }, body: messagesBody, shape: 'anthropic', status: 404, code: 'not_found' },
    { name: 'unknown path', method: 'GET', path: '/v1/nothing-here', shape: 'openai', status: 404, code: 'not_found' },
    { name: 'wrong method on /v1/chat/completions', method: 'PUT', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: chatBody, shape: 'openai', status: 404, code: 'not_found' },
    { name: 'XML body to /v1/messages', method: 'POST', path: '/v1/messages', headers: { 'content-type': 'application/xml' }, body: '<a/>', shape: 'anthropic', status: 415, code: 'unsupported_media_type' },
    { name: 'form body to /v1/chat/completions', method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b', shape: 'openai', status: 415, code: 'unsupported_media_type' },
    { name: 'text/plain body that is not a request', method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'text/plain' }, body: 'hello', shape: 'openai', status: 400, code: 'invalid_request' },
    { name: 'text/plain body holding a request', method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'text/plain' }, body: chatBody, shape: 'openai', status: 400, code: 'invalid_request' },
    { name: 'no content type', method: 'POST', path: '/v1/responses', body: '{"model":"m","input":"hi"}', shape: 'openai', status: 415, code: 'unsupported_media_type' },
    { name: 'unknown content-encoding', method: 'POST', path: '/v1/messages', headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' }, body: messagesBody, shape: 'anthropic', status: 415, code: 'unsupported_media_type' },
    { name: 'body that is not gzip', method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: chatBody, shape: 'openai', status: 400, code: 'invalid_request' },
  ];
  it.each(cases)('$name → $status $code', async (entry) => {
    const answer = await rawCall(entry.method, entry.path, entry.headers ?? {}, entry.body === undefined ? undefined : Buffer.from(entry.body));
    expect(answer.error).toBeUndefined();
    expect(answer.status).toBe(entry.status);
    expectErrorShape(answer.text, entry.shape, entry.status, entry.code);
    if (entry.code === 'unsupported_media_type' && entry.headers?.['content-encoding'] !== undefined) expect(answer.text).toContain(entry.headers['content-encoding']);
  });
});

describe('compressed request bodies', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('a %s body is decoded and served', async (encoding, compress) => {
    const answer = await rawCall('POST', '/v1/chat/completions', { 'content-type': 'application/json', 'content-encoding': encoding }, compress(chatBody));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: expect.stringContaining('hi') } }] });
  });

  it('a small gzip body that inflates past the body limit is 413 (the limit is on the decoded size)', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * BODY_LIMIT, 32));
    expect(bomb.length).toBeLessThan(BODY_LIMIT);
    const answer = await rawCall('POST', '/v1/messages', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb);
    expect(answer.status).toBe(413);
    expectErrorShape(answer.text, 'anthropic', 413, 'payload_too_large');
  });
});

describe('oversized bodies', () => {
  // 80 uploads of 1–6 MiB (more than the socket buffers hold), written in pieces as a real client
  // does, half with a content-length (refused before reading), half chunked (refused part way).
  const uploads = Array.from({ length: 80 }, (_, index) => ({ index, bytes: 1024 * 1024 + index * 64 * 1024, chunked: index % 2 === 1 }));

  it('every one gets its 413 in the client’s shape, none a reset or EPIPE, and the gateway still serves', async () => {
    const answers = await Promise.all(
      uploads.map(({ index, bytes, chunked }) => {
        const path = index % 3 === 0 ? '/v1/messages' : '/v1/chat/completions';
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (chunked) headers['transfer-encoding'] = 'chunked';
        return rawCall('POST', path, headers, Buffer.alloc(bytes, 32), { pieces: 16 }).then((answer) => ({ ...answer, path }));
      }),
    );
    const failures = answers.filter((answer) => answer.error !== undefined || answer.status !== 413).map((answer) => `${answer.path}: ${answer.status} ${answer.error ?? ''}`);
    expect(failures).toEqual([]);
    for (const answer of answers) expectErrorShape(answer.text, answer.path === '/v1/messages' ? 'anthropic' : 'openai', 413, 'payload_too_large');
    const after = await rawCall('POST', '/v1/chat/completions', { 'content-type': 'application/json' }, Buffer.from(chatBody));
    expect(after.status).toBe(200);
  });
});

/**
 * One request over a fresh connection; the body written in `pieces` writes, each after the previous
 * was flushed. Resolves with the status and body the client read, or the socket error it met.
 */
function rawCall(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  options: { pieces?: number } = {},
): Promise<{ status: number; text: string; error: string | undefined }> {
  const url = new URL(test.url);
  return new Promise((resolve) => {
    const allHeaders = { ...headers };
    if (body !== undefined && allHeaders['transfer-encoding'] === undefined && allHeaders['content-length'] === undefined) allHeaders['content-length'] = String(body.length);
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method, path, headers: allHeaders, agent: false });
    let status = 0;
    let text = '';
    let error: string | undefined;
    let ended = false;
    // Settled once the answer was read and the request is over: an EPIPE or reset while the body
    // was still being written counts, even after the answer arrived.
    const finish = () => {
      if (ended && outgoing.closed) resolve({ status, text, error });
    };
    outgoing.on('response', (response) => {
      status = response.statusCode ?? 0;
      response.setEncoding('utf8');
      response.on('data', (piece: string) => (text += piece));
      response.on('end', () => {
        ended = true;
        finish();
      });
      response.on('error', (failure) => (error ??= failure.message));
    });
    outgoing.on('error', (failure: NodeJS.ErrnoException) => {
      error ??= failure.code ?? failure.message;
      ended = true;
    });
    outgoing.on('close', finish);
    if (body === undefined) {
      outgoing.end();
      return;
    }
    const pieces = options.pieces ?? 1;
    const size = Math.ceil(body.length / pieces);
    let offset = 0;
    const writeNext = () => {
      if (offset >= body.length || outgoing.destroyed) {
        outgoing.end();
        return;
      }
      const piece = body.subarray(offset, offset + size);
      offset += size;
      if (outgoing.write(piece)) setImmediate(writeNext);
      else outgoing.once('drain', writeNext);
    };
    writeNext();
  });
}
