import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

type OtlpValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean; arrayValue?: { values: OtlpValue[] } };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: OtlpValue }>;
  status?: { code?: number; message?: string };
  events?: Array<{ name: string; attributes: Array<{ key: string; value: OtlpValue }> }>;
};
type Span = { traceId: string; spanId: string; parentSpanId: string | undefined; name: string; kind: number; attributes: Record<string, unknown>; error: boolean; events: Array<Record<string, unknown>> };

const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;

function valueOf(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return value.arrayValue.values.map(valueOf);
  return undefined;
}
const attributesOf = (list: Array<{ key: string; value: OtlpValue }> = []) => Object.fromEntries(list.map((entry) => [entry.key, valueOf(entry.value)]));

/** A local OTLP/HTTP receiver: decodes every JSON export that arrives on /v1/traces. */
async function startCollector(): Promise<{ url: string; spans: Span[]; headers: IncomingHttpHeaders[]; resources: Array<Record<string, unknown>>; close(): Promise<void> }> {
  const spans: Span[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const resources: Array<Record<string, unknown>> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      headers.push(request.headers);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: OtlpValue }> }; scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
      for (const resourceSpan of body.resourceSpans) {
        resources.push(attributesOf(resourceSpan.resource.attributes));
        for (const scope of resourceSpan.scopeSpans) {
          for (const span of scope.spans) {
            spans.push({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId === '' ? undefined : span.parentSpanId,
              name: span.name,
              kind: span.kind,
              attributes: attributesOf(span.attributes),
              error: span.status?.code === 2,
              events: (span.events ?? []).map((event) => ({ name: event.name, ...attributesOf(event.attributes) })),
            });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
    spans,
    headers,
    resources,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

describe('OpenTelemetry traces over OTLP/HTTP', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let upstream: FakeUpstream;
  let test: TestGateway;
  let sparse: TestGateway;

  beforeAll(async () => {
    collector = await startCollector();
    upstream = await startFakeUpstream();
    const config = (ratio: number) => `
store: { kind: memory }
defaults: { retries: 0 }
telemetry: { otlp_endpoint: "${collector.url}", service_name: sy-test, sample_ratio: ${ratio}, export_interval_ms: 50, headers: { authorization: "Bearer collector-secret-0123456789" } }
providers:
  oa: { type: openai-compatible, base_url: "${upstream.url}/v1" }
models:
  bad: { provider: oa, model: bad-model }
  good: { provider: oa, model: good-model }
  embedder: { provider: oa, model: embed-model, kind: embedding }
routers:
  chain: { strategy: failover, targets: [bad, good] }
guardrails:
  checks:
    watch: { detector: { type: keywords, words: [merger] }, action: warn }
  global: [watch]
`;
    test = await startTestGateway(config(1));
    sparse = await startTestGateway(config(0));
  });
  afterEach(() => {
    upstream.reset();
    collector.spans.length = 0;
  });
  afterAll(async () => {
    await test.close();
    await sparse.close();
    await upstream.close();
    await collector.close();
  });

  const traceOf = async (traceId: string, count: number) => {
    await expect.poll(() => collector.spans.filter((span) => span.traceId === traceId).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(count);
    return collector.spans.filter((span) => span.traceId === traceId);
  };

  it("one trace per request under the client's traceparent: the request span (GenAI attributes), a span per router, the guardrails, and each attempt, whose context the upstream received", async () => {
    upstream.setBehaviorFor('bad-model', { kind: 'status', status: 500 });
    const { response } = await test.openai.chat.completions
      .create({ model: 'chain', messages: [{ role: 'user', content: 'about the merger' }] }, { headers: { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` } })
      .withResponse();
    expect(response.status).toBe(200);
    const spans = await traceOf(CLIENT_TRACE, 5);
    const root = spans.find((span) => span.kind === SERVER)!;
    expect(root).toMatchObject({ name: 'chat chain', parentSpanId: CLIENT_SPAN, error: false });
    expect(root.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'chain',
      'gen_ai.response.model': 'good-model',
      'gen_ai.provider.name': 'openai',
      'switchyard.deployment': 'good',
      'switchyard.request_id': response.headers.get('x-switchyard-request-id'),
      'http.response.status_code': 200,
    });
    expect(root.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(root.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);

    const route = spans.find((span) => span.name === 'route chain')!;
    expect(route).toMatchObject({ kind: INTERNAL, parentSpanId: root.spanId });
    expect(route.attributes).toMatchObject({ 'switchyard.router': 'chain', 'switchyard.strategy': 'failover', 'switchyard.targets': ['bad', 'good'] });
    const guardrails = spans.find((span) => span.name === 'guardrails')!;
    expect(guardrails).toMatchObject({ kind: INTERNAL, parentSpanId: root.spanId });
    expect(guardrails.events).toEqual([expect.objectContaining({ name: 'guardrail', 'switchyard.guardrail': 'watch', 'switchyard.guardrail.action': 'warn', 'switchyard.guardrail.matches': 1 })]);
    expect(JSON.stringify(guardrails)).not.toContain('merger');

    const attempts = spans.filter((span) => span.kind === CLIENT);
    expect(attempts.map((span) => [span.name, span.parentSpanId, span.error, span.attributes['switchyard.outcome']])).toEqual([
      ['chat bad-model', root.spanId, true, 'failed'],
      ['chat good-model', root.spanId, false, 'success'],
    ]);
    expect(attempts[0]!.attributes).toMatchObject({ 'http.response.status_code': 500, 'error.type': '500', 'gen_ai.request.model': 'bad-model' });
    // Each upstream call carried its own attempt span as the parent.
    expect(upstream.requests.map((request) => request.headers.traceparent)).toEqual(attempts.map((span) => `00-${CLIENT_TRACE}-${span.spanId}-01`));

    expect(collector.resources[0]).toMatchObject({ 'service.name': 'sy-test' });
    expect(collector.headers[0]?.authorization).toBe('Bearer collector-secret-0123456789');
  });

  it('a request that fails is a trace with an error status and the error code; a streamed one ends its span at the last byte', async () => {
    upstream.setBehavior({ kind: 'status', status: 503 });
    await test.openai.chat.completions.create({ model: 'good', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    await expect.poll(() => collector.spans.filter((span) => span.kind === SERVER).length, { timeout: 5_000 }).toBe(1);
    const failed = collector.spans.find((span) => span.kind === SERVER)!;
    expect(failed.error).toBe(true);
    expect(failed.attributes['error.type']).toBe('upstream_error');

    upstream.reset();
    collector.spans.length = 0;
    const stream = await test.openai.chat.completions.create({ model: 'good', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hello' }] });
    for await (const chunk of stream) void chunk;
    await expect.poll(() => collector.spans.filter((span) => span.kind === SERVER).length, { timeout: 5_000 }).toBe(1);
    expect(collector.spans.find((span) => span.kind === SERVER)?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
  });

  it('an embeddings request is an embeddings trace: the request span, its input guardrails and its attempt, whose context the upstream received', async () => {
    const trace = 'ccccddddeeeeffff0000111122223333';
    await test.openai.embeddings.create({ model: 'embedder', input: 'vectors please, about the merger' }, { headers: { traceparent: `00-${trace}-${CLIENT_SPAN}-01` } });
    const spans = await traceOf(trace, 3);
    const root = spans.find((span) => span.kind === SERVER)!;
    expect(root).toMatchObject({ name: 'embeddings embedder', error: false });
    expect(root.attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'switchyard.client_format': 'openai-embeddings', 'url.path': '/v1/embeddings', 'switchyard.deployment': 'embedder' });
    expect(root.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    // The same input guardrails span as chat's (governed-call.ts runs both).
    const guardrails = spans.find((span) => span.name === 'guardrails')!;
    expect(guardrails).toMatchObject({ kind: INTERNAL, parentSpanId: root.spanId });
    expect(guardrails.events).toEqual([expect.objectContaining({ name: 'guardrail', 'switchyard.guardrail': 'watch', 'switchyard.guardrail.action': 'warn', 'switchyard.guardrail.matches': 1 })]);
    const attempt = spans.find((span) => span.kind === CLIENT)!;
    expect(attempt).toMatchObject({ name: 'embeddings embed-model', parentSpanId: root.spanId });
    expect(upstream.requests[0]?.path).toBe('/v1/embeddings');
    expect(upstream.requests[0]?.headers.traceparent).toBe(`00-${trace}-${attempt.spanId}-01`);
  });

  it('sample_ratio 0 records nothing of its own, yet keeps a trace the client sampled', async () => {
    await sparse.openai.chat.completions.create({ model: 'good', messages: [{ role: 'user', content: 'x' }] });
    const sampled = 'aaaabbbbccccddddeeeeffff00001111';
    await sparse.openai.chat.completions.create({ model: 'good', messages: [{ role: 'user', content: 'x' }] }, { headers: { traceparent: `00-${sampled}-${CLIENT_SPAN}-01` } });
    const spans = await traceOf(sampled, 2);
    expect(spans.length).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(collector.spans.every((span) => span.traceId === sampled)).toBe(true);
    expect(upstream.requests[0]!.headers.traceparent).toBeUndefined();
  });
});
