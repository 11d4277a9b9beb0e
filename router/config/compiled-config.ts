import type { ModelNames } from './compile-model-names.ts';
/**
 * The compiled, frozen config the request path reads. Nothing here is parsed per request.
 */
import type { ChatParams } from '../core/chat-request.ts';
import type { ModelPrice } from '../catalog/model-price.ts';
import type { RoutingPolicy } from '../routing/routing-types.ts';
import type { RawConfig, RawProvider } from './config-schema.ts';
import type { Secret } from './secret.ts';
import type { CompiledProject, StaticApiKey } from '../governance/compiled-project.ts';

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
  /** `type: openai` / `openai-compatible`: which OpenAI API serves calls (default auto / chat). */
  api?: 'auto' | 'chat' | 'responses' | undefined;
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
  /** The model's `api`, else its provider's (OpenAI types only). */
  api?: 'auto' | 'chat' | 'responses' | undefined;
};

export type RedisStoreSettings = {
  kind: 'redis';
  path: string;
  /** The whole URL, password included: only the Redis client calls `reveal()`. */
  url: Secret;
  keyPrefix: string;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  syncMs: number;
};

export type PostgresStoreSettings = {
  kind: 'postgres';
  /** The whole URL, password included: only the PostgreSQL pool calls `reveal()`. */
  url: Secret;
  /** Unset: hostname-pid, decided at start. */
  replica: string | undefined;
  poolSize: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  syncMs: number;
  auditQueueMax: number;
  auditBatchSize: number;
  auditFlushMs: number;
  /** Rate-limit windows and circuits in Redis (`store.redis`); absent: per process. */
  redis: RedisStoreSettings | undefined;
};

/**
 * Where state lives. memory, sqlite and redis keep the audit log per process (memory, or SQLite at
 * `path`); postgres keeps the audit log and the spend ledger in one database for every replica.
 */
export type StoreSettings = { kind: 'memory' | 'sqlite'; path: string } | RedisStoreSettings | PostgresStoreSettings;

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
  /** Tenants and their entitlements, limits and budgets (router/governance). */
  projects: ReadonlyMap<string, CompiledProject>;
  /** `server.api_keys`, each key only as its digest; undefined when none are configured. */
  apiKeys: readonly StaticApiKey[] | undefined;
  /** Every /v1 call needs a key: static keys are configured, or projects are (virtual keys). */
  requireApiKey: boolean;
  alerts: AlertSettings;
  /** Glob patterns among router and model names, and `default_router`: see resolve-model-name.ts. */
  modelNames: ModelNames;
};

export type AlertSettings = {
  webhook: { url: string; secret: Secret; timeoutMs: number; retries: number; backoffMs: number; maxQueue: number } | undefined;
  keyExpiryDays: number;
};
