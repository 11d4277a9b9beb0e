/**
 * The YAML config's schema. Every object is strict: an unknown key is a load error with its path
 * and line. Defaults live here, so the compiled config is complete.
 */
import { z } from 'zod';
import { modelPriceSchema } from '../catalog/model-price.ts';
import { compressPolicySchema, guardrailAttachmentSchema, guardrailsSectionSchema, toolPolicySchema } from '../guardrails/guardrail-schema.ts';
import { shadowSchema } from '../learning/shadow/shadow-schema.ts';

const name = z.string().min(1);
const positiveInt = z.number().int().positive();
const durationUnits = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** A duration such as 500ms, 30s, 15m, 6h or 1d, in milliseconds (at least one second). */
const durationSchema = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'expected a duration such as 30s, 15m, 6h or 1d')
  .transform((text) => {
    const [, amount, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text)!;
    return Math.round(Number(amount) * durationUnits[unit as keyof typeof durationUnits]);
  })
  .refine((ms) => ms >= 1_000, 'must be at least 1s');
const nonNegativeInt = z.number().int().nonnegative();
const statusCode = z.number().int().min(100).max(599);

export const paramsSchema = z
  .strictObject({
    temperature: z.number().min(0).max(2),
    top_p: z.number().min(0).max(1),
    max_tokens: positiveInt,
    stop: z.union([z.string(), z.array(z.string()).max(16)]),
    presence_penalty: z.number(),
    frequency_penalty: z.number(),
    seed: z.number().int(),
  })
  .partial();

export const capabilitiesSchema = z
  .strictObject({ streaming: z.boolean(), tools: z.boolean(), vision: z.boolean(), json: z.boolean() })
  .partial();

const backoffSchema = z.strictObject({
  initial_ms: nonNegativeInt.default(200),
  max_ms: nonNegativeInt.default(5_000),
  jitter: z.number().min(0).max(1).default(0.2),
});

/** How one target is called: shared by `defaults`, routers and individual targets. */
const callOptionsShape = {
  timeout_ms: positiveInt,
  retries: nonNegativeInt.max(10),
  retry_on: z.array(statusCode),
  backoff: backoffSchema,
  retry_after_cap_ms: nonNegativeInt,
};

export const targetSchema = z.union([
  name,
  z.strictObject({
    use: name,
    weight: z.number().nonnegative().optional(),
    /** Provider model id to call instead of the deployment's. */
    model: name.optional(),
    params: paramsSchema.optional(),
    ...z.object(callOptionsShape).partial().shape,
  }),
]);

const routerCommon = {
  description: z.string().optional(),
  /** Logical-model defaults: requests inherit them unless they set their own. */
  params: paramsSchema.optional(),
  capabilities: capabilitiesSchema.optional(),
  /** Guardrails (by name, from `guardrails.checks`) for requests this router serves. */
  guardrails: guardrailAttachmentSchema,
  /** Which of the client's tools reach the targets (router/guardrails). */
  tools: toolPolicySchema,
  /** Compress a context that does not fit a target instead of skipping it (router/guardrails). */
  compress: compressPolicySchema,
  ...z.object(callOptionsShape).partial().shape,
};

const targetList = z.array(targetSchema).min(1);

