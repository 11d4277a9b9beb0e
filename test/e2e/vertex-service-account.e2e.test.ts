/**
 * Vertex AI with a service-account key JSON: Google's own auth library signs a JWT grant with the
 * key (RS256) and exchanges it at Google's token endpoint for an access token, refreshed a minute
 * before it expires. The library's endpoint URL is fixed (https://oauth2.googleapis.com/token), so
 * the gateway's `googleAuthFetch` seam sends that one URL to a local token endpoint — which does
 * what Google does: verifies the JWT's signature with the key's public half, its issuer, audience,
 * scope and lifetime, and refuses anything else. Everything else the library does is real.
 */
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOAuthTokenEndpoint, type FakeOAuthTokenEndpoint } from '../fake-upstream/fake-oauth-token-endpoint.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startFakeVertexFront, type FakeVertexFront } from '../fake-upstream/fake-vertex-front.ts';
import { listenOnLoopback } from '../support/listen-on-loopback.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const CLIENT_EMAIL = 'switchyard@acme-prod.iam.gserviceaccount.com';

const base64url = (text: string) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Google's OAuth token endpoint for the JWT bearer grant: a valid RS256 assertion from the key gets a `lifetimeS` token. */
function startGoogleTokenEndpoint(publicKey: KeyObject, lifetimeS: number): FakeOAuthTokenEndpoint {
  return startFakeOAuthTokenEndpoint({ lifetimeS, tokenPrefix: 'ya29.sa-', checkGrant: (form) => checkGrant(form, publicKey) });
}

function checkGrant(form: URLSearchParams, publicKey: KeyObject): string | undefined {
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return 'unsupported grant type';
  const parts = (form.get('assertion') ?? '').split('.');
  if (parts.length !== 3) return 'assertion is not a JWT';
  const [header, claims, signature] = parts as [string, string, string];
  const head = base64url(header);
  if (head.alg !== 'RS256') return `unexpected JWT header ${JSON.stringify(head)}`;
  if (!verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, 'base64url'))) return 'Invalid JWT Signature.';
  const claim = base64url(claims);
  const now = Math.floor(Date.now() / 1000);
  if (claim.iss !== CLIENT_EMAIL) return `iss ${String(claim.iss)}`;
  if (claim.aud !== GOOGLE_TOKEN_URL) return `aud ${String(claim.aud)}`;
  if (claim.scope !== SCOPE) return `scope ${String(claim.scope)}`;
  const iat = Number(claim.iat);
  const exp = Number(claim.exp);
  if (!(iat <= now + 5 && exp > now && exp - iat <= 3600)) return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.';
  return undefined;
}

