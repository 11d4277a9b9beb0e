import type { ProviderSettings } from '../config/deployment.ts';

/**
 * The provider's model-list endpoint, with its auth: the cheapest question a provider answers
 * only when it is up and the key is good (no tokens billed). Base URLs default as in the adapters.
 */
export function modelListRequest(provider: ProviderSettings): { url: URL; headers: Record<string, string> } | undefined {
  const key = provider.apiKey?.reveal();
  const base = (fallback: string) => (provider.baseUrl ?? fallback).replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  let url: URL;
  switch (provider.type) {
    case 'openai':
    case 'openai-compatible':
      url = new URL(`${base('https://api.openai.com/v1')}/models`);
      if (key !== undefined) headers.authorization = `Bearer ${key}`;
      break;
    case 'anthropic': {
      const root = base('https://api.anthropic.com');
      url = new URL(root.endsWith('/v1') ? `${root}/models` : `${root}/v1/models`);
      headers['anthropic-version'] = '2023-06-01';
      if (key !== undefined) headers['x-api-key'] = key;
      break;
    }
    case 'gemini':
      url = new URL(`${base('https://generativelanguage.googleapis.com/v1beta')}/models`);
      if (key !== undefined) headers['x-goog-api-key'] = key;
      break;
    case 'ollama':
      url = new URL(`${base('http://127.0.0.1:11434')}/api/tags`);
      break;
    default:
      return undefined;
  }
  // The provider's configured headers win, as on its calls (a gateway in front may want its own auth).
  return { url, headers: { ...headers, ...provider.headers } };
}