const singleRouter = z.strictObject({ strategy: z.literal('single'), target: targetSchema, ...routerCommon });
const failoverRouter = z.strictObject({
  strategy: z.enum(['failover', 'priority']),
  targets: targetList,
  ...routerCommon,
});
const weightedRouter = z.strictObject({
  strategy: z.literal('weighted'),
  targets: targetList,
  /** When the chosen target fails, try the others (heaviest first). */
  failover: z.boolean().default(true),
  ...routerCommon,
});
const leastLatencyRouter = z.strictObject({
  strategy: z.literal('least-latency'),
  targets: targetList,
  exploration: z.number().min(0).max(1).default(0.05),
  ...routerCommon,
});
const lowestCostRouter = z.strictObject({
  strategy: z.literal('lowest-cost'),
  targets: targetList,
  expected_output_tokens: positiveInt.default(256),
  ...routerCommon,
});
const axisWeights = z.strictObject({ quality: z.number().min(0), cost: z.number().min(0), speed: z.number().min(0).default(0) });
export const smartAxisSchema = z.union([z.enum(['cost', 'balanced', 'quality']), axisWeights]);
const smartRouter = z.strictObject({
  strategy: z.literal('smart'),
  candidates: z.array(name).min(1),
  axis: smartAxisSchema.default('balanced'),
  /** Axes a client may pick with `x-switchyard-axis`. */
  allowed_axes: z.array(z.enum(['cost', 'balanced', 'quality'])).optional(),
  /** Shadow evaluation: labels from the router's own traffic (router/learning). */
  shadow: shadowSchema.optional(),
  /** Share of traffic to the most capable candidate, held on live traffic (instead of `axis`' 0.3 / 0.5 / 0.7). */
  strong_share: z.number().min(0).max(1).optional(),
  /** Share of traffic just below the cut that also goes to the most capable candidate (the conservative band). */
  band: z.number().min(0).max(0.5).default(0.02),
  /** Recent requests the cut is computed from (per candidate pair). */
  share_window: z.number().int().min(20).max(100_000).default(1000),
  ...routerCommon,
});

const structuredCondition: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(structuredCondition).min(1) }),
    z.strictObject({ any: z.array(structuredCondition).min(1) }),
    z.strictObject({ not: structuredCondition }),
    z.strictObject({ signal: name, op: name, value: z.unknown().optional() }),
  ]),
);
export const ruleSchema = z.strictObject({
  name: name.optional(),
  if: z.union([z.string().min(1), structuredCondition]),
  use: targetSchema,
  /** Guardrails (by name) for requests this rule routes. */
  guardrails: guardrailAttachmentSchema,
});
const rulesRouter = z.strictObject({
  strategy: z.literal('rules'),
  rules: z.array(ruleSchema).min(1),
  default: targetSchema,
  ...routerCommon,
});
const tierRouter = z.strictObject({
  strategy: z.literal('tier'),
  tiers: z.record(name, targetList),
  /** Where the tier name comes from, tried in this order; the caller's key's tier comes first. */
  tier_from: z
    .strictObject({ header: z.string().default('x-switchyard-tier'), tag: z.string().default('tier') })
    .default({ header: 'x-switchyard-tier', tag: 'tier' }),
  default_tier: name,
  ...routerCommon,
});

export const routerSchema = z.discriminatedUnion('strategy', [
  singleRouter,
  failoverRouter,
  weightedRouter,
  leastLatencyRouter,
  lowestCostRouter,
  smartRouter,
  rulesRouter,
  tierRouter,
]);

const limitsSchema = z.strictObject({ rpm: positiveInt.optional(), tpm: positiveInt.optional() });
const budgetSchema = z.strictObject({
  monthly_usd: z.number().positive(),
  alert_at: z.array(z.number().gt(0).lte(1)).default([0.5, 0.8]),
});
/** A provider's or model's own circuit breaker; what it leaves out comes from `circuit_breaker:`. */
const breakerOverrideSchema = z.strictObject({ failure_threshold: positiveInt.optional(), recovery_ms: positiveInt.optional() });
/** Active health: a probe of the provider at an interval (router/health). */
const healthCheckSchema = z.strictObject({
  /** Between probes (each one `± jitter` of it, so replicas and providers do not probe in step). */
  interval_ms: positiveInt.min(100).default(30_000),
  jitter: z.number().min(0).max(0.5).default(0.1),
  timeout_ms: positiveInt.default(5_000),
  /** `models`: GET the provider's model list (no tokens billed); `chat`: a one-token chat call to `model`. */
  kind: z.enum(['models', 'chat']).default('models'),
  /** For `kind: chat`: a model of this provider (default: its first in `models:`). */
  model: name.optional(),
  /** Failed probes in a row that open the circuits of the provider's models. */
  unhealthy_after: positiveInt.default(2),
});
const providerCommon = {
  circuit_breaker: breakerOverrideSchema.optional(),
  health_check: healthCheckSchema.optional(),
  timeout_ms: positiveInt.optional(),
  /** Keep-alive connections to this provider's origin. */
  max_connections: positiveInt.default(128),
  headers: z.record(z.string(), z.string()).optional(),
  limits: limitsSchema.optional(),
  budget: budgetSchema.optional(),
  /** `model: "<this provider>/<its model id>"` routes straight to this provider with that id (off by default). */
  passthrough_models: z.boolean().default(false),
};
const httpProviderShape = {
  api_key: z.string().optional(),
  base_url: z.url().optional(),
  ...providerCommon,
};

