/**
 * Vertex AI with a service-account key JSON: Google's own auth library signs a JWT grant with the
 * key (RS256) and exchanges it at Google's token endpoint for an access token, refreshed a minute
 * before it expires. The library's endpoint URL is fixed (https://oauth2.googleapis.com/token), so
 * the gateway's `googleAuthFetch` seam sends that one URL to a local token endpoint — which does
 * what Google does: verifies the JWT's signature with the key's public half, its issuer, audience,
 * scope and lifetime, and refuses anything else. Everything else the library does is real.
 */
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const CLIENT_EMAIL = 'switchyard@acme-prod.iam.gserviceaccount.com';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const base64url = (text: string) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Google's OAuth token endpoint for the JWT bearer grant: a valid RS256 assertion from the key gets a `lifetimeS` token. */
function startGoogleTokenEndpoint(publicKey: KeyObject, lifetimeS: number) {
  const issued: Array<{ token: string; expiresAt: number }> = [];
  const refused: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const problem = checkGrant(form, publicKey);
      if (problem !== undefined) {
        refused.push(problem);
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant', error_description: problem }));
        return;
      }
      const token = `ya29.sa-${issued.length + 1}`;
      issued.push({ token, expiresAt: Date.now() + lifetimeS * 1000 });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: lifetimeS }));
    });
  });
  return { server, issued, refused };
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

/** Vertex's front door for Gemini: a token this endpoint issued and not expired, then the fake upstream's Gemini wire. */
function startVertexFront(upstream: FakeUpstream, tokens: Array<{ token: string; expiresAt: number }>) {
  const seen: Array<{ path: string; authorization: string | undefined }> = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      seen.push({ path: request.url ?? '', authorization: request.headers.authorization });
      const known = tokens.find((entry) => `Bearer ${entry.token}` === request.headers.authorization);
      if (known === undefined || known.expiresAt < Date.now()) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}');
        return;
      }
      const match = /^\/v1\/projects\/acme-prod\/locations\/europe-west4\/publishers\/google\/models\/([^:]+):generateContent$/.exec(request.url ?? '');
      if (match === null) {
        response.writeHead(404).end('{"error":{"code":404,"message":"not found","status":"NOT_FOUND"}}');
        return;
      }
      void fetch(`${upstream.url}/v1beta/models/${match[1]}:generateContent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }).then(async (answer) => {
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
  });
  return { server, seen };
}

describe('Vertex AI with a service-account key: a signed JWT grant, exchanged and refreshed before expiry', () => {
  let upstream: FakeUpstream;
  let tokenEndpoint: ReturnType<typeof startGoogleTokenEndpoint>;
  let front: ReturnType<typeof startVertexFront>;
  let test: TestGateway;
  const tokenCalls: string[] = [];
  let privateKeyPem: string;

  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    upstream = await startFakeUpstream();
    // 61 s tokens and a refresh a minute before expiry: each is good for one second, then replaced.
    tokenEndpoint = startGoogleTokenEndpoint(createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), 61);
    const tokenUrl = `${await listen(tokenEndpoint.server)}/token`;
    front = startVertexFront(upstream, tokenEndpoint.issued);
    const frontUrl = await listen(front.server);
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
