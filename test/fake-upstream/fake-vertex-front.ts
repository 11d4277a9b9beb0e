/**
 * Vertex AI's front door: checks the bearer token (issued and not expired), the project/location
 * path and, for Anthropic models, the rawPredict body (no `model`, `anthropic_version`), then hands
 * the call to the fake upstream's own Gemini or Messages wire. Text embeddings (`:predict`) are
 * answered here: one vector per instance, `outputDimensionality` long (default 4).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { FakeUpstream } from './fake-upstream.ts';
import type { IssuedToken } from './fake-oauth-token-endpoint.ts';

export type FakeVertexFrontRequest = { path: string; authorization: string | undefined; beta: string | undefined; body: Record<string, unknown> };

export type FakeVertexFront = {
  /** Not listening yet: listen it (listenOnLoopback), close it after. */
  server: Server;
  /** Every request, in order, whether refused or served. */
  seen: FakeVertexFrontRequest[];
};

export function startFakeVertexFront(upstream: FakeUpstream, tokens: readonly IssuedToken[]): FakeVertexFront {
  const seen: FakeVertexFrontRequest[] = [];
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
