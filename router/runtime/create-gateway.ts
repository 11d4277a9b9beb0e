import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../config/config-error.ts';
import type { CompiledConfig } from '../config/compiled-config.ts';
import { loadConfigFile, loadConfigText } from '../config/load-config.ts';
import { watchConfigFile } from '../config/watch-config-file.ts';
import type { ExecutionEnvironment } from '../execution/execute-plan.ts';
import { buildApp } from '../http/build-app.ts';
import { startScorer } from '../scoring/start-scorer.ts';
import { HealthRegistry } from '../state/health-registry.ts';
import { RedisConnection } from '../state/redis-connection.ts';
import { shareCircuits, type SharedCircuits } from '../state/share-circuits.ts';
import { openAuditStore } from '../audit/open-audit-store.ts';
import { openProviderLimits } from '../limits/open-provider-limits.ts';
import { RoutingStats } from '../stats/routing-stats.ts';
import { GatewayMetrics } from '../observability/gateway-metrics.ts';
import { createRuntime } from './gateway-runtime.ts';
import type { GatewayServices } from './gateway-services.ts';
import { RuntimeHolder } from './runtime-holder.ts';
import { restartOnlyChanges } from './restart-only-changes.ts';

export type GatewayOptions = {
  /** A config file (watched for changes unless `watch: false`), or inline YAML text. */
  configFile?: string;
  configText?: string;
  watch?: boolean;
  environment?: Readonly<Record<string, string | undefined>>;
  random?: () => number;
  now?: () => number;
  /** Pino options; `stream` receives the JSON lines (tests read them). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
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
  const load = async (): Promise<CompiledConfig> => {
    if (options.configFile !== undefined) return loadConfigFile(options.configFile, variables);
    if (options.configText !== undefined) return loadConfigText(options.configText, '<inline>', variables);
    throw new Error('createGateway needs configFile or configText');
  };
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const environment: ExecutionEnvironment = {
    random,
    now: () => performance.now(),
    sleep: (ms, signal) => sleep(ms, undefined, { signal }),
  };
  const config = await load();
  const holder = new RuntimeHolder(createRuntime(config, { random }));
  const health = new HealthRegistry(config.circuitBreaker, now);

  const services: GatewayServices = {
    holder,
    health,
    environment,
    newId: () => randomUUID(),
    now,
    stats: new RoutingStats(now()),
    metrics: new GatewayMetrics(health, { store: () => services.storeStatus?.() }),
  };
  const audit = openAuditStore(config, now);
  if (audit !== undefined) services.audit = audit;
  const logger = options.logger ?? { level: config.server.log_level };
  const app = buildApp({ services, logger });
  // `store` changes need a restart: the connection is made once, from the config at start.
  let redis: RedisConnection | undefined;
  let circuits: SharedCircuits | undefined;
  if (config.store.kind === 'redis') {
    redis = new RedisConnection(config.store, { log: app.log, now });
    const connection = redis;
    services.storeStatus = () => connection.status();
    await redis.connect();
    circuits = await shareCircuits(health, redis, { now, recoveryMs: () => holder.current.config.circuitBreaker.recoveryMs });
  }
  services.limits = openProviderLimits(config, {
    redis,
    now,
    providers: () => holder.current.config.providers.values(),
    onAlert: (alert) => app.log.warn(alert, `budget alert: provider '${alert.provider}' reached ${Math.round(alert.threshold * 100)} % of its monthly budget`),
  });
  services.onSettleFailure = (error, requestId) =>
    app.log.error({ err: error, requestId }, 'limits and spend not settled: the rate limits and budgets miss this call');
  // The scorer pool lives as long as the gateway; a reload that adds a smart router starts it.
  const useScorer = async (next: CompiledConfig) => {
    if (services.scorer !== undefined) return;
    const started = await startScorer(next);
    if (started === undefined) return;
    services.scorer = started.scorer;
    if (started.error !== undefined) app.log.error(started.error);
  };
  await useScorer(config);

  let reloading = Promise.resolve();
  const reload = async (): Promise<{ ok: true; generation: number } | { ok: false; error: string }> => {
    const run = reloading.then(async () => {
      try {
        const next = await load();
        if (next.hash === holder.current.config.hash) return { ok: true as const, generation: holder.generation };
        const runtime = createRuntime(next, { random });
        const scorerRunning = services.scorer !== undefined;
        await useScorer(next);
        health.configure(next.circuitBreaker);
        const pending = restartOnlyChanges(next, config, { scorerRunning });
        if (pending.length > 0) {
          app.log.warn({ settings: pending }, `settings changed that apply after a restart: ${pending.join(', ')}; still using the values the gateway started with`);
        }
        void holder.swap(runtime);
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
      // Graceful: stop accepting, let in-flight calls finish; past the deadline, cut what is left.
      const deadline = setTimeout(() => app.server.closeAllConnections(), drainMs);
      deadline.unref();
      await app.close();
      clearTimeout(deadline);
      await holder.current.close();
      await services.audit?.close();
      await services.limits?.close();
      await circuits?.close();
      await redis?.close();
      await services.scorer?.close();
    },
  };
}