/** Which OpenAI API serves the calls: `auto` (the client's own: Responses for Responses clients, else Chat), `chat` or `responses`. */
const openAIApi = z.enum(['auto', 'chat', 'responses']);

export const providerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('openai'), ...httpProviderShape, api: openAIApi.default('auto') }),
  z.strictObject({ type: z.literal('openai-compatible'), ...httpProviderShape, base_url: z.url(), api: openAIApi.default('chat') }),
  z.strictObject({ type: z.literal('anthropic'), ...httpProviderShape }),
  z.strictObject({ type: z.literal('gemini'), ...httpProviderShape }),
  z.strictObject({ type: z.literal('ollama'), ...httpProviderShape }),
  ...(['vertex', 'vertex-anthropic'] as const).map((type) =>
    z.strictObject({
      /** Vertex AI: `vertex` for Gemini models (publisher google), `vertex-anthropic` for Claude models on Vertex. */
      type: z.literal(type),
      project: z.string().min(1),
      location: z.string().min(1),
      /** A service-account JSON file; or its text in `credentials_json`; neither: Application Default Credentials. */
      credentials_file: z.string().min(1).optional(),
      credentials_json: z.string().min(1).optional(),
      /** Endpoint override (Private Service Connect, a test server); default the location's aiplatform endpoint. */
      base_url: z.url().optional(),
      ...providerCommon,
    }),
  ),
  z.strictObject({
    type: z.literal('bedrock'),
    /** The AWS region of this account (`eu-north-1`): one region per provider. */
    region: z.string().min(1),
    /** Endpoint override (a VPC endpoint, a test server); default the region's bedrock-runtime endpoint. */
    base_url: z.url().optional(),
    /** A profile of the shared AWS config; without it and without a static key, the SDK's standard credential chain. */
    profile: z.string().min(1).optional(),
    access_key_id: z.string().min(1).optional(),
    secret_access_key: z.string().min(1).optional(),
    session_token: z.string().min(1).optional(),
    ...providerCommon,
  }),
  z.strictObject({
    type: z.literal('azure-openai'),
    /** The resource endpoint: `https://{resource}.openai.azure.com` (a model's `model` is its deployment name). */
    endpoint: z.url(),
    /** `v1` (default): the v1 API, `/openai/v1/…`; `preview`: the same with `?api-version=preview`; a date (`2024-10-21`): the classic `/openai/deployments/{deployment}/…?api-version=` URLs. */
    api_version: z.string().regex(/^(v1|preview|\d{4}-\d{2}-\d{2}(-preview)?)$/, 'api_version is v1, preview or a dated version such as 2024-10-21').default('v1'),
    /** Sent as the `api-key` header. Exactly one of `api_key` and `entra_id`. */
    api_key: z.string().optional(),
    /** Microsoft Entra ID bearer tokens from DefaultAzureCredential (env, workload identity, managed identity, Azure CLI…), refreshed before they expire. */
    entra_id: z.strictObject({ scope: z.string().default('https://cognitiveservices.azure.com/.default') }).optional(),
    /** Which API serves the calls; default `auto` on v1 / preview (Responses clients on `/openai/v1/responses`), `chat` on a dated version (the Responses API needs 2025-03-01-preview or later there). */
    api: openAIApi.optional(),
    ...providerCommon,
  }),
  z.strictObject({
    type: z.literal('mock'),
    /** Simulated upstream latency. */
    latency_ms: nonNegativeInt.default(0),
    /** Share of calls that fail with a 500, drawn from the injected random source. */
    failure_rate: z.number().min(0).max(1).default(0),
    /** Simulated output speed for streams. */
    tokens_per_second: z.number().positive().optional(),
    ...providerCommon,
  }),
]);

