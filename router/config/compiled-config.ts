/**
 * The compiled, frozen config the request path reads. Nothing here is parsed per request.
 */
import type { ChatParams } from '../core/chat-request.ts';
import type { ModelPrice } from '../catalog/model-price.ts';
import type { RoutingPolicy } from '../routing/routing-types.ts';
import type { RawConfig, RawProvider } from './config-schema.ts';
import type { Secret } from './secret.ts';

export type Capabilities = { streaming: boolean; tools: boolean; vision: boolean; json: boolean };

export type CallOptions = {
  timeoutMs: number;
  retries: number;
  retryOn: ReadonlySet<number>;
  backoff: { initialMs: number; maxMs: number; jitter: number };
  retryAfterCapMs: number;
};

export type ProviderSettings = {
  name: string;
  type: RawProvider['type'];
  apiKey: Secret | undefined;
  baseUrl: string | undefined;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number | undefined;
  maxConnections: number;
  /** Only for `type: mock`. */
  mock: { latencyMs: number; failureRate: number; tokensPerSecond: number | undefined } | undefined;
  limits: { rpm?: number; tpm?: number } | undefined;
  budget: { monthlyUsd: number; alertAt: number[] } | undefined;
};

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
};

/** Where state lives. Audit stays per process (memory, or SQLite at `path`) whatever the kind. */
export type StoreSettings =
  | { kind: 'memory' | 'sqlite'; path: string }
  | {
      kind: 'redis';
      path: string;
      /** The whole URL, password included: only the Redis client calls `reveal()`. */
      url: Secret;
      keyPrefix: string;
      commandTimeoutMs: number;
      connectTimeoutMs: number;
      syncMs: number;
    };

export type CompiledRouter = {
  name: string;
  strategy: string;
  description: string | undefined;
  policy: RoutingPolicy;
  defaultParams: Partial<ChatParams>;
  capabilities: Partial<Capabilities>;
  callOptions: Partial<CallOptions>;
};

export type CompiledConfig = {
  file: string;
  /** sha256 of the file's text, to tell reloads apart. */
  hash: string;
  server: RawConfig['server'];
  defaults: CallOptions;
  circuitBreaker: { failureThreshold: number; recoveryMs: number };
  store: StoreSettings;
  audit: RawConfig['audit'];
  scorer: RawConfig['scorer'];
  providers: ReadonlyMap<string, ProviderSettings>;
  deployments: ReadonlyMap<string, Deployment>;
  routers: ReadonlyMap<string, CompiledRouter>;
};
