import type { ProviderSettings } from '../config/compiled-config.ts';
import { googleAuthOf, type AdapterEnvironment } from '../providers/create-adapter.ts';
import type { ProviderAdapter } from '../providers/provider-adapter.ts';
import type { Embedder } from './embedder.ts';
import { GeminiEmbedder } from './gemini-embedder.ts';
import { OllamaEmbedder } from './ollama-embedder.ts';
import { VertexEmbedder } from './vertex-embedder.ts';

/** The provider's embeddings endpoint: its adapter's own (OpenAI wire), else one of its API (Gemini, Ollama); undefined when it has none. */
export function createEmbedder(settings: ProviderSettings, adapter: ProviderAdapter, environment: AdapterEnvironment): Embedder | undefined {
  if (adapter.embedder !== undefined) return adapter.embedder;
  switch (settings.type) {
    case 'gemini': return new GeminiEmbedder(settings);
    case 'ollama': return new OllamaEmbedder(settings);
    case 'vertex': return new VertexEmbedder(settings, googleAuthOf(environment));
    default: return undefined;
  }
}
