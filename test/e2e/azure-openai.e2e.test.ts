import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeEmbedding } from '../fake-upstream/fake-embeddings.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const AZURE_KEY = 'azure-key-0123456789abcdef';
const ENTRA_TOKEN = 'entra-access-token-0001';

/**
 * A local Entra ID token endpoint in the shape of App Service managed identity (`IDENTITY_ENDPOINT`
 * + `IDENTITY_HEADER`), which @azure/identity's DefaultAzureCredential calls when those are set:
 * the real credential chain, pointed at 127.0.0.1.
 */
async function startTokenEndpoint(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.headers['x-identity-header'] !== 'identity-header-secret') {
      response.writeHead(401).end();
      return;
    }
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ access_token: ENTRA_TOKEN, expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource: 'https://cognitiveservices.azure.com', token_type: 'Bearer' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`, requests };
}

function configFor(azure: FakeUpstream): string {
  return `
defaults: { retries: 0, timeout_ms: 5000 }
providers:
  classic:  { type: azure-openai, endpoint: "${azure.url}", api_version: 2024-10-21, api_key: ${AZURE_KEY} }
  v1:       { type: azure-openai, endpoint: "${azure.url}", api_key: ${AZURE_KEY} }
  wrongkey: { type: azure-openai, endpoint: "${azure.url}", api_version: 2024-10-21, api_key: not-the-key }
  entra:    { type: azure-openai, endpoint: "${azure.url}", api_version: 2024-10-21, entra_id: {} }
  dated-responses: { type: azure-openai, endpoint: "${azure.url}", api_version: 2025-04-01-preview, api_key: ${AZURE_KEY}, api: auto }
  entra-v1: { type: azure-openai, endpoint: "${azure.url}", entra_id: {} }
models:
  classic-gpt:   { provider: classic, model: my-gpt-deployment }
  classic-embed: { provider: classic, model: my-embedding-deployment, kind: embedding, price: { input: 0.02, output: 0 } }
  v1-gpt:        { provider: v1, model: gpt-4o-deployment }
  v1-embed:      { provider: v1, model: v1-embedding-deployment, kind: embedding }
  wrong-gpt:     { provider: wrongkey, model: my-gpt-deployment }
  entra-gpt:     { provider: entra, model: entra-deployment }
  dated-codex:   { provider: dated-responses, model: codex-deployment }
  entra-codex:   { provider: entra-v1, model: entra-codex-deployment }
routers:
  keyed-failover: { strategy: failover, targets: [wrong-gpt, classic-gpt] }
