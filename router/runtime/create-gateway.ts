import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../config/config-error.ts';
import type { CompiledConfig } from '../config/compiled-config.ts';
import { loadConfigFile, loadConfigText } from '../config/load-config.ts';
import { watchConfigFile } from '../config/watch-config-file.ts';
import type { ExecutionEnvironment } from '../pipeline/execute-plan.ts';
import { buildApp } from '../http/build-app.ts';
import type { ScorerClientOptions } from '../scoring/create-scorer-client.ts';
import { startScorer } from '../scoring/start-scorer.ts';
import { HealthRegistry, type HealthSettings } from '../health/health-registry.ts';
import { ProviderProbes } from '../health/probe-providers.ts';
import { RollbackChecks } from '../learning/rollback-checks.ts';
import { claimRedisRound } from '../state/claim-redis-alert.ts';
import { PostgresConnection } from '../state/postgres-connection.ts';
import { RedisConnection } from '../state/redis-connection.ts';
import { MemoryResponseAffinity, RedisResponseAffinity } from '../state/response-affinity.ts';
import { shareCircuits, type SharedCircuits } from '../health/share-circuits.ts';
import { openAuditStore } from '../audit/open-audit-store.ts';
import { PostgresAuditStore } from '../audit/postgres-audit-store.ts';
import { openProviderLimits } from '../limits/open-provider-limits.ts';
import { RoutingStats } from '../observability/routing-stats.ts';
import { GatewayMetrics } from '../observability/gateway-metrics.ts';
import { SecretRedactor } from '../observability/secret-redactor.ts';
import { collectSecretValues } from '../config/collect-secret-values.ts';
import { createRuntime } from './gateway-runtime.ts';
import type { GatewayServices } from './gateway-services.ts';
import { RuntimeHolder } from './runtime-holder.ts';
import { restartOnlyChanges } from './restart-only-changes.ts';
import { AlertSender } from '../governance/alert-sender.ts';
import { openCallerLimits } from '../governance/open-caller-limits.ts';
import { openAlertClaims } from '../governance/open-alert-claims.ts';
import { openKeyStore } from '../governance/open-key-store.ts';
import { VirtualKeys } from '../governance/virtual-keys.ts';
import { openLabelStore } from '../learning/labels/open-label-store.ts';
import { ShadowMetrics } from '../learning/shadow/shadow-metrics.ts';
import { ShadowRunner } from '../learning/shadow/shadow-runner.ts';
import { openShadowSpendStore } from '../learning/shadow/open-shadow-spend-store.ts';
import { ShareWindowStore } from '../routing/strategies/share-window-store.ts';
import { learnedPairGain } from '../learning/learned-pair-gain.ts';
import type { LearnedRouters } from '../learning/learned-routers.ts';
import { startLearnedRouters } from '../learning/learned-routers-service.ts';
import { RetrainSchedule } from '../learning/training/retrain-schedule.ts';
import { runRetrainJob } from '../learning/training/run-retrain-job.ts';
import { irtPairGain } from '../routing/strategies/smart-pair-gain.ts';

export type GatewayOptions = {
  /** A config file (watched for changes unless `watch: false`), or inline YAML text. */
  configFile?: string;
  configText?: string;
  watch?: boolean;
  environment?: Readonly<Record<string, string | undefined>>;
  random?: () => number;
  now?: () => number;
  /** How long a config replaced by a reload waits for its last request before its pools close (default 120 s). */
  drainGraceMs?: number;
  /** Pino options; `stream` receives the JSON lines (tests read them). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** The fetch alert webhooks are sent with (default the global). */
  fetch?: typeof fetch;
  /** The fetch Google's auth library gets Vertex access tokens with (default the global). */
  googleAuthFetch?: typeof fetch;
  /** The scorer pool's worker module instead of the real one (tests: a scripted worker, no model). */
  scorerWorkerFile?: ScorerClientOptions['workerFile'];
};

