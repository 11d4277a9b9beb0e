import type { CompiledConfig } from '../config/compiled-config.ts';
import { ConfigError } from '../config/config-error.ts';
import { createAdapter, createResponsesAdapter, type AdapterEnvironment } from '../providers/create-adapter.ts';
import { responsesAdapterKey } from '../providers/openai-responses/select-openai-api.ts';
import type { ProviderAdapter } from '../providers/provider-adapter.ts';
import { createEmbedder } from '../embeddings/create-embedder.ts';
import type { Embedder } from '../embeddings/embedder.ts';

/** A compiled config together with the live things built from it (connection pools). */
export type GatewayRuntime = {
  config: CompiledConfig;
  adapters: ReadonlyMap<string, ProviderAdapter>;
  /** Each provider's embeddings endpoint, by provider name (POST /v1/embeddings); absent for types without one. */
  embedders: ReadonlyMap<string, Embedder>;
  close(): Promise<void>;
};

export function createRuntime(config: CompiledConfig, environment: AdapterEnvironment): GatewayRuntime {
  const adapters = new Map<string, ProviderAdapter>();
  const embedders = new Map<string, Embedder>();
  for (const [name, settings] of config.providers) {
    try {
      const adapter = createAdapter(settings, environment);
      adapters.set(name, adapter);
      const embedder = createEmbedder(settings, adapter);
      if (embedder !== undefined) embedders.set(name, embedder);
      // OpenAI providers may also be called on /v1/responses (per provider or model `api`).
      if (settings.api !== undefined) adapters.set(responsesAdapterKey(name), createResponsesAdapter(settings, environment));
    } catch (error) {
      for (const adapter of adapters.values()) void adapter.close();
      for (const embedder of embedders.values()) void embedder.close();
      throw new ConfigError([{ file: config.file, line: undefined, column: undefined, path: `providers.${name}.type`, message: (error as Error).message }]);
    }
  }
  return {
    config,
    adapters,
    embedders,
    async close() {
      // undici's close waits for in-flight requests, so calls still running on this config finish.
      await Promise.allSettled([...adapters.values(), ...embedders.values()].map((closable) => closable.close()));
    },
  };
}
