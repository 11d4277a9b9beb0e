import { GoogleAuth } from 'google-auth-library';
import type { ProviderSettings } from '../../config/deployment.ts';
import type { UpstreamAccess } from '../http/upstream-access.ts';

const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
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
export function vertexAccess(settings: ProviderSettings, publisher: 'google' | 'anthropic', method?: string): UpstreamAccess {
  const vertex = settings.vertex;
  if (vertex === undefined) throw new Error(`provider '${settings.name}' has no vertex settings`);
  const auth = new GoogleAuth({
    scopes: [SCOPE],
    ...(vertex.credentialsFile === undefined ? {} : { keyFilename: vertex.credentialsFile }),
    ...(vertex.credentialsJson === undefined ? {} : { credentials: JSON.parse(vertex.credentialsJson.reveal()) as Record<string, string> }),
    clientOptions: { eagerRefreshThresholdMillis: REFRESH_BEFORE_EXPIRY_MS },
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
      const token = await auth.getAccessToken();
      if (token === null || token === undefined || token === '') throw new Error('Google auth returned no access token');
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
