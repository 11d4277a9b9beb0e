import type { ModelPrice } from '../catalog/model-price.ts';
import type { ChatParams } from '../core/chat-request.ts';
import type { RawProvider } from './config-schema.ts';
import type { Secret } from './secret.ts';

export type Capabilities = { streaming: boolean; tools: boolean; vision: boolean; json: boolean };

/** A compiled `providers:` entry. */
export type ProviderSettings = {
  name: string;
  type: RawProvider['type'];
  apiKey: Secret | undefined;
  baseUrl: string | undefined;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number | undefined;
  maxConnections: number;
  /** `type: openai` / `openai-compatible`: which OpenAI API serves calls (default auto / chat). */
  api?: 'auto' | 'chat' | 'responses' | undefined;
  /** Only for `type: mock`. */
  mock: { latencyMs: number; failureRate: number; tokensPerSecond: number | undefined } | undefined;
  limits: { rpm?: number; tpm?: number } | undefined;
  budget: { monthlyUsd: number; alertAt: number[] } | undefined;
  /** `passthrough_models`: a request's `model: "<name>/<model id>"` is served here with that id. */
  passthroughModels?: boolean;
};

/** A configured model on a provider: what the executor calls and what routing weighs. */
export type Deployment = {
  name: string;
  provider: ProviderSettings;
  providerModel: string;
  quality: number | undefined;
  speed: number | undefined;
  price: ModelPrice | undefined;
  context: number | undefined;
  maxInputTokens: number | undefined;
  maxOutputTokens: number | undefined;
  capabilities: Capabilities;
  params: Partial<ChatParams>;
  timeoutMs: number | undefined;
  /** The model's `api`, else its provider's (OpenAI types only). */
  api?: 'auto' | 'chat' | 'responses' | undefined;
};