export type Gateway = {
  app: ReturnType<typeof buildApp>;
  services: GatewayServices;
  reload(): Promise<{ ok: true; generation: number } | { ok: false; error: string }>;
  /** Drains in-flight requests for up to `drainMs`, then closes what is left. */
  close(drainMs?: number): Promise<void>;
};

/** Load the config, build the long-lived services and the app. Does not listen. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const variables = options.environment ?? process.env;
  // The smart routers' share windows outlive reloads (a reload keeps the cut live traffic taught).
  const shareWindows = new ShareWindowStore();
  // Smart routers rank by the learned gain of a pair once one is active (services.learned, below).
  let learnedRouters: LearnedRouters | undefined;
  const pairGain = learnedPairGain(() => learnedRouters, irtPairGain);
  const load = async (): Promise<CompiledConfig> => {
    if (options.configFile !== undefined) return loadConfigFile(options.configFile, variables, { shareWindows, pairGain });
    if (options.configText !== undefined) return loadConfigText(options.configText, '<inline>', variables, { shareWindows, pairGain });
    throw new Error('createGateway needs configFile or configText');
  };
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const adapterEnvironment = { random, ...(options.googleAuthFetch === undefined ? {} : { googleAuthFetch: options.googleAuthFetch }) };
  const environment: ExecutionEnvironment = {
    random,
    now: () => performance.now(),
    sleep: (ms, signal) => sleep(ms, undefined, { signal }),
  };
  const config = await load();
  const holder = new RuntimeHolder(createRuntime(config, adapterEnvironment), options.drainGraceMs === undefined ? {} : { drainGraceMs: options.drainGraceMs });
  const health = new HealthRegistry(healthSettings(config), now);
  const redactor = new SecretRedactor();
  redactor.add(collectSecretValues(config, variables));

  const services: GatewayServices = {
    holder,
    health,
    environment,
    redactor,
    newId: () => randomUUID(),
    now,
    stats: new RoutingStats(now()),
    metrics: new GatewayMetrics(health, { store: () => services.storeStatus?.() }),
  };
  const logger = options.logger ?? { level: config.server.log_level };
  const app = buildApp({ services, logger });
  // `store` changes need a restart: the connections are made once, from the config at start.
  let postgres: PostgresConnection | undefined;
  if (config.store.kind === 'postgres') {
    postgres = new PostgresConnection(config.store, { log: app.log, now });
    await postgres.connect();
  }
  const audit = openAuditStore(config, now, { postgres, log: app.log });
  if (audit !== undefined) services.audit = audit;
  // Labels live beside the audit log; shadow evaluation writes them (a reload may add a shadow block).
  services.labels = openLabelStore(config, now, { audit, postgres });
  let redis: RedisConnection | undefined;
  let circuits: SharedCircuits | undefined;
  const redisSettings = config.store.kind === 'redis' ? config.store : config.store.kind === 'postgres' ? config.store.redis : undefined;
  if (redisSettings !== undefined) {
    redis = new RedisConnection(redisSettings, { log: app.log, now });
    const connection = redis;
    services.storeStatus = () => connection.status();
    await redis.connect();
    circuits = await shareCircuits(health, redis, { now, recoveryMs: () => holder.current.config.circuitBreaker.recoveryMs });
  }
  const alerts = new AlertSender({ settings: () => holder.current.config.alerts, log: app.log, now, newId: services.newId, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) });
  services.alerts = alerts;
  if (postgres !== undefined) {
    const connection = postgres;
    const redisStatus = services.storeStatus;
    services.storeStatus = () => ({
      ...connection.status(),
      ...(audit instanceof PostgresAuditStore ? { audit: audit.status() } : {}),
      unsyncedSpendUsd: (services.limits?.unsyncedSpendUsd() ?? 0) + (services.callerLimits?.unsyncedSpendUsd() ?? 0),
      ...(redisStatus === undefined ? {} : { redis: redisStatus() }),
    });
  }
  services.limits = openProviderLimits(config, {
    redis,
    postgres,
    log: app.log,
    now,
    providers: () => holder.current.config.providers.values(),
    onAlert: (alert) =>
      alerts.send({ type: 'budget_threshold', account: 'provider', name: alert.provider, month: alert.month, threshold: alert.threshold, spend_usd: alert.spendUsd, budget_usd: alert.budgetUsd }),
  });
  // Keys and projects: their counters and the virtual keys live in the same store kind.
  services.callerLimits = openCallerLimits(config, {
    redis,
    postgres,
    log: app.log,
    now,
    onAlert: (alert) => {
      const [account, ...rest] = alert.provider.split(':');
      alerts.send({ type: 'budget_threshold', account: account === 'key' ? 'key' : 'project', name: rest.join(':'), month: alert.month, threshold: alert.threshold, spend_usd: alert.spendUsd, budget_usd: alert.budgetUsd });
    },
  });
  services.keys = new VirtualKeys(openKeyStore(config, { redis, postgres }), { now, config: () => holder.current.config, claims: openAlertClaims(config, { redis, postgres }) });
  // With a shared store the shadow budget is one for all replicas.
  const shadowSpend = openShadowSpendStore(config, { redis, postgres, log: app.log });
  services.shadow = new ShadowRunner({ holder, labels: services.labels, limits: services.limits, metrics: new ShadowMetrics(services.metrics?.registry), random, now, log: app.log, sharedSpend: shadowSpend });
  services.responseAffinity = redis === undefined ? new MemoryResponseAffinity({ now }) : new RedisResponseAffinity(redis, { now });
  health.onChange((change) => {
    if (change.state === 'open') alerts.send({ type: 'circuit_open', deployment: change.deployment, last_error: change.lastError ?? null });
  });
  const probeRedis = redis;
  const probes = new ProviderProbes({
    config: () => holder.current.config,
    adapters: () => holder.current.adapters,
    health,
    log: app.log,
    now,
    random,
    ...(probeRedis === undefined ? {} : { claim: (provider: string, ttlMs: number) => claimRedisRound(probeRedis, `probe:${provider}`, ttlMs) }),
    onProbe: (provider, ok) => services.metrics?.countProbe(provider, ok),
  });
  services.probes = probes;
  probes.configure(config);
  if (config.telemetry !== undefined) {
    // Loaded only when configured: with telemetry off the SDK is never imported.
    const { createOpenTelemetryTracer } = await import('../observability/open-telemetry-tracer.ts');
    services.tracer = createOpenTelemetryTracer(config.telemetry, (text) => redactor.redact(text), packageVersion());
  }
  await services.limits.syncSpend();
  await services.callerLimits.syncSpend();
  services.onSettleFailure = (error, requestId) =>
    app.log.error({ err: error, requestId }, 'limits and spend not settled: the rate limits and budgets miss this call');
  // The scorer pool lives as long as the gateway; a reload that adds a smart router starts it.
  const useScorer = async (next: CompiledConfig) => {
    if (services.scorer !== undefined) return;
    const started = await startScorer(next, options.scorerWorkerFile === undefined ? {} : { workerFile: options.scorerWorkerFile });
    if (started === undefined) return;
    services.scorer = started.scorer;
    if (started.error !== undefined) app.log.error(started.error);
  };
  await useScorer(config);
  // Learned routers (learned/ beside the state file): active.json is watched like the config file.
  const learned = await startLearnedRouters(config, {
    log: app.log,
    registry: services.metrics?.registry,
    deployments: () => holder.current.config.deployments,
    alert: (alert) => alerts.send(alert),
    watch: options.watch !== false,
  });
  services.learned = learned.routers;
  learnedRouters = learned.routers;
  // The scorer's workers compute the learned models' n-gram half with each score (off the event loop).
  const shareLearnedModels = () => services.scorer?.setLearnedModels?.(learned.routers.textModels());
  shareLearnedModels();
  const stopSharingLearned = learned.routers.onSwap(shareLearnedModels);
  services.rollback = learned.rollback;
  const labelStore = services.labels;
  if (labelStore !== undefined) {
    services.rollbackChecks = new RollbackChecks({
      routers: learned.routers,
      rollback: learned.rollback,
      scorer: () => services.scorer,
      requests: () => labelStore.requests(),
      intervalMs: config.learning.checkMs,
      log: app.log,
    });
    services.rollbackChecks.start();
    // learning.retrain: each round trains in a worker thread; read from the running config, so a reload changes it.
    services.retrain = new RetrainSchedule({
      routers: learned.routers,
      settings: () => holder.current.config.learning.retrain,
      deployments: () => holder.current.config.deployments,
      requests: () => labelStore.requests(),
      source: `labels of ${config.file} (learning.retrain)`,
      runJob: runRetrainJob,
      onOutcome: (outcome) => outcome.action !== 'skipped' && learned.metrics.retrain(outcome.pair, outcome.action),
      log: app.log,
    });
    services.retrain.configure();
  }

  let reloading = Promise.resolve();
  const reload = async (): Promise<{ ok: true; generation: number } | { ok: false; error: string }> => {
    const run = reloading.then(async () => {
      // A reload re-reads learned/active.json too, whether or not the config changed.
      await learned.routers.load();
      try {
        const next = await load();
        if (next.hash === holder.current.config.hash) return { ok: true as const, generation: holder.generation };
        // Before anything runs on the new config: its secrets are redacted from the first request on.
        redactor.add(collectSecretValues(next, variables));
        const runtime = createRuntime(next, adapterEnvironment);
        const scorerRunning = services.scorer !== undefined;
        await useScorer(next);
        if (!scorerRunning) shareLearnedModels();
        health.configure(healthSettings(next));
        const pending = restartOnlyChanges(next, config, { scorerRunning });
        if (pending.length > 0) {
          app.log.warn({ settings: pending }, `settings changed that apply after a restart: ${pending.join(', ')}; still using the values the gateway started with`);
        }
        // Requests in flight keep the old runtime (their lease); its pools close once they are done.
        void holder.swap(runtime);
        services.retrain?.configure();
        probes.configure(next);
        app.log.info({ file: next.file, generation: holder.generation }, 'config reloaded');
        return { ok: true as const, generation: holder.generation };
      } catch (error) {
        const message = error instanceof ConfigError ? error.message : `reload failed: ${(error as Error).message}`;
        app.log.error(message + ' (still serving the previous config)');
        return { ok: false as const, error: message };
      }
    });
    reloading = run.then(() => undefined);
    return run;
  };
  services.reload = reload;

  const stopWatching = options.configFile !== undefined && options.watch !== false ? watchConfigFile(options.configFile, () => void reload()) : () => undefined;
  return {
    app,
    services,
    reload,
    async close(drainMs = 10_000) {
      stopWatching();
      probes.close();
      services.rollbackChecks?.close();
      services.retrain?.close();
      learned.close();
      stopSharingLearned();
      // Graceful: stop accepting, let in-flight calls finish; past the deadline, cut what is left.
      const deadline = setTimeout(() => app.server.closeAllConnections(), drainMs);
      deadline.unref();
      await app.close();
      clearTimeout(deadline);
      await services.shadow?.close();
      await shadowSpend?.close();
      await holder.close();
      await services.audit?.close();
      await services.labels?.close();
      await services.limits?.close();
      await services.callerLimits?.close();
      await services.keys?.store.close();
      await services.alerts?.close();
      await circuits?.close();
      await redis?.close();
      await postgres?.close();
      await services.scorer?.close();
      await services.tracer?.close();
    },
  };
}

/** The circuit breaker and demotion settings of a config; each deployment's own breaker read from that config. */
function healthSettings(config: CompiledConfig): HealthSettings {
  return { ...config.circuitBreaker, breakerOf: (deployment) => config.deployments.get(deployment)?.circuitBreaker, demotion: config.demotion };
}

function packageVersion(): string {
  return (createRequire(import.meta.url)('#package.json') as { version: string }).version;
}