export const modelSchema = z.strictObject({
  provider: name,
  /** The provider's model id. */
  model: name,
  quality: z.number().min(0).max(100).optional(),
  /** Output tokens per second. */
  speed: z.number().positive().optional(),
  /** USD per million tokens: input, output, cache_read, cache_write (5-minute TTL), cache_write_1h; cache prices default from the catalog. */
  price: modelPriceSchema.optional(),
  context: positiveInt.optional(),
  max_input_tokens: positiveInt.optional(),
  max_output_tokens: positiveInt.optional(),
  capabilities: capabilitiesSchema.optional(),
  params: paramsSchema.optional(),
  timeout_ms: positiveInt.optional(),
  /** `embedding`: serves POST /v1/embeddings only (and no chat request lands on it); default `chat`. */
  kind: z.enum(['chat', 'embedding']).default('chat'),
  /** `type: openai` / `openai-compatible` only: overrides the provider's `api` for this model (a Responses-only model). */
  api: openAIApi.optional(),
  circuit_breaker: breakerOverrideSchema.optional(),
});

/** A project's monthly budget; at 100 % its calls are refused (`block`) or routed to a cheaper router. */
const governedBudgetSchema = z.strictObject({
  monthly_usd: z.number().positive(),
  alert_at: z.array(z.number().gt(0).lte(1)).default([0.5, 0.8]),
  on_exhausted: z.union([z.literal('block'), z.strictObject({ route_to: name })]).default('block'),
});

export const projectSchema = z.strictObject({
  description: z.string().optional(),
  /** Where an empty or unknown `model` goes for this project's callers. */
  default_router: name.optional(),
  /** Routers and models the project may call: names or globs (`gpt-*`); absent means everything. */
  allowed: z.array(name).optional(),
  /** The tier of the project's callers whose key names none. */
  tier: name.optional(),
  /** Tier tables per tier router: `{ <tier router>: { <tier>: [targets] } }` replace that router's tiers for this project. */
  tiers: z.record(name, z.record(name, z.array(name).min(1))).optional(),
  /** Whether the project's callers may pick their tier with the tier router's header (default: no, the key decides). */
  trust_tier_header: z.boolean().default(false),
  limits: limitsSchema.optional(),
  budget: governedBudgetSchema.optional(),
  tags: z.record(z.string(), z.string()).optional(),
  /** Guardrails (by name) for every call of the project's callers. */
  guardrails: guardrailAttachmentSchema,
  /** Which of the client's tools reach the model, for the project's callers. */
  tools: toolPolicySchema,
});

const alertsSchema = z
  .strictObject({
    /** POSTed a JSON body per alert, signed: `x-switchyard-signature: sha256=<hex HMAC-SHA256 of the body>`. */
    webhook: z
      .strictObject({
        url: z.url(),
        /** The HMAC key; compiled into a Secret. */
        secret: z.string().min(16),
        timeout_ms: positiveInt.default(5_000),
        /** Tries after the first, with exponential backoff. */
        retries: nonNegativeInt.max(10).default(4),
        backoff_ms: positiveInt.default(500),
        /** Alerts waiting to be delivered, beyond which the oldest are dropped (with a log line). */
        max_queue: positiveInt.default(1_000),
      })
      .optional(),
    /** A virtual key this close to its expiry raises one alert. */
    key_expiry_days: positiveInt.default(7),
  })
  .prefault({});

const DEFAULT_STORE_PATH = '.switchyard/state.db';

/** A `redis://` or `rediss://` URL. The message never repeats the value: it may hold a password. */
const redisUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { message: 'expected a redis:// or rediss:// URL with a host' },
);

/** A `postgres://` or `postgresql://` URL. The message never repeats the value: it may hold a password. */
const postgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
    } catch {
      return false;
    }
  },
  { message: 'expected a postgres:// or postgresql:// URL' },
);