describe('Vertex AI with a service-account key: a signed JWT grant, exchanged and refreshed before expiry', () => {
  let upstream: FakeUpstream;
  let tokenEndpoint: ReturnType<typeof startGoogleTokenEndpoint>;
  let front: FakeVertexFront;
  let test: TestGateway;
  const tokenCalls: string[] = [];
  let privateKeyPem: string;

  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    upstream = await startFakeUpstream();
    // 61 s tokens and a refresh a minute before expiry: each is good for one second, then replaced.
    tokenEndpoint = startGoogleTokenEndpoint(createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), 61);
    const tokenUrl = `${await listenOnLoopback(tokenEndpoint.server)}/token`;
    front = startFakeVertexFront(upstream, tokenEndpoint.issued);
    const frontUrl = await listenOnLoopback(front.server);
    const accountWith = (key: string) => JSON.stringify({
      type: 'service_account',
      project_id: 'acme-prod',
      private_key_id: 'key-0001',
      private_key: key,
      client_email: CLIENT_EMAIL,
      client_id: '1234567890',
      token_uri: GOOGLE_TOKEN_URL,
    });
    const account = accountWith(privateKeyPem);
    // A key the token endpoint does not know (another key pair): its grants are refused.
    const revoked = accountWith(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    // Only Google's token URL is served locally; any other URL the library tries is refused, so nothing leaves the machine.
    const googleAuthFetch: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      tokenCalls.push(url);
      if (url !== GOOGLE_TOKEN_URL) return Promise.reject(new Error(`unexpected auth URL ${url}`));
      return fetch(tokenUrl, init);
    };
    test = await startTestGateway(
      `
store: { kind: memory }
defaults: { retries: 0 }
providers:
  vertex-gemini: { type: vertex, project: acme-prod, location: europe-west4, base_url: "${frontUrl}", credentials_json: "\${VERTEX_SA}" }
  vertex-revoked: { type: vertex, project: acme-prod, location: europe-west4, base_url: "${frontUrl}", credentials_json: "\${VERTEX_REVOKED}" }
models:
  gemini: { provider: vertex-gemini, model: gemini-2.5-pro }
  gemini-revoked: { provider: vertex-revoked, model: gemini-2.5-pro }
  vertex-embed: { provider: vertex-gemini, model: text-embedding-005, kind: embedding }
routers:
  revoked-first: { strategy: failover, targets: [gemini-revoked, gemini] }
`,
      { environment: { VERTEX_SA: account, VERTEX_REVOKED: revoked }, googleAuthFetch },
    );
  });
  afterAll(async () => {
    await test?.close();
    await upstream?.close();
    tokenEndpoint?.server.close();
    front?.server.close();
  });

  it('the first call gets a token for a JWT the endpoint verified against the public key; the token is reused while fresh', async () => {
    const first = await test.openai.chat.completions.create({ model: 'gemini', messages: [{ role: 'user', content: 'hello sa' }] });
    expect(first.choices[0]!.message.content).toBe('echo: hello sa');
    expect(tokenEndpoint.refused).toEqual([]);
    expect(tokenEndpoint.issued).toHaveLength(1);
    expect(tokenCalls).toEqual([GOOGLE_TOKEN_URL]);
    await test.openai.chat.completions.create({ model: 'gemini', messages: [{ role: 'user', content: 'again' }] });
    expect(tokenEndpoint.issued).toHaveLength(1);
    expect(front.seen.map((entry) => entry.authorization)).toEqual(['Bearer ya29.sa-1', 'Bearer ya29.sa-1']);
  });

  it('a token near expiry is replaced before a call would carry it: a new signed grant, a new token, no 401', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const completion = await test.openai.chat.completions.create({ model: 'gemini', messages: [{ role: 'user', content: 'later' }] });
    expect(completion.choices[0]!.message.content).toBe('echo: later');
    expect(tokenEndpoint.issued).toHaveLength(2);
    expect(tokenEndpoint.refused).toEqual([]);
    expect(front.seen.at(-1)!.authorization).toBe('Bearer ya29.sa-2');
    // The key and the tokens stay out of the audit log and the admin views.
    const views = await Promise.all(['/admin/decisions?limit=50', '/admin/config'].map(async (path) => (await fetch(`${test.url}${path}`)).text()));
    for (const view of views) {
      expect(view).not.toContain('PRIVATE KEY');
      expect(view).not.toContain('ya29.sa');
    }
  });

  it('Vertex embeddings authenticate with the same key through the same token endpoint (the embedder gets the auth seam too)', async () => {
    const callsBefore = tokenCalls.length;
    const result = await test.openai.embeddings.create({ model: 'vertex-embed', input: ['abcd', 'ef'], encoding_format: 'float' });
    // The shared Vertex front's vectors: (length + index) / 10, four long by default.
    expect(result.data.map((entry) => entry.embedding)).toEqual([[0.4, 0.5, 0.6, 0.7], [0.2, 0.3, 0.4, 0.5]]);
    expect(result.usage.prompt_tokens).toBe(6);
    const sent = front.seen.at(-1)!;
    expect(sent.path).toBe('/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/text-embedding-005:predict');
    // A token this endpoint issued for a verified grant (the embedder has its own auth client, so its own grant).
    expect(sent.authorization).toBe(`Bearer ${tokenEndpoint.issued.at(-1)!.token}`);
    expect(tokenCalls.slice(callsBefore)).toEqual([GOOGLE_TOKEN_URL]);
    expect(tokenEndpoint.refused).toEqual([]);
  });

  it('a key the token endpoint refuses (invalid signature) fails that account as a 401 and the router fails over; alone it is an upstream error, not an internal one', async () => {
    const refusedBefore = tokenEndpoint.refused.length;
    const { data, response } = await test.openai.chat.completions.create({ model: 'revoked-first', messages: [{ role: 'user', content: 'fail over' }] }).withResponse();
    expect(data.choices[0]!.message.content).toBe('echo: fail over');
    expect(response.headers.get('x-switchyard-model')).toBe('gemini');
    expect(tokenEndpoint.refused.slice(refusedBefore)).toEqual(['Invalid JWT Signature.']);
    const alone = await fetch(`${test.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gemini-revoked', messages: [{ role: 'user', content: 'x' }] }) });
    expect(alone.status).not.toBe(500);
    const text = await alone.text();
    expect(text).not.toContain('internal_error');
    expect(text).not.toContain('PRIVATE KEY');
  });
});
