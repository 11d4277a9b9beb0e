/**
 * Issue 18 item 5: configured secrets are redacted by their value, everywhere text leaves the
 * gateway. The provider keys here look like no key (`token-abc123`, vLLM style), so the shape-based
 * scrub cannot catch them; upstreams that echo them (and the other configured secrets) in error
 * bodies, before and after a stream's first content, must leave no trace in the client's error
 * bodies (three formats, streamed or not), the log, `/admin/health`, `/admin/decisions` (the audit
 * log), `/metrics`, the warnings header or the circuit alert webhook. Real gateway and upstreams on
 * 127.0.0.1.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const PROVIDER_KEY = 'token-abc123';
/** Comes from the environment, through `${ECHO_ANTHROPIC_KEY}`. */
const ENVIRONMENT_KEY = 'local-anthropic-777';
const ADMIN_TOKEN = 'admin-pass-4242';
const GATEWAY_KEY = 'gateway-app-key-9';
const WEBHOOK_SECRET = 'webhook-hmac-secret-31415';
/** Set in the environment only, referenced by nothing in the config: still a secret. */
const UNUSED_ENVIRONMENT_SECRET = 'spare-token-27182';
/** A virtual key's shape (the gateway keeps only digests of real ones). */
const VIRTUAL_KEY = 'sy-0123456789abcdef-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd';
const SECRETS = [PROVIDER_KEY, ENVIRONMENT_KEY, ADMIN_TOKEN, GATEWAY_KEY, WEBHOOK_SECRET, UNUSED_ENVIRONMENT_SECRET, VIRTUAL_KEY];
const ECHO = `Incorrect API key provided: ${PROVIDER_KEY}; also ${ENVIRONMENT_KEY}, ${ADMIN_TOKEN}, ${GATEWAY_KEY}, ${WEBHOOK_SECRET}, ${UNUSED_ENVIRONMENT_SECRET} and ${VIRTUAL_KEY}`;

type Format = 'openai-chat' | 'anthropic-messages' | 'openai-responses';
const formats: Format[] = ['openai-chat', 'anthropic-messages', 'openai-responses'];

function bodyFor(format: Format, model: string, stream: boolean, extra: Record<string, unknown> = {}): { path: string; body: Record<string, unknown> } {
  if (format === 'openai-chat') return { path: '/v1/chat/completions', body: { model, stream, messages: [{ role: 'user', content: 'hi' }], ...extra } };
  if (format === 'anthropic-messages') return { path: '/v1/messages', body: { model, stream, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }], ...extra } };
  return { path: '/v1/responses', body: { model, stream, input: 'hi', ...extra } };
}

/**
 * An OpenAI-compatible upstream whose streams send content, then an error event echoing the
 * secrets (after the commit point: the gateway cannot fail over, it relays an error event).
 */
async function startEchoingStreamUpstream(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: Record<string, unknown>) => ({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] });
      response.write(`data: ${JSON.stringify(chunk({ role: 'assistant', content: '' }))}\n\n`);
      response.write(`data: ${JSON.stringify(chunk({ content: 'partial answer' }))}\n\n`);
      response.end(`data: ${JSON.stringify({ error: { message: ECHO, type: 'server_error' } })}\n\n`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

/** Receives the circuit alert webhook. */
async function startReceiver(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (piece: Buffer) => (body += piece.toString()));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, bodies, server };
}

let upstream: FakeUpstream;
let streamUpstream: { url: string; server: Server };
let receiver: { url: string; bodies: string[]; server: Server };
let test: TestGateway;
const logLines: string[] = [];
/** Everything the gateway wrote that a client, operator or scraper can read. */
const outputs: Array<{ where: string; text: string }> = [];

const leaked = (text: string) => SECRETS.filter((secret) => text.includes(secret));