/** `store.redis` beside postgres: the hot per-second state (rpm/tpm windows, circuits) stays in Redis. */
const companionRedis = z.strictObject({
  url: redisUrl,
  key_prefix: z.string().min(1).default('switchyard:'),
  command_timeout_ms: positiveInt.default(100),
  connect_timeout_ms: positiveInt.default(2_000),
});

const storeKinds = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('memory'), path: z.string().default(DEFAULT_STORE_PATH) }),
  z.strictObject({ kind: z.literal('sqlite'), path: z.string().default(DEFAULT_STORE_PATH) }),
  z.strictObject({
    kind: z.literal('redis'),
    /** May carry a password (`redis://:secret@host:6379/0`); compiled into a Secret. */
    url: redisUrl,
    /** Prepended to every key and channel, so several gateways (or apps) can share one Redis. */
    key_prefix: z.string().min(1).default('switchyard:'),
    /** The audit log stays per replica, in SQLite at this path. */
    path: z.string().default(DEFAULT_STORE_PATH),
    /** Longest wait for one Redis command before the call fails open to local state. */
    command_timeout_ms: positiveInt.default(100),
    /** Longest wait for the first connection at start (the gateway then starts on local state). */
    connect_timeout_ms: positiveInt.default(2_000),
    /** How often spend is pushed to and read back from Redis. */
    sync_ms: positiveInt.default(1_000),
  }),
  z.strictObject({
    kind: z.literal('postgres'),
    /** `postgresql://user:password@host:5432/db`; compiled into a Secret. */
    url: postgresUrl,
    /** This replica's name in the audit log's `replica` column (default hostname-pid). */
    replica: z.string().min(1).max(200).optional(),
    /** Connections in this replica's pool. */
    pool_size: positiveInt.max(100).default(4),
    /** Longest wait for a connection (and for the first one at start: the gateway then starts without it). */
    connect_timeout_ms: positiveInt.default(2_000),
    /** Longest wait for one statement before it counts as an outage. */
    query_timeout_ms: positiveInt.default(5_000),
    /** How often spend is pushed to and read back from the database. */
    sync_ms: positiveInt.default(1_000),
    /** Audit rows held while the database is slow or away; past this, rows are dropped and counted. */
    audit_queue_max: positiveInt.default(20_000),
    /** Rows per INSERT. */
    audit_batch_size: positiveInt.max(10_000).default(500),
    /** How often queued audit rows are written. */
    audit_flush_ms: positiveInt.default(200),
    redis: companionRedis.optional(),
  }),
]);

