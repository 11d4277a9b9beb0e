import { createHash } from 'node:crypto';
import { mergeModelPrice } from '../catalog/model-price.ts';
import type { RawConfig, RawTarget } from './config-schema.ts';
import type { CallOptions, Capabilities, CompiledConfig, CompiledRouter, Deployment, ProviderSettings, StoreSettings } from './compiled-config.ts';
import { ConfigError, formatPath, type ConfigIssue } from './config-error.ts';
import { EMBEDDING_PROVIDER_TYPES } from '../embeddings/embedding-provider-types.ts';
import { findEmbeddingConflicts } from '../embeddings/find-embedding-conflicts.ts';
import type { ConfigLocator as Locate } from './create-config-locator.ts';
import { compileModelNames, isNamePattern, type PassthroughProvider } from './compile-model-names.ts';
import { convertParams } from './convert-params.ts';
import { deepFreeze } from './deep-freeze.ts';
import { referencedTargets, targetName } from './referenced-targets.ts';
import { Secret } from './secret.ts';
import { compilePolicy, PolicyCompileError } from '../routing/compile-policy.ts';
import type { TargetRef } from '../routing/routing-types.ts';
import type { ShareWindowStore } from '../routing/strategies/share-window-store.ts';
import type { PairGainModel } from '../routing/strategies/smart-pair-gain.ts';
import { loadModelCatalog } from '../catalog/load-model-catalog.ts';
import { compileProjects, compileStaticKeys, type ProjectIssue } from '../governance/compile-projects.ts';
import { compileGuardrails, type GuardrailIssue } from '../guardrails/compile-guardrails.ts';
import { compileShadowSettings } from '../learning/shadow/shadow-settings.ts';


// Unknown capabilities are assumed present: the provider, not the gateway, refuses what a model cannot do.
// The catalog narrows them for models it knows (smart routing); `capabilities:` in the config decides.
const DEFAULT_CAPABILITIES: Capabilities = Object.freeze({ streaming: true, tools: true, vision: true, json: true });

function compileProvider(name: string, raw: RawConfig['providers'][string]): ProviderSettings {
  const isMock = raw.type === 'mock';
  return {
    name,
    type: raw.type,
    apiKey: 'api_key' in raw && raw.api_key !== undefined ? new Secret(raw.api_key) : undefined,
    baseUrl: isMock || raw.type === 'azure-openai' ? undefined : raw.base_url,
    azure: raw.type === 'azure-openai' ? { endpoint: raw.endpoint, apiVersion: raw.api_version, entraScope: raw.entra_id?.scope } : undefined,
    headers: raw.headers ?? {},
    timeoutMs: raw.timeout_ms,
    maxConnections: raw.max_connections,
    api: raw.type === 'openai' || raw.type === 'openai-compatible' ? raw.api : raw.type === 'azure-openai' ? (raw.api ?? (['v1', 'preview'].includes(raw.api_version) ? 'auto' : 'chat')) : undefined,
    mock: isMock ? { latencyMs: raw.latency_ms, failureRate: raw.failure_rate, tokensPerSecond: raw.tokens_per_second } : undefined,
    vertex:
      raw.type === 'vertex' || raw.type === 'vertex-anthropic'
        ? { project: raw.project, location: raw.location, credentialsFile: raw.credentials_file, credentialsJson: raw.credentials_json === undefined ? undefined : new Secret(raw.credentials_json) }
        : undefined,
    bedrock:
      raw.type === 'bedrock'
        ? {
            region: raw.region,
            profile: raw.profile,
            accessKeyId: raw.access_key_id === undefined ? undefined : new Secret(raw.access_key_id),
            secretAccessKey: raw.secret_access_key === undefined ? undefined : new Secret(raw.secret_access_key),
            sessionToken: raw.session_token === undefined ? undefined : new Secret(raw.session_token),
          }
        : undefined,
    limits: raw.limits,
    budget: raw.budget ? { monthlyUsd: raw.budget.monthly_usd, alertAt: raw.budget.alert_at } : undefined,
    passthroughModels: raw.passthrough_models,
  };
}

