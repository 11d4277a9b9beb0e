import type { CompiledConfig } from '../config/compiled-config.ts';
import { ConfigError } from '../config/config-error.ts';
import { createAdapter, type AdapterEnvironment } from '../providers/create-adapter.ts';
import { OpenAIResponsesAdapter } from '../providers/openai-responses/openai-responses-adapter.ts';
import { responsesAdapterKey } from '../providers/openai-responses/select-openai-api.ts';
import type { ProviderAdapter } from '../providers/provider-adapter.ts';

/** A compiled config together with the live things built from it (connection pools). */
export type GatewayRuntime = {
  config: CompiledConfig;
  adapters: ReadonlyMap<string, ProviderAdapter>;
  close(): Promise<void>;
};

export function createRuntime(config: CompiledConfig, environment: AdapterEnvironment): GatewayRuntime {
  const adapters = new Map<string, ProviderAdapter>();
  for (const [name, settings] of config.providers) {
    try {
      adapters.set(name, createAdapter(settings, environment));
      // OpenAI providers may also be called on /v1/responses (per provider or model `api`).
      if (settings.api !== undefined) adapters.set(responsesAdapterKey(name), new OpenAIResponsesAdapter(settings));
    } catch (error) {
      for (const adapter of adapters.values()) void adapter.close();
      throw new ConfigError([{ file: config.file, line: undefined, column: undefined, path: `providers.${name}.type`, message: (error as Error).message }]);
    }
  }
  return {
    config,
    adapters,
    async close() {
      // undici's close waits for in-flight requests, so calls still running on this config finish.
      await Promise.allSettled([...adapters.values()].map((adapter) => adapter.close()));
    },
  };
}