/** `store`; `kind` defaults to sqlite, so `store: { path: … }` keeps meaning what it always did. */
const storeSchema = z
  .preprocess((value) => (typeof value === 'object' && value !== null && !Array.isArray(value) && !('kind' in value) ? { ...value, kind: 'sqlite' } : value), storeKinds)
  .prefault({});

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(4000),
      body_limit_bytes: positiveInt.default(4 * 1024 * 1024),
      /** IANA timezone for time-based rule signals. */
      timezone: z.string().default('UTC'),
      /** Bearer token for /admin/*; when absent the admin API is open (bind to loopback!). */
      admin_token: z.string().min(1).optional(),
      /** Gateway API keys; when present every /v1 call needs one. */
      api_keys: z
        .array(
          z.strictObject({
            key: z.string().min(8),
            name,
            /** The project the key belongs to (its entitlements, limits and budget). */
            project: name.optional(),
            tier: name.optional(),
            tags: z.record(z.string(), z.string()).optional(),
          }),
        )
        .optional(),
      log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      /** Same-format fast path: a client of the provider's own API gets the provider's answer as it came. */
      passthrough: z.boolean().default(true),
    })
    .default({ host: '127.0.0.1', port: 4000, body_limit_bytes: 4 * 1024 * 1024, timezone: 'UTC', log_level: 'info', passthrough: true }),
  defaults: z
    .strictObject({
      timeout_ms: positiveInt.default(60_000),
      retries: nonNegativeInt.max(10).default(0),
      retry_on: z.array(statusCode).default([408, 409, 429, 500, 502, 503, 504, 529]),
      backoff: backoffSchema.default({ initial_ms: 200, max_ms: 5_000, jitter: 0.2 }),
      retry_after_cap_ms: nonNegativeInt.default(10_000),
    })
    .prefault({}),
  circuit_breaker: z
    .strictObject({
      /** Consecutive failures that open a deployment's circuit. */
      failure_threshold: positiveInt.default(5),
      /** How long an open circuit stays open before one trial request. */
      recovery_ms: positiveInt.default(30_000),
    })
    .prefault({}),
  /** Demotion: a deployment whose recent error rate or latency is far worse than its peers' is tried after them. */
  health: z
    .strictObject({
      enabled: z.boolean().default(true),
      window_ms: positiveInt.min(1_000).default(60_000),
      min_calls: positiveInt.default(10),
      error_rate: z.number().gt(0).lte(1).default(0.25),
      error_margin: z.number().min(0).lte(1).default(0.15),
      latency_factor: z.number().gt(1).default(3),
    })
    .prefault({}),
  store: storeSchema,
  audit: z
    .strictObject({
      enabled: z.boolean().default(true),
      retention_days: positiveInt.default(30),
      store_prompts: z.boolean().default(false),
    })
    .prefault({}),
  scorer: z
    .strictObject({
      pool_size: positiveInt.optional(),
      timeout_ms: positiveInt.default(50),
      max_queue: positiveInt.default(256),
    })
    .prefault({}),
  providers: z.record(name, providerSchema),
  models: z.record(name, modelSchema),
  routers: z.record(name, routerSchema).default({}),
  /** Tenants / teams: entitlements, default router, limits and budget (router/governance). */
  projects: z.record(name, projectSchema).default({}),
  /** Where governance alerts go (budget thresholds, keys near expiry, circuits that open). */
  alerts: alertsSchema,
  /** Learned routers (router/learning): how often the active ones are judged on fresh labels. */
  learning: z
    .strictObject({
      /** Between checks of the active learned routers against the labels that arrived since their activation. */
      check_ms: positiveInt.min(1_000).default(600_000),
      /** Periodic retraining of each labelled pair, off the request path (absent: off; `switchyard train` by hand). */
      retrain: z
        .strictObject({
          /** Between retraining rounds: a duration such as 30s, 15m, 6h or 1d. */
          every: durationSchema,
          /** New labelled prompts of a pair (a label newer than its last training) needed to retrain it. */
          min_labels: positiveInt.min(10).default(200),
          /** The guard's least out-of-fold APGR gain over the current router (as `switchyard train --min-gain`). */
          min_gain: z.number().min(0).max(1).default(0.02),
          /** Training cost grows with n³: above this many labelled prompts a seeded sample is used. */
          max_rows: positiveInt.min(10).default(1000),
        })
        .optional(),
    })
    .prefault({}),
  /** OpenTelemetry traces over OTLP/HTTP (router/observability); absent: off, nothing of it loaded. */
  telemetry: z
    .strictObject({
      otlp_endpoint: z.url(),
      service_name: z.string().min(1).default('switchyard'),
      sample_ratio: z.number().min(0).max(1).default(1),
      /** Sent with each export (a collector's auth token): secrets, redacted like keys. */
      headers: z.record(z.string(), z.string()).default({}),
      export_interval_ms: positiveInt.default(1_000),
      export_timeout_ms: positiveInt.default(10_000),
    })
    .optional(),
  /** The router (or model) for a `model` name that no router or model, exact or glob, matches. */
  default_router: name.optional(),
  /** Inline checks on the input and the output (router/guardrails). */
  guardrails: guardrailsSectionSchema,
});

export type RawConfig = z.output<typeof configSchema>;
export type RawRouter = z.output<typeof routerSchema>;
export type RawTarget = z.output<typeof targetSchema>;
export type RawProvider = z.output<typeof providerSchema>;
export type RawModel = z.output<typeof modelSchema>;
export type RawParams = z.output<typeof paramsSchema>;
export type RawRule = z.output<typeof ruleSchema>;
export type RawStore = z.output<typeof storeSchema>;
export type RawProject = z.output<typeof projectSchema>;