`;
}

describe('type: azure-openai through the official openai client', () => {
  let azure: FakeUpstream;
  let tokens: Awaited<ReturnType<typeof startTokenEndpoint>>;
  let test: TestGateway;

  beforeAll(async () => {
    azure = await startFakeUpstream({ azure: { apiKey: AZURE_KEY, bearerTokens: [ENTRA_TOKEN] } });
    tokens = await startTokenEndpoint();
    process.env.IDENTITY_ENDPOINT = tokens.url;
    process.env.IDENTITY_HEADER = 'identity-header-secret';
    test = await startTestGateway(configFor(azure));
  });
  afterEach(() => azure.reset());
  afterAll(async () => {
    await test.close();
    await azure.close();
    tokens.server.close();
    delete process.env.IDENTITY_ENDPOINT;
    delete process.env.IDENTITY_HEADER;
  });

  it('classic deployment URLs: chat on /openai/deployments/{deployment}/chat/completions?api-version=, with the api-key header', async () => {
    const { data, response } = await test.openai.chat.completions.create({ model: 'classic-gpt', messages: [{ role: 'user', content: 'hello azure' }], max_tokens: 50 }).withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: hello azure');
    expect(response.headers.get('x-switchyard-provider')).toBe('classic');
    const [sent] = azure.requests;
    expect(sent?.path).toBe('/openai/deployments/my-gpt-deployment/chat/completions');
    expect(sent?.search).toBe('?api-version=2024-10-21');
    expect(sent?.headers['api-key']).toBe(AZURE_KEY);
    expect(sent?.headers.authorization).toBeUndefined();
  });

  it('streams from a classic deployment', async () => {
    const stream = await test.openai.chat.completions.create({ model: 'classic-gpt', messages: [{ role: 'user', content: 'stream azure' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: stream azure');
    expect(azure.requests[0]?.stream).toBe(true);
    expect(azure.requests[0]?.path).toBe('/openai/deployments/my-gpt-deployment/chat/completions');
  });

  it('the v1 API: /openai/v1/chat/completions without api-version, the deployment as the body model; embeddings on both URL styles', async () => {
    await test.openai.chat.completions.create({ model: 'v1-gpt', messages: [{ role: 'user', content: 'v1 please' }] });
    expect(azure.requests[0]).toMatchObject({ path: '/openai/v1/chat/completions', search: '', model: 'gpt-4o-deployment' });
    expect(azure.requests[0]?.headers['api-key']).toBe(AZURE_KEY);
    const classic = await test.openai.embeddings.create({ model: 'classic-embed', input: ['one', 'two'], dimensions: 4 });
    expect(classic.data.map((item) => item.embedding)).toEqual([fakeEmbedding('one', 4), fakeEmbedding('two', 4)]);
    expect(azure.requests[1]).toMatchObject({ path: '/openai/deployments/my-embedding-deployment/embeddings', search: '?api-version=2024-10-21' });
    const v1 = await test.openai.embeddings.create({ model: 'v1-embed', input: 'three' });
    expect(v1.data[0]?.embedding).toEqual(fakeEmbedding('three'));
    expect(azure.requests[2]).toMatchObject({ path: '/openai/v1/embeddings', model: 'v1-embedding-deployment' });
  });

  it('a wrong key is refused by the resource (401) and the router fails over to the next account', async () => {
    const { response } = await test.openai.chat.completions.create({ model: 'keyed-failover', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('classic-gpt');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(azure.requests.map((request) => request.headers['api-key'])).toEqual(['not-the-key', AZURE_KEY]);
    const alone = await test.openai.chat.completions.create({ model: 'wrong-gpt', messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(alone).toBeInstanceOf(OpenAI.APIError);
    expect(JSON.stringify((alone as InstanceType<typeof OpenAI.APIError>).error)).not.toContain('not-the-key');
  });

  it('Entra ID: DefaultAzureCredential fetches a token (managed identity endpoint on 127.0.0.1) once, sent as a bearer token on every call', async () => {
    const first = await test.openai.chat.completions.create({ model: 'entra-gpt', messages: [{ role: 'user', content: 'token one' }] });
    const second = await test.openai.chat.completions.create({ model: 'entra-gpt', messages: [{ role: 'user', content: 'token two' }] });
    expect([first.choices[0]?.message.content, second.choices[0]?.message.content]).toEqual(['echo: token one', 'echo: token two']);
    expect(azure.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${ENTRA_TOKEN}`, `Bearer ${ENTRA_TOKEN}`]);
    expect(azure.requests[0]?.headers['api-key']).toBeUndefined();
    expect(tokens.requests).toHaveLength(1);
    expect(tokens.requests[0]).toContain('resource=https%3A%2F%2Fcognitiveservices.azure.com');
  });
  it('Responses on the v1 API: a Responses client is carried through to /openai/v1/responses (body as sent, model = deployment), streamed too', async () => {
    const body = { model: 'v1-gpt', input: 'hello responses', reasoning: { effort: 'low' as const }, include: ['reasoning.encrypted_content' as const], prompt_cache_key: 'thread-7', store: false };
    const response = await test.openai.responses.create(body);
    expect(response.output_text).toBe('echo: hello responses');
    expect(azure.requests[0]).toMatchObject({ path: '/openai/v1/responses', search: '', model: 'gpt-4o-deployment' });
    expect(azure.requests[0]?.headers['api-key']).toBe(AZURE_KEY);
    expect(azure.requests[0]?.body).toEqual({ ...body, model: 'gpt-4o-deployment' });
    const stream = test.openai.responses.stream({ model: 'v1-gpt', input: 'stream responses' });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    expect(text).toBe('echo: stream responses');
    expect(azure.requests[1]).toMatchObject({ path: '/openai/v1/responses', stream: true });
  });

  it('Responses on a dated version: /openai/responses?api-version= (no deployment segment), the deployment in the body; a Chat client on v1 still uses chat/completions', async () => {
    const response = await test.openai.responses.create({ model: 'dated-codex', input: 'dated' });
    expect(response.output_text).toBe('echo: dated');
    expect(azure.requests[0]).toMatchObject({ path: '/openai/responses', search: '?api-version=2025-04-01-preview', model: 'codex-deployment' });
    await test.openai.chat.completions.create({ model: 'v1-gpt', messages: [{ role: 'user', content: 'chat' }] });
    expect(azure.requests[1]?.path).toBe('/openai/v1/chat/completions');
  });

  it('Responses with Entra ID: the bearer token goes to /openai/v1/responses; input_tokens reaches Azure too', async () => {
    const response = await test.openai.responses.create({ model: 'entra-codex', input: 'entra responses' });
    expect(response.output_text).toBe('echo: entra responses');
    expect(azure.requests[0]).toMatchObject({ path: '/openai/v1/responses', model: 'entra-codex-deployment' });
    expect(azure.requests[0]?.headers.authorization).toBe(`Bearer ${ENTRA_TOKEN}`);
    const counted = await fetch(`${test.url}/v1/responses/input_tokens`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer client-key' }, body: JSON.stringify({ model: 'entra-codex', input: 'count me' }) });
    expect(counted.status).toBe(200);
    expect(azure.requests[1]).toMatchObject({ path: '/openai/v1/responses/input_tokens', model: 'entra-codex-deployment' });
  });

  it('a classic dated version keeps Responses clients on chat/completions (translated) unless api says otherwise', async () => {
    const response = await test.openai.responses.create({ model: 'classic-gpt', input: 'translated' });
    expect(response.output_text).toBe('echo: translated');
    expect(azure.requests[0]?.path).toBe('/openai/deployments/my-gpt-deployment/chat/completions');
  });
});
