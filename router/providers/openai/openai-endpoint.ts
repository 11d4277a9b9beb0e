import type { ProviderSettings } from '../../config/compiled-config.ts';
import { providerHeaders } from '../http/provider-headers.ts';

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** An OpenAI-wire operation, named by its path under the API root. */
export type OpenAIOperation = 'chat/completions' | 'embeddings';

/**
 * Where an OpenAI-wire call goes and how it is authorised. `pathFor` builds the path (with its
 * query) of an operation for a provider model: OpenAI and compatible servers put the operation
 * after the base URL's path and keep its query; Azure OpenAI puts the deployment in the path and
 * the `api-version` in the query. `authorize` adds per-call credentials (an Entra ID bearer
 * token that is refreshed); static ones sit in `headers`.
 */
export type OpenAIEndpoint = {
  origin: string;
  pathFor(operation: OpenAIOperation, providerModel: string): string;
  headers: Readonly<Record<string, string>>;
  authorize?: () => Promise<Readonly<Record<string, string>>>;
};

/**
 * OpenAI and OpenAI-compatible servers: `{base_url}/{operation}`, the base URL's query (if any)
 * kept after the path rather than glued in front of it; `Authorization: Bearer {api_key}`.
 */
export function openAIEndpointOf(settings: ProviderSettings): OpenAIEndpoint {
  const base = new URL(settings.baseUrl ?? OPENAI_BASE_URL);
  const root = base.pathname.replace(/\/+$/, '');
  const headers = providerHeaders({}, settings.apiKey === undefined ? undefined : { authorization: `Bearer ${settings.apiKey.reveal()}` }, settings.headers);
  return { origin: base.origin, pathFor: (operation) => `${root}/${operation}${base.search}`, headers };
}
