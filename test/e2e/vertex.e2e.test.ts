import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { loadFidelityCorpus, replayHeaders } from '../conformance/load-fidelity-corpus.ts';

const AUDIENCE = '//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/gateways/providers/k8s';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/**
 * Google's Security Token Service as workload identity federation meets it: the workload's own
 * token (read from its credential file) is exchanged for an access token that lives `lifetimeS`
 * seconds; a wrong subject token or scope is refused.
 */
function startTokenEndpoint(subjectToken: string, lifetimeS: number) {
  const issued: Array<{ token: string; expiresAt: number }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const valid =
        form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:token-exchange' &&
        form.get('subject_token') === subjectToken &&
        form.get('scope') === 'https://www.googleapis.com/auth/cloud-platform' &&
        form.get('audience') === AUDIENCE;
      if (!valid) {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant","error_description":"bad subject token"}');
        return;
      }
      const token = `ya29.fake-${issued.length + 1}`;
      issued.push({ token, expiresAt: Date.now() + lifetimeS * 1000 });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: lifetimeS }));
    });
  });
  return { server, issued };
}

/**
 * Vertex AI's front door: checks the bearer token (issued and not expired), the project/location
 * path and, for Anthropic models, the rawPredict body (no `model`, `anthropic_version`), then hands
 * the call to the fake upstream's own Gemini or Messages wire.
 */