/** A model's breaker: its own `circuit_breaker`, else its provider's, over the global one; undefined when neither sets one. */
function ownBreaker(raw: RawConfig, model: RawBreaker | undefined, provider: RawBreaker | undefined): Deployment['circuitBreaker'] {
  if (model === undefined && provider === undefined) return undefined;
  return {
    failureThreshold: model?.failure_threshold ?? provider?.failure_threshold ?? raw.circuit_breaker.failure_threshold,
    recoveryMs: model?.recovery_ms ?? provider?.recovery_ms ?? raw.circuit_breaker.recovery_ms,
  };
}

type RawBreaker = { failure_threshold?: number | undefined; recovery_ms?: number | undefined };

/**
 * `passthrough_models: true` providers → what builds the deployment of one `<provider>/<model id>`
 * request: the catalog's list price for the id (cost and budgets stay right), capabilities assumed
 * (the provider refuses what the model cannot do), the provider's timeout and API.
 */
function compilePassthroughProviders(providers: ReadonlyMap<string, ProviderSettings>, catalog: ReturnType<typeof loadModelCatalog>): Map<string, PassthroughProvider> {
  const passthrough = new Map<string, PassthroughProvider>();
  for (const provider of providers.values()) {
    if (provider.passthroughModels !== true) continue;
    passthrough.set(provider.name, (name, providerModel) => ({
      name,
      provider,
      providerModel,
      quality: undefined,
      speed: undefined,
      price: catalog.lookup(providerModel)?.price,
      context: undefined,
      maxInputTokens: undefined,
      maxOutputTokens: undefined,
      capabilities: DEFAULT_CAPABILITIES,
      params: {},
      timeoutMs: provider.timeoutMs,
      api: provider.api,
    }));
  }
  return passthrough;
}

function compileStore(raw: RawConfig['store']): StoreSettings {
  if (raw.kind === 'postgres') {
    const redis = raw.redis;
    return {
      kind: 'postgres',
      url: new Secret(raw.url),
      replica: raw.replica,
      poolSize: raw.pool_size,
      connectTimeoutMs: raw.connect_timeout_ms,
      queryTimeoutMs: raw.query_timeout_ms,
      syncMs: raw.sync_ms,
      auditQueueMax: raw.audit_queue_max,
      auditBatchSize: raw.audit_batch_size,
      auditFlushMs: raw.audit_flush_ms,
      redis:
        redis === undefined
          ? undefined
          : {
              kind: 'redis',
              path: '',
              url: new Secret(redis.url),
              keyPrefix: redis.key_prefix,
              commandTimeoutMs: redis.command_timeout_ms,
              connectTimeoutMs: redis.connect_timeout_ms,
              syncMs: raw.sync_ms,
            },
    };
  }
  if (raw.kind !== 'redis') return { kind: raw.kind, path: raw.path };
  return {
    kind: 'redis',
    path: raw.path,
    url: new Secret(raw.url),
    keyPrefix: raw.key_prefix,
    commandTimeoutMs: raw.command_timeout_ms,
    connectTimeoutMs: raw.connect_timeout_ms,
    syncMs: raw.sync_ms,
  };
}

function compileCallOptions(raw: {
  timeout_ms?: number | undefined;
  retries?: number | undefined;
  retry_on?: number[] | undefined;
  backoff?: { initial_ms: number; max_ms: number; jitter: number } | undefined;
  retry_after_cap_ms?: number | undefined;
}): Partial<CallOptions> {
  const options: Partial<CallOptions> = {};
  if (raw.timeout_ms !== undefined) options.timeoutMs = raw.timeout_ms;
  if (raw.retries !== undefined) options.retries = raw.retries;
  if (raw.retry_on !== undefined) options.retryOn = new Set(raw.retry_on);
  if (raw.backoff !== undefined) options.backoff = { initialMs: raw.backoff.initial_ms, maxMs: raw.backoff.max_ms, jitter: raw.backoff.jitter };
  if (raw.retry_after_cap_ms !== undefined) options.retryAfterCapMs = raw.retry_after_cap_ms;
  return options;
}

/** A config target → the reference a policy returns. Names are already checked to exist. */
export function toTargetRef(target: RawTarget, routers: ReadonlySet<string>): TargetRef {
  const name = targetName(target);
  const kind = routers.has(name) ? 'router' : 'model';
  if (typeof target === 'string') return { name, kind };
  const reference: TargetRef = { name, kind };
  if (target.model !== undefined) reference.providerModel = target.model;
  if (target.params !== undefined) reference.params = convertParams(target.params);
  const callOptions = compileCallOptions(target);
  if (Object.keys(callOptions).length > 0) reference.callOptions = callOptions;
  if (target.weight !== undefined) reference.weight = target.weight;
  return reference;
}

