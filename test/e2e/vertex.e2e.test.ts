import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOAuthTokenEndpoint, type FakeOAuthTokenEndpoint } from '../fake-upstream/fake-oauth-token-endpoint.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startFakeVertexFront, type FakeVertexFront } from '../fake-upstream/fake-vertex-front.ts';
import { listenOnLoopback } from '../support/listen-on-loopback.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { loadFidelityCorpus, replayHeaders } from '../conformance/load-fidelity-corpus.ts';

const AUDIENCE = '//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/gateways/providers/k8s';

/**
 * Google's Security Token Service as workload identity federation meets it: the workload's own
 * token (read from its credential file) is exchanged for an access token that lives `lifetimeS`
 * seconds; a wrong subject token or scope is refused.
 */
function startTokenEndpoint(subjectToken: string, lifetimeS: number): FakeOAuthTokenEndpoint {
  return startFakeOAuthTokenEndpoint({
    lifetimeS,
    tokenPrefix: 'ya29.fake-',
    answerFields: { issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' },
    checkGrant: (form) =>
      form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:token-exchange' &&
      form.get('subject_token') === subjectToken &&
      form.get('scope') === 'https://www.googleapis.com/auth/cloud-platform' &&
      form.get('audience') === AUDIENCE
        ? undefined
        : 'bad subject token',
  });
}


describe('Vertex AI: Gemini and Claude with a workload-identity token refreshed before it expires', () => {
  let upstream: FakeUpstream;
  let tokenEndpoint: ReturnType<typeof startTokenEndpoint>;
  let front: FakeVertexFront;
  let test: TestGateway;
  const subjectToken = `workload-${randomUUID()}`;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    // 61 s tokens and a refresh a minute before expiry: each is good for one second, then replaced.
    tokenEndpoint = startTokenEndpoint(subjectToken, 61);
    const tokenUrl = `${await listenOnLoopback(tokenEndpoint.server)}/v1/token`;
    const directory = await mkdtemp(join(tmpdir(), 'switchyard-vertex-'));
    const subjectFile = join(directory, 'subject-token');
    await writeFile(subjectFile, subjectToken);
    front = startFakeVertexFront(upstream, tokenEndpoint.issued);
    const frontUrl = await listenOnLoopback(front.server);
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
