import { GoogleAuth } from 'google-auth-library';
import type { ProviderSettings } from '../../config/deployment.ts';
import type { UpstreamAccess } from '../http/upstream-access.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { safeExcerpt } from '../http/redact-secrets.ts';

const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** `fetch`: what the auth library reaches Google's token endpoints with (default the global; tests point it at a local one). */
export type VertexAuthOptions = { fetch?: typeof fetch };
/** A token is replaced this long before it expires, so no call goes out with one about to lapse. */
const REFRESH_BEFORE_EXPIRY_MS = 60_000;
/** Anthropic models on Vertex name the API version in the body instead of a header. */
const ANTHROPIC_VERTEX_VERSION = 'vertex-2023-10-16';

/**
 * Vertex AI for one account (project and location): its regional endpoint
 * (`https://{location}-aiplatform.googleapis.com`, `aiplatform.googleapis.com` for `global`), the
 * publisher's model path, and a bearer token from Google's own auth library — a service-account
 * JSON (`credentials_file` or `credentials_json`), else Application Default Credentials (workload
 * identity, the metadata server, `gcloud auth application-default login`) — cached and refreshed
 * a minute before it expires.
 */
export function vertexAccess(settings: ProviderSettings, publisher: 'google' | 'anthropic', method?: string, auth: VertexAuthOptions = {}): UpstreamAccess {
  const vertex = settings.vertex;
  if (vertex === undefined) throw new Error(`provider '${settings.name}' has no vertex settings`);
  const google = new GoogleAuth({
    scopes: [SCOPE],
    ...(vertex.credentialsFile === undefined ? {} : { keyFilename: vertex.credentialsFile }),
    ...(vertex.credentialsJson === undefined ? {} : { credentials: JSON.parse(vertex.credentialsJson.reveal()) as Record<string, string> }),
    clientOptions: {
      eagerRefreshThresholdMillis: REFRESH_BEFORE_EXPIRY_MS,
      ...(auth.fetch === undefined ? {} : { transporterOptions: { fetchImplementation: auth.fetch } }),
    },
  });
  const origin = new URL(settings.baseUrl ?? (vertex.location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${vertex.location}-aiplatform.googleapis.com`)).origin;
  const root = `/v1/projects/${encodeURIComponent(vertex.project)}/locations/${encodeURIComponent(vertex.location)}/publishers/${publisher}/models`;
  return {
    target(providerModel, stream) {
      const model = encodeURIComponent(providerModel);
      // Another method of the model (`predict`: text embeddings).
      if (method !== undefined) return { origin, path: `${root}/${model}:${method}` };
      if (publisher === 'anthropic') return { origin, path: `${root}/${model}:${stream ? 'streamRawPredict' : 'rawPredict'}` };
      return { origin, path: `${root}/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}` };
    },
    async headers() {
      let token: string | null | undefined;
      try {
        token = await google.getAccessToken();
      } catch (error) {
        // A refused grant (a revoked key, a wrong audience) or an unreachable token endpoint is the account's failure, not the gateway's: a 401 the router fails over.
        throw new UpstreamError({ kind: 'status', upstreamStatus: 401, reason: `no Google access token for ${settings.name}: ${safeExcerpt((error as Error).message.split('\n')[0] ?? '')}`, cause: error });
      }
      if (token === null || token === undefined || token === '') throw new UpstreamError({ kind: 'status', upstreamStatus: 401, reason: `Google auth returned no access token for ${settings.name}` });
      return { authorization: `Bearer ${token}` };
    },
    ...(publisher === 'anthropic'
      ? {
          body(body: Record<string, unknown>) {
            const { model: _model, ...rest } = body;
            return { anthropic_version: ANTHROPIC_VERTEX_VERSION, ...rest };
          },
        }
      : {}),
  };
}
