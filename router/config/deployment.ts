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
  /** Only for `type: bedrock`: region and (optional) credentials; none means the AWS SDK's credential chain. */
  bedrock?: { region: string; profile: string | undefined; accessKeyId: Secret | undefined; secretAccessKey: Secret | undefined; sessionToken: Secret | undefined } | undefined;
  /** Only for `type: vertex` / `vertex-anthropic`: the account and how it authenticates (none: Application Default Credentials). */
  vertex?: { project: string; location: string; credentialsFile: string | undefined; credentialsJson: Secret | undefined } | undefined;
  /** Only for `type: mock`. */
  mock: { latencyMs: number; failureRate: number; tokensPerSecond: number | undefined } | undefined;
  limits: { rpm?: number; tpm?: number } | undefined;
  budget: { monthlyUsd: number; alertAt: number[] } | undefined;
  /** `passthrough_models`: a request's `model: "<name>/<model id>"` is served here with that id. */
  passthroughModels?: boolean;
  /** `health_check:` (router/health); undefined: never probed. */
  healthCheck?: HealthCheckSettings | undefined;
};

export type HealthCheckSettings = {
  intervalMs: number;
  jitter: number;
  timeoutMs: number;
  kind: 'models' | 'chat';
  /** For `kind: chat`: the deployment probed (resolved at compile). */
  model: string | undefined;
  unhealthyAfter: number;
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
  /** Its own circuit breaker (the model's `circuit_breaker`, else its provider's, over the global one); undefined: the global one. */
  circuitBreaker?: { failureThreshold: number; recoveryMs: number } | undefined;
};
