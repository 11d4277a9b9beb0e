import type { TokenCredential } from '@azure/identity';
import type { ProviderSettings } from '../config/compiled-config.ts';
import { azureOpenAIEndpointOf, azureOpenAIResponsesEndpointOf } from './azure-openai/azure-openai-endpoint.ts';
import { OpenAIResponsesAdapter } from './openai-responses/openai-responses-adapter.ts';
import { AnthropicAdapter } from './anthropic/anthropic-adapter.ts';
import { BedrockAdapter } from './bedrock/bedrock-adapter.ts';
import { vertexAccess } from './vertex/vertex-access.ts';
import { GeminiAdapter } from './gemini/gemini-adapter.ts';
import { MockAdapter } from './mock/mock-adapter.ts';
import { OllamaAdapter } from './ollama/ollama-adapter.ts';
import { OpenAIAdapter } from './openai/openai-adapter.ts';
import type { ProviderAdapter } from './provider-adapter.ts';

export type AdapterEnvironment = {
  random: () => number;
  /** Entra ID credential for `azure-openai` providers with `entra_id` (tests inject one); default DefaultAzureCredential. */
  azureCredential?: TokenCredential;
  /** The fetch Google's auth library gets Vertex tokens with (default the global); tests reach a local token endpoint through it. */
  googleAuthFetch?: typeof fetch;
};

function googleAuthOf(environment: AdapterEnvironment): { fetch?: typeof fetch } {
  return environment.googleAuthFetch === undefined ? {} : { fetch: environment.googleAuthFetch };
}

/** One place maps a provider's `type` to its adapter. */
export function createAdapter(settings: ProviderSettings, environment: AdapterEnvironment): ProviderAdapter {
  switch (settings.type) {
    case 'openai':
    case 'openai-compatible':
      return new OpenAIAdapter(settings);
    case 'azure-openai':
      // The OpenAI adapter, with Azure's URLs and credentials.
      return new OpenAIAdapter(settings, azureOpenAIEndpointOf(settings, environment.azureCredential === undefined ? {} : { credential: environment.azureCredential }));
    case 'anthropic': return new AnthropicAdapter(settings);
    case 'gemini': return new GeminiAdapter(settings);
    case 'ollama': return new OllamaAdapter(settings);
    case 'bedrock': return new BedrockAdapter(settings);
    case 'vertex': return new GeminiAdapter(settings, undefined, vertexAccess(settings, 'google', undefined, googleAuthOf(environment)));
    case 'vertex-anthropic': return new AnthropicAdapter(settings, vertexAccess(settings, 'anthropic', undefined, googleAuthOf(environment)));
    case 'mock':
      return new MockAdapter(settings, environment.random);
    default:
      throw new Error(`provider type '${settings.type}' is not available in this build`);
  }
}

/** The Responses API adapter of a provider whose `api` allows it (openai, openai-compatible, azure-openai). */
export function createResponsesAdapter(settings: ProviderSettings, environment: AdapterEnvironment): OpenAIResponsesAdapter {
  if (settings.type === 'azure-openai') return new OpenAIResponsesAdapter(settings, azureOpenAIResponsesEndpointOf(settings, environment.azureCredential === undefined ? {} : { credential: environment.azureCredential }));
  return new OpenAIResponsesAdapter(settings);
}