const send = async (format: Format, model: string, stream: boolean, extra: Record<string, unknown> = {}) => {
  const { path, body } = bodyFor(format, model, stream, extra);
  const response = await fetch(`${test.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${GATEWAY_KEY}`, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  outputs.push({ where: `${format} ${model} ${stream ? 'stream' : 'no stream'}`, text: `${headers}\n\n${text}` });
  return { status: response.status, text, headers: response.headers };
};

beforeAll(async () => {
  upstream = await startFakeUpstream();
  streamUpstream = await startEchoingStreamUpstream();
  receiver = await startReceiver();
  // Every model of the fake upstream answers with an error that echoes the secrets.
  upstream.setBehaviorFor('echo-500', { kind: 'status', status: 500, message: ECHO });
  upstream.setBehaviorFor('echo-400', { kind: 'status', status: 400, message: ECHO });
  upstream.setBehaviorFor('echo-401', { kind: 'status', status: 401, message: ECHO });
  // An answer is the client's own data, not the gateway's words: this one does not echo the prompt.
  upstream.setBehaviorFor('fine', { kind: 'ok', text: 'fine' });
  test = await startTestGateway(
    `
server:
  admin_token: ${ADMIN_TOKEN}
  api_keys: [{ key: ${GATEWAY_KEY}, name: app }]
store: { kind: memory }
audit: { store_prompts: true }
# Six failing chains leave the circuits closed; the seventh opens both (and sends the alerts).
circuit_breaker: { failure_threshold: 7, recovery_ms: 60000 }
alerts: { webhook: { url: "${receiver.url}", secret: ${WEBHOOK_SECRET}, retries: 0 } }
providers:
  vllm: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: ${PROVIDER_KEY} }
  claude: { type: anthropic, base_url: "${upstream.url}", api_key: "\${ECHO_ANTHROPIC_KEY}" }
  streamer: { type: openai-compatible, base_url: "${streamUpstream.url}/v1", api_key: ${PROVIDER_KEY} }
models:
  vllm-500: { provider: vllm, model: echo-500 }
  vllm-400: { provider: vllm, model: echo-400 }
  claude-401: { provider: claude, model: echo-401 }
  claude-ok: { provider: claude, model: fine }
  cut-after-content: { provider: streamer, model: m }
routers:
  failing: { strategy: failover, targets: [vllm-500, claude-401] }
`,
    {
      environment: { ECHO_ANTHROPIC_KEY: ENVIRONMENT_KEY, SPARE_TOKEN: UNUSED_ENVIRONMENT_SECRET },
      logger: { level: 'info', stream: { write: (line: string) => void logLines.push(line) } },
    },
  );
});
afterAll(async () => {
  await test.close();
  await upstream.close();
  streamUpstream.server.close();
  receiver.server.close();
});

describe('secrets are redacted by value', () => {
  it.each(formats.flatMap((format) => [false, true].map((stream) => ({ format, stream }))))(
    'every attempt failed, echoing the secrets: $format, stream $stream → the error body names the attempts without them',
    async ({ format, stream }) => {
      const answer = await send(format, 'failing', stream);
      expect(answer.status).toBe(502);
      expect(answer.text).toContain('[redacted]');
      expect(answer.text).toContain('vllm-500');
      expect(leaked(answer.text)).toEqual([]);
    },
  );

  it.each(formats)('a refusal that is the request’s fault shows the upstream’s own words without the secrets: %s', async (format) => {
    const answer = await send(format, 'vllm-400', false);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('Incorrect API key provided: [redacted]');
    expect(leaked(answer.text)).toEqual([]);
  });

  it.each(formats)('an error event after the first content reaches the client without the secrets: %s', async (format) => {
    const answer = await send(format, 'cut-after-content', true);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('partial answer');
    expect(answer.text).toContain('[redacted]');
    expect(leaked(answer.text)).toEqual([]);
  });

  it('a secret the client puts in its request is not echoed in the error body, the metrics or the warnings header', async () => {
    const missing = await send('openai-chat', ADMIN_TOKEN, false);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('[redacted]');
    // reasoning_effort has no Anthropic equivalent: the warning quotes the value.
    const warned = await send('openai-chat', 'claude-ok', false, { reasoning_effort: WEBHOOK_SECRET, messages: [{ role: 'user', content: `my key is ${GATEWAY_KEY}` }] });
    expect(warned.status).toBe(200);
    expect(warned.headers.get('x-switchyard-warnings')).toContain("reasoning_effort '[redacted]'");
  });

  it('nothing the gateway shows operators holds a secret: health, decisions (audit), metrics, the circuit alert, the log', async () => {
    const opening = await send('openai-chat', 'failing', false);
    expect(opening.status).toBe(502);
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const health = await (await fetch(`${test.url}/admin/health`, { headers: admin })).text();
    // The failing chain opened both circuits; their last errors are the upstreams' words, redacted.
    expect(health).toContain('Incorrect API key provided: [redacted]');
    outputs.push({ where: '/admin/health', text: health });
    const decisions = await (await fetch(`${test.url}/admin/decisions?limit=200`, { headers: admin })).text();
    expect(decisions).toContain('[redacted]');
    expect(decisions).toContain('my key is [redacted]');
    outputs.push({ where: '/admin/decisions', text: decisions });
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    outputs.push({ where: '/metrics', text: metrics });
    await expect.poll(() => receiver.bodies.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(receiver.bodies.join('\n')).toContain('[redacted]');
    outputs.push({ where: 'alert webhook', text: receiver.bodies.join('\n') });
    // Anything logged, by anyone, leaves through the redacting hook.
    test.gateway.app.log.warn({ detail: `a careless line with ${PROVIDER_KEY} in it` }, `and ${ENVIRONMENT_KEY} in its message`);
    const log = logLines.join('');
    expect(log).toContain('a careless line with [redacted] in it');
    expect(log).toContain('stream failed after the first byte');
    outputs.push({ where: 'log', text: log });

    const leaks = outputs.flatMap(({ where, text }) => leaked(text).map((secret) => `${secret} in ${where}`));
    expect(leaks).toEqual([]);
    // 6 + 3 + 3 + 2 + 1 calls, the three admin reads, the webhook and the log.
    expect(outputs.length).toBe(15 + 5);
  });
});