function findCycles(raw: RawConfig, issues: ConfigIssue[], file: string, locate: Locate): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (router: string, trail: string[]): void => {
    if (state.get(router) === 'done') return;
    if (state.get(router) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(router)), router];
      const at = locate(['routers', router]);
      issues.push({ file, line: at?.line, column: at?.column, path: `routers.${router}`, message: `router cycle: ${cycle.join(' → ')}` });
      return;
    }
    state.set(router, 'visiting');
    for (const { target } of referencedTargets(raw.routers[router]!)) {
      const next = targetName(target);
      if (next in raw.routers) visit(next, [...trail, router]);
    }
    state.set(router, 'done');
  };
  for (const router of Object.keys(raw.routers)) visit(router, []);
}

function deniedCapabilitiesOf(capabilities: Partial<Capabilities>): ReadonlySet<keyof Capabilities> | undefined {
  const off = (Object.keys(capabilities) as Array<keyof Capabilities>).filter((name) => capabilities[name] === false);
  return off.length === 0 ? undefined : new Set(off);
}

/**
 * Raw config → compiled, frozen config: references resolved (a model's provider, every router
 * target), router cycles rejected, policies compiled. Every problem is reported at once.
 */
export function compileConfig(raw: RawConfig, options: { file: string; text: string; locate: Locate; shareWindows?: ShareWindowStore; pairGain?: PairGainModel }): CompiledConfig {
  const { file, locate } = options;
  const issues: ConfigIssue[] = [];
  const issueAt = (path: Array<string | number>, message: string) => {
    const at = locate(path);
    issues.push({ file, line: at?.line, column: at?.column, path: formatPath(path), message });
  };

  for (const name of Object.keys(raw.models)) {
    if (name in raw.routers) issueAt(['routers', name], `'${name}' names both a model and a router`);
  }
  const rawProviders = raw.providers;
  const providers = new Map(Object.entries(raw.providers).map(([name, provider]) => [name, compileProvider(name, provider)]));
  const deployments = new Map<string, Deployment>();
  const catalog = loadModelCatalog();
  for (const [name, model] of Object.entries(raw.models)) {
    const provider = providers.get(model.provider);
    if (provider === undefined) {
      issueAt(['models', name, 'provider'], `unknown provider '${model.provider}' (known: ${[...providers.keys()].join(', ') || 'none'})`);
      continue;
    }
    deployments.set(name, {
      name,
      provider,
      providerModel: model.model,
      quality: model.quality,
      speed: model.speed,
      // Unset, the catalog's list price (by deployment name, then provider model id), so cost,
      // budgets and lowest-cost see what the provider bills; set it for discounts or self-hosting.
      // A configured price without cache prices keeps the catalog's.
      price: mergeModelPrice(model.price, (catalog.lookup(name) ?? catalog.lookup(model.model))?.price),
      context: model.context,
      maxInputTokens: model.max_input_tokens,
      maxOutputTokens: model.max_output_tokens,
      capabilities: { ...DEFAULT_CAPABILITIES, ...model.capabilities },
      kind: model.kind,
      params: convertParams(model.params),
      timeoutMs: model.timeout_ms ?? provider.timeoutMs,
      api: model.api ?? provider.api,
      circuitBreaker: ownBreaker(raw, model.circuit_breaker, raw.providers[model.provider]?.circuit_breaker),
    });
    if (model.kind === 'embedding' && !EMBEDDING_PROVIDER_TYPES.has(provider.type)) issueAt(['models', name, 'kind'], `provider '${model.provider}' (${provider.type}) has no embeddings endpoint (embedding models: ${[...EMBEDDING_PROVIDER_TYPES].join(', ')})`);
    if (model.api !== undefined && provider.api === undefined) issueAt(['models', name, 'api'], `api applies to openai, openai-compatible and azure-openai providers only ('${model.provider}' is ${provider.type})`);
  }

  for (const [name, raw] of Object.entries(rawProviders)) {
    if (raw.type === 'azure-openai' && (raw.api_key === undefined) === (raw.entra_id === undefined)) issueAt(['providers', name], 'an azure-openai provider takes exactly one of api_key (the api-key header) and entra_id (Entra ID tokens)');
  }
  for (const [name, provider] of providers) {
    const check = raw.providers[name]?.health_check;
    if (check === undefined) continue;
    // A chat probe is a one-token chat call: embedding models cannot take it.
    const own = [...deployments.values()].filter((deployment) => deployment.provider === provider && deployment.kind !== 'embedding').map((deployment) => deployment.name);
    let model: string | undefined;
    if (check.kind === 'chat') {
      model = check.model ?? own[0];
      if (model === undefined) issueAt(['providers', name, 'health_check', 'kind'], `a chat probe needs a model of provider '${name}' and none is configured`);
      else if (!own.includes(model)) issueAt(['providers', name, 'health_check', 'model'], `'${model}' is not a model of provider '${name}' (its models: ${own.join(', ') || 'none'})`);
    } else if (check.model !== undefined) issueAt(['providers', name, 'health_check', 'model'], 'model applies to kind chat');
    else if (['mock', 'bedrock', 'vertex', 'vertex-anthropic', 'azure-openai'].includes(provider.type)) issueAt(['providers', name, 'health_check', 'kind'], `${provider.type === 'azure-openai' ? 'an' : 'a'} ${provider.type} provider has no model list probe: use kind chat`);
    provider.healthCheck = { intervalMs: check.interval_ms, jitter: check.jitter, timeoutMs: check.timeout_ms, kind: check.kind, model, unhealthyAfter: check.unhealthy_after };
  }

  const known = [...Object.keys(raw.models), ...Object.keys(raw.routers)];
  for (const [name, router] of Object.entries(raw.routers)) {
    for (const { target, path } of referencedTargets(router)) {
      const referenced = targetName(target);
      if (!(referenced in raw.models) && !(referenced in raw.routers)) {
        issueAt(['routers', name, ...path], `unknown model or router '${referenced}' (known: ${known.join(', ')})`);
      }
    }
  }
  if (raw.default_router !== undefined && (isNamePattern(raw.default_router) || !known.includes(raw.default_router))) {
    issueAt(['default_router'], `default_router must name a router or model exactly: '${raw.default_router}' is not one (known: ${known.filter((entry) => !isNamePattern(entry)).join(', ')})`);
  }
  findCycles(raw, issues, file, locate);
  if (issues.length > 0) throw new ConfigError(issues);
  for (const conflict of findEmbeddingConflicts(raw)) issueAt(['routers', conflict.router], conflict.message);
  if (issues.length > 0) throw new ConfigError(issues);

  const routerNames = new Set(Object.keys(raw.routers));
  const routers = new Map<string, CompiledRouter>();
  for (const [name, router] of Object.entries(raw.routers)) {
    try {
      const policy = compilePolicy(router, {
        routerName: name,
        toTarget: (target) => toTargetRef(target, routerNames),
        deployments,
        timezone: raw.server.timezone,
        routers: raw.routers,
        ...(options.shareWindows === undefined ? {} : { shareWindows: options.shareWindows }),
        ...(options.pairGain === undefined ? {} : { pairGain: options.pairGain }),
      });
      routers.set(name, {
        name,
        strategy: router.strategy,
        description: router.description,
        policy: Object.freeze(policy),
        defaultParams: convertParams(router.params),
        capabilities: router.capabilities ?? {},
        deniedCapabilities: deniedCapabilitiesOf(router.capabilities ?? {}),
        callOptions: compileCallOptions(router),
      });
    } catch (error) {
      if (!(error instanceof PolicyCompileError)) throw error;
      const path = ['routers', name, ...error.path];
      const at = locate(path);
      // A block scalar (`if: |`) starts on the line after its indicator.
      const blockScalar = at !== undefined && /^[|>]/.test(options.text.split('\n')[at.line - 1]?.slice(at.column - 1) ?? '');
      const line = at?.line !== undefined ? at.line + (error.line ?? 1) - 1 + (blockScalar ? 1 : 0) : undefined;
      issues.push({ file, line, column: at?.column, path: formatPath(path), message: error.message });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);

  const projectIssues: ProjectIssue[] = [];
  const projects = compileProjects(
    raw,
    { routers: routerNames, models: new Set(Object.keys(raw.models)), toTarget: (target) => toTargetRef(target, routerNames) },
    projectIssues,
  );
  const apiKeys = compileStaticKeys(raw, projects, projectIssues);
  for (const issue of projectIssues) issueAt(issue.path, issue.message);
  const guardrailIssues: GuardrailIssue[] = [];
  const guardrails = compileGuardrails(raw, guardrailIssues);
  for (const issue of guardrailIssues) issueAt(issue.path, issue.message);
  const shadow = compileShadowSettings(raw.routers, deployments, issueAt);
  if (issues.length > 0) throw new ConfigError(issues);

  const defaults: CallOptions = {
    timeoutMs: raw.defaults.timeout_ms,
    retries: raw.defaults.retries,
    retryOn: new Set(raw.defaults.retry_on),
    backoff: { initialMs: raw.defaults.backoff.initial_ms, maxMs: raw.defaults.backoff.max_ms, jitter: raw.defaults.backoff.jitter },
    retryAfterCapMs: raw.defaults.retry_after_cap_ms,
  };
  const compiled: CompiledConfig = {
    file,
    hash: createHash('sha256').update(options.text).digest('hex'),
    server: raw.server,
    defaults,
    circuitBreaker: { failureThreshold: raw.circuit_breaker.failure_threshold, recoveryMs: raw.circuit_breaker.recovery_ms },
    learning: {
      checkMs: raw.learning.check_ms,
      retrain:
        raw.learning.retrain === undefined
          ? undefined
          : { everyMs: raw.learning.retrain.every, minLabels: raw.learning.retrain.min_labels, minGain: raw.learning.retrain.min_gain, maxRows: raw.learning.retrain.max_rows },
    },
    telemetry:
      raw.telemetry === undefined
        ? undefined
        : {
            otlpEndpoint: raw.telemetry.otlp_endpoint,
            serviceName: raw.telemetry.service_name,
            sampleRatio: raw.telemetry.sample_ratio,
            headers: Object.fromEntries(Object.entries(raw.telemetry.headers).map(([header, value]) => [header, new Secret(value)])),
            exportIntervalMs: raw.telemetry.export_interval_ms,
            exportTimeoutMs: raw.telemetry.export_timeout_ms,
          },
    demotion: raw.health.enabled
      ? { windowMs: raw.health.window_ms, minCalls: raw.health.min_calls, errorRate: raw.health.error_rate, errorMargin: raw.health.error_margin, latencyFactor: raw.health.latency_factor }
      : undefined,
    store: compileStore(raw.store),
    audit: raw.audit,
    scorer: raw.scorer,
    providers,
    deployments,
    routers,
    projects,
    apiKeys,
    requireApiKey: apiKeys !== undefined || projects.size > 0,
    alerts: {
      webhook:
        raw.alerts.webhook === undefined
          ? undefined
          : {
              url: raw.alerts.webhook.url,
              secret: new Secret(raw.alerts.webhook.secret),
              timeoutMs: raw.alerts.webhook.timeout_ms,
              retries: raw.alerts.webhook.retries,
              backoffMs: raw.alerts.webhook.backoff_ms,
              maxQueue: raw.alerts.webhook.max_queue,
            },
      keyExpiryDays: raw.alerts.key_expiry_days,
    },
    modelNames: compileModelNames(Object.keys(raw.routers), Object.keys(raw.models), raw.default_router, compilePassthroughProviders(providers, catalog)),
    // Frozen where it is built: detectors keep compiled RegExps, which must stay usable.
    guardrails,
    shadow,
  };
  // Policies are frozen shallowly above (they may hold compiled RegExps, which must stay usable);
  // everything else is frozen deeply.
  for (const router of routers.values()) {
    deepFreeze(router.defaultParams);
    deepFreeze(router.capabilities);
    deepFreeze(router.callOptions);
    Object.freeze(router);
  }
  deepFreeze(providers);
  deepFreeze(deployments);
  Object.freeze(routers);
  Object.freeze(compiled.modelNames.patterns);
  Object.freeze(compiled.modelNames);
  deepFreeze(defaults);
  deepFreeze(raw.server);
  deepFreeze(compiled.store);
  deepFreeze(raw.audit);
  deepFreeze(raw.scorer);
  deepFreeze(projects);
  deepFreeze(apiKeys);
  deepFreeze(compiled.alerts);
  Object.freeze(shadow);
  return Object.freeze(compiled);
}
