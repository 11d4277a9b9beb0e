/**
 * The compiled, frozen config the request path reads. Nothing here is parsed per request.
 * Its leaf parts (a deployment, its provider, call options) live in their own files, which routing
 * imports without importing this one; they are re-exported here for the config's readers.
 */
import type { ModelNames } from './compile-model-names.ts';
import type { ChatParams } from '../core/chat-request.ts';
import type { RoutingPolicy } from '../routing/routing-types.ts';
import type { RawConfig } from './config-schema.ts';
import type { Secret } from './secret.ts';
import type { CompiledProject, StaticApiKey } from '../governance/compiled-project.ts';
import type { CallOptions } from './call-options.ts';
import type { Capabilities, Deployment, ProviderSettings } from './deployment.ts';
import type { CompiledGuardrails } from '../guardrails/compiled-guardrail.ts';
import type { ShadowSettings } from '../learning/shadow/shadow-settings.ts';
import type { DemotionSettings } from '../health/judge-demotion.ts';

export type { CallOptions } from './call-options.ts';
export type { Capabilities, Deployment, ProviderSettings } from './deployment.ts';


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

/** `telemetry:`: where and how traces go. */
export type TelemetrySettings = {
  /** The OTLP/HTTP traces URL (`http://collector:4318/v1/traces`). */
  otlpEndpoint: string;
  serviceName: string;
  sampleRatio: number;
  headers: Readonly<Record<string, Secret>>;
  exportIntervalMs: number;
  exportTimeoutMs: number;
};

export type CompiledRouter = {
  name: string;
  strategy: string;
  description: string | undefined;
  policy: RoutingPolicy;
  defaultParams: Partial<ChatParams>;
  capabilities: Partial<Capabilities>;
  /** The capabilities this router turns off (`capabilities: { tools: false }`) for everything under it; undefined when none. */
  deniedCapabilities: ReadonlySet<keyof Capabilities> | undefined;
  callOptions: Partial<CallOptions>;
};

export type CompiledConfig = {
  file: string;
  /** sha256 of the file's text, to tell reloads apart. */
  hash: string;
  server: RawConfig['server'];
  defaults: CallOptions;
  circuitBreaker: { failureThreshold: number; recoveryMs: number };
  /** `learning:`: the rollback checks' interval, and periodic retraining (undefined: off). */
  learning: { checkMs: number; retrain: RetrainSettings | undefined };
  /** OpenTelemetry traces; undefined: off. */
  telemetry: TelemetrySettings | undefined;
  /** Error-rate and latency demotion (`health:`); undefined when `health.enabled` is false. */
  demotion: DemotionSettings | undefined;
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
  /** Named checks and where they attach (router/guardrails). */
  guardrails: CompiledGuardrails;
  /** Smart routers' `shadow:` blocks, by router name (router/learning). */
  shadow: ReadonlyMap<string, ShadowSettings>;
};

export type RetrainSettings = { everyMs: number; minLabels: number; minGain: number; maxRows: number };

export type AlertSettings = {
  webhook: { url: string; secret: Secret; timeoutMs: number; retries: number; backoffMs: number; maxQueue: number } | undefined;
  keyExpiryDays: number;
};