function startVertexFront(upstream: FakeUpstream, tokens: Array<{ token: string; expiresAt: number }>) {
  const seen: Array<{ path: string; authorization: string | undefined; beta: string | undefined; body: Record<string, unknown> }> = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      const beta = request.headers['anthropic-beta'];
      seen.push({ path: request.url ?? '', authorization: request.headers.authorization, beta: Array.isArray(beta) ? beta.join(',') : beta, body });
      const token = request.headers.authorization?.replace(/^Bearer /, '');
      const known = tokens.find((entry) => entry.token === token);
      if (known === undefined || known.expiresAt < Date.now()) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}');
        return;
      }
      const match = /^\/v1\/projects\/acme-prod\/locations\/europe-west4\/publishers\/(google|anthropic)\/models\/([^:]+):(\w+)(\?alt=sse)?$/.exec(request.url ?? '');
      if (match === null) {
        response.writeHead(404).end('{"error":{"code":404,"message":"not found","status":"NOT_FOUND"}}');
        return;
      }
      const [, publisher, model, method] = match;
      if (method === 'predict') {
        // Text embeddings: one prediction per instance, token counts in its statistics.
        const instances = body.instances as Array<{ content: string }>;
        const size = (body.parameters as { outputDimensionality?: number } | undefined)?.outputDimensionality ?? 4;
        const predictions = instances.map(({ content }) => ({ embeddings: { values: Array.from({ length: size }, (_, index) => (content.length + index) / 10), statistics: { token_count: content.length, truncated: false } } }));
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ predictions }));
        return;
      }
      let path: string;
      let forwarded: Record<string, unknown> = body;
      if (publisher === 'anthropic') {
        if (body.model !== undefined || body.anthropic_version !== 'vertex-2023-10-16') {
          response.writeHead(400).end('{"type":"error","error":{"type":"invalid_request_error","message":"bad rawPredict body"}}');
          return;
        }
        path = '/v1/messages';
        const { anthropic_version: _version, ...rest } = body;
        forwarded = { ...rest, model };
      } else path = `/v1beta/models/${model}:${method}${method === 'streamGenerateContent' ? '?alt=sse' : ''}`;
      const out = JSON.stringify(forwarded);
      const proxied = httpRequest(`${upstream.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) } }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      proxied.end(out);
    });
  });
  return { server, seen };
}

describe('Vertex AI: Gemini and Claude with a workload-identity token refreshed before it expires', () => {
  let upstream: FakeUpstream;
  let tokenEndpoint: ReturnType<typeof startTokenEndpoint>;
  let front: ReturnType<typeof startVertexFront>;
  let test: TestGateway;
  const subjectToken = `workload-${randomUUID()}`;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    // 61 s tokens and a refresh a minute before expiry: each is good for one second, then replaced.
    tokenEndpoint = startTokenEndpoint(subjectToken, 61);
    const tokenUrl = `${await listen(tokenEndpoint.server)}/v1/token`;
    const directory = await mkdtemp(join(tmpdir(), 'switchyard-vertex-'));
    const subjectFile = join(directory, 'subject-token');
    await writeFile(subjectFile, subjectToken);
    front = startVertexFront(upstream, tokenEndpoint.issued);
    const frontUrl = await listen(front.server);
    // Workload identity federation: the pod's token in a file, exchanged at the STS token_url.
    const account = JSON.stringify({ type: 'external_account', audience: AUDIENCE, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', token_url: tokenUrl, credential_source: { file: subjectFile } });
    test = await startTestGateway(
      `
store: { kind: memory }
defaults: { retries: 0 }
providers:
  vertex-gemini: { type: vertex, project: acme-prod, location: europe-west4, base_url: "${frontUrl}", credentials_json: "\${VERTEX_SA}" }
  vertex-claude: { type: vertex-anthropic, project: acme-prod, location: europe-west4, base_url: "${frontUrl}", credentials_json: "\${VERTEX_SA}" }
models:
  gemini: { provider: vertex-gemini, model: gemini-2.5-pro }
  claude: { provider: vertex-claude, model: claude-sonnet-4-5 }
  vertex-embed: { provider: vertex-gemini, model: text-embedding-005, kind: embedding, price: { input: 0.025, output: 0 } }
`,
      { environment: { VERTEX_SA: account } },
    );
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
    tokenEndpoint.server.close();
    front.server.close();
  });

  it("Gemini on Vertex: the project and location path, the service account's bearer token, the answer", async () => {
    const completion = await test.openai.chat.completions.create({ model: 'gemini', messages: [{ role: 'user', content: 'hello vertex' }] });
    expect(completion.choices[0]!.message.content).toBe('echo: hello vertex');
    const last = front.seen.at(-1)!;
    expect(last.path).toBe('/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.5-pro:generateContent');
    expect(last.authorization).toMatch(/^Bearer ya29\.fake-\d+$/);
    const stream = await test.openai.chat.completions.create({ model: 'gemini', stream: true, messages: [{ role: 'user', content: 'stream it' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: stream it');
    expect(front.seen.at(-1)!.path).toMatch(/:streamGenerateContent\?alt=sse$/);
  });

  it('Claude on Vertex: rawPredict with anthropic_version and no model, an Anthropic client carried through, streamed too', async () => {
    const anthropic = new Anthropic({ baseURL: test.url, apiKey: 'x', maxRetries: 0 });
    const message = await anthropic.messages.create({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: 'hi claude' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'echo: hi claude' });
    const sent = front.seen.at(-1)!;
    expect(sent.path).toBe('/v1/projects/acme-prod/locations/europe-west4/publishers/anthropic/models/claude-sonnet-4-5:rawPredict');
    expect(sent.body).toEqual({ anthropic_version: 'vertex-2023-10-16', max_tokens: 50, messages: [{ role: 'user', content: 'hi claude' }] });
    const final = await anthropic.messages.stream({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: 'stream claude' }] }).finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'echo: stream claude' });
    expect(front.seen.at(-1)!.path).toMatch(/:streamRawPredict$/);
  });

  it.each(loadFidelityCorpus('anthropic-messages').map((fixture) => [fixture.name, fixture] as const))(
    'fidelity: %s reaches Claude on Vertex as sent, but for model (in the URL) and anthropic_version, with its anthropic-beta',
    async (_name, fixture) => {
      const headers = replayHeaders(fixture);
      const response = await fetch(`${test.url}/v1/messages`, { method: 'POST', headers: { ...headers, 'x-api-key': 'client-key' }, body: JSON.stringify({ ...fixture.body, model: 'claude' }) });
      expect(response.status, await response.text()).toBe(200);
      const sent = front.seen.at(-1)!;
      expect(sent.path).toBe(`/v1/projects/acme-prod/locations/europe-west4/publishers/anthropic/models/claude-sonnet-4-5:${fixture.body.stream === true ? 'streamRawPredict' : 'rawPredict'}`);
      const { model: _model, ...rest } = fixture.body;
      expect(sent.body).toEqual({ ...rest, anthropic_version: 'vertex-2023-10-16' });
      expect(sent.beta).toBe(headers['anthropic-beta']);
    },
  );

  it('a token is reused while fresh and replaced before it expires: no call ever carries an expired one', async () => {
    await test.openai.chat.completions.create({ model: 'gemini', messages: [{ role: 'user', content: 'a' }] });
    await test.openai.chat.completions.create({ model: 'gemini', messages: [{ role: 'user', content: 'b' }] });
    const [first, second] = front.seen.slice(-2).map((entry) => entry.authorization);
    expect(second).toBe(first);
    const before = tokenEndpoint.issued.length;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const completion = await test.openai.chat.completions.create({ model: 'gemini', messages: [{ role: 'user', content: 'c' }] });
    expect(completion.choices[0]!.message.content).toBe('echo: c');
    expect(tokenEndpoint.issued.length).toBe(before + 1);
    expect(front.seen.at(-1)!.authorization).not.toBe(first);
    // The workload's token and the access tokens stay out of the audit log and the admin views.
    const views = await Promise.all(['/admin/decisions?limit=50', '/admin/config', '/admin/health'].map(async (path) => (await fetch(`${test.url}${path}`)).text()));
    for (const view of views) {
      expect(view).not.toContain(subjectToken);
      expect(view).not.toContain('ya29.fake');
    }
  });

  it('text embeddings on Vertex: predict with one instance per text and outputDimensionality, the token counts it reports billed', async () => {
    const result = await test.openai.embeddings.create({ model: 'vertex-embed', input: ['alpha', 'beta gamma'], dimensions: 3 });
    // The SDK asks for base64 (float32) and decodes it: compare at float32 precision.
    const expected = [
      [0.5, 0.6, 0.7],
      [1, 1.1, 1.2],
    ];
    expect(result.data.map((entry) => entry.embedding.length)).toEqual([3, 3]);
    result.data.forEach((entry, row) => entry.embedding.forEach((value, column) => expect(value).toBeCloseTo(expected[row]![column]!, 6)));
    expect(result.usage.prompt_tokens).toBe('alpha'.length + 'beta gamma'.length);
    const sent = front.seen.at(-1)!;
    expect(sent.path).toBe('/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/text-embedding-005:predict');
    expect(sent.body).toEqual({ instances: [{ content: 'alpha' }, { content: 'beta gamma' }], parameters: { outputDimensionality: 3 } });
    expect(sent.authorization).toMatch(/^Bearer ya29\.fake-\d+$/);
  });
});
