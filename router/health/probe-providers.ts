import { request as undiciRequest } from 'undici';
import type { CompiledConfig } from '../config/compiled-config.ts';
import type { HealthCheckSettings, ProviderSettings } from '../config/deployment.ts';
import type { ProviderAdapter } from '../providers/provider-adapter.ts';
import type { HealthRegistry } from '././health-registry.ts';
import { modelListRequest } from './model-list-request.ts';

/** One provider's probes as `/admin/health` shows them. */
export type ProbeStatus = {
  provider: string;
  kind: 'models' | 'chat';
  interval_ms: number;
  /** `here`: this replica probed last; `elsewhere`: another replica holds the probe (store.kind redis). */
  probed: 'here' | 'elsewhere' | 'not yet';
  last_at: number | undefined;
  ok: boolean | undefined;
  latency_ms: number | undefined;
  consecutive_failures: number;
  last_error: string | undefined;
  probes: number;
  /** Rounds another replica took (store.kind redis): with the probes made here, every round this replica ran. */
  skipped: number;
};

export type ProbeDependencies = {
  config: () => CompiledConfig;
  adapters: () => ReadonlyMap<string, ProviderAdapter>;
  health: HealthRegistry;
  log: { warn(object: object, message: string): void; info(object: object, message: string): void };
  now: () => number;
  random: () => number;
  /** With a shared store: whether this replica takes this round of the provider's probe (one replica per interval). */
  claim?: (provider: string, ttlMs: number) => Promise<boolean>;
  /** Each probe's outcome, for the metric. */
  onProbe?: (provider: string, ok: boolean) => void;
};

type Running = { settings: HealthCheckSettings; timer: NodeJS.Timeout | undefined; status: ProbeStatus; abort: AbortController };

/**
 * Active health: each provider with `health_check:` is probed every `interval_ms` (± jitter) — its
 * model list, or a one-token chat call — off the request path. `unhealthy_after` failures in a row
 * open the circuits of the provider's models (a dead upstream is found before a client calls it;
 * the circuit stays open while probes fail), and the next good probe closes them. A probe's latency
 * is not a call's: it does not enter routing's latency. With Redis one replica probes per round
 * (`claim`), and the circuits it opens or closes reach the others as shared circuits do.
 */
export class ProviderProbes {
  readonly #dependencies: ProbeDependencies;
  readonly #running = new Map<string, Running>();
  #stopped = false;

  constructor(dependencies: ProbeDependencies) {
    this.#dependencies = dependencies;
  }

  /** Starts, stops or re-times probes to match the config (at start and after each reload). */
  configure(config: CompiledConfig): void {
    if (this.#stopped) return;
    for (const [name, running] of this.#running) {
      const next = config.providers.get(name)?.healthCheck;
      if (next === undefined || JSON.stringify(next) !== JSON.stringify(running.settings)) this.#stop(name, running);
    }
    for (const provider of config.providers.values()) {
      if (provider.healthCheck === undefined || this.#running.has(provider.name)) continue;
      const running: Running = {
        settings: provider.healthCheck,
        timer: undefined,
        abort: new AbortController(),
        status: { provider: provider.name, kind: provider.healthCheck.kind, interval_ms: provider.healthCheck.intervalMs, probed: 'not yet', last_at: undefined, ok: undefined, latency_ms: undefined, consecutive_failures: 0, last_error: undefined, probes: 0, skipped: 0 },
      };
      this.#running.set(provider.name, running);
      this.#schedule(provider.name, running, true);
    }
  }

  statuses(): ProbeStatus[] {
    return [...this.#running.values()].map((running) => ({ ...running.status }));
  }

  close(): void {
    this.#stopped = true;
    for (const [name, running] of this.#running) this.#stop(name, running);
  }

  #stop(name: string, running: Running): void {
    clearTimeout(running.timer);
    running.abort.abort();
    this.#running.delete(name);
  }

  #schedule(name: string, running: Running, first: boolean): void {
    const { intervalMs, jitter } = running.settings;
    // The first probe soon after start (a tenth of the interval), then every interval, each ± jitter.
    const base = first ? Math.min(intervalMs, Math.max(50, intervalMs / 10)) : intervalMs;
    const delay = base * (1 + jitter * (2 * this.#dependencies.random() - 1));
    running.timer = setTimeout(() => void this.#round(name, running), delay);
    running.timer.unref();
  }

  async #round(name: string, running: Running): Promise<void> {
    try {
      const claim = this.#dependencies.claim;
      if (claim !== undefined && !(await claim(name, Math.max(100, running.settings.intervalMs * (1 - running.settings.jitter) - 50)))) {
        running.status.probed = 'elsewhere';
        running.status.skipped++;
        return;
      }
      const provider = this.#dependencies.config().providers.get(name);
      if (provider === undefined) return;
      await this.#probe(provider, running);
    } catch (error) {
      this.#dependencies.log.warn({ err: error, provider: name }, 'health probe round failed');
    } finally {
      if (this.#running.get(name) === running) this.#schedule(name, running, false);
    }
  }

  async #probe(provider: ProviderSettings, running: Running): Promise<void> {
    const { health, now } = this.#dependencies;
    const started = performance.now();
    const failure = await this.#ask(provider, running);
    const status = running.status;
    status.probed = 'here';
    status.probes++;
    status.last_at = now();
    status.latency_ms = Math.round((performance.now() - started) * 10) / 10;
    status.ok = failure === undefined;
    this.#dependencies.onProbe?.(provider.name, failure === undefined);
    const deployments = [...this.#dependencies.config().deployments.values()].filter((deployment) => deployment.provider.name === provider.name).map((deployment) => deployment.name);
    if (failure === undefined) {
      if (status.consecutive_failures >= running.settings.unhealthyAfter) this.#dependencies.log.info({ provider: provider.name }, `health probe of provider '${provider.name}' answers again: its circuits close`);
      status.consecutive_failures = 0;
      status.last_error = undefined;
      for (const deployment of deployments) health.closeByProbe(deployment);
      return;
    }
    status.consecutive_failures++;
    status.last_error = failure;
    if (status.consecutive_failures < running.settings.unhealthyAfter) return;
    if (status.consecutive_failures === running.settings.unhealthyAfter) {
      this.#dependencies.log.warn({ provider: provider.name, reason: failure }, `health probe of provider '${provider.name}' failed ${status.consecutive_failures} times in a row: its circuits open`);
    }
    for (const deployment of deployments) health.openByProbe(deployment, `health probe: ${failure}`);
  }

  /** Undefined when the provider answered well; else why not (never a credential). */
  async #ask(provider: ProviderSettings, running: Running): Promise<string | undefined> {
    const { timeoutMs } = running.settings;
    const signal = AbortSignal.any([running.abort.signal, AbortSignal.timeout(timeoutMs)]);
    try {
      if (running.settings.kind === 'chat') {
        const model = running.settings.model === undefined ? undefined : this.#dependencies.config().deployments.get(running.settings.model);
        const adapter = this.#dependencies.adapters().get(provider.name);
        if (model === undefined || adapter === undefined) return `no model or adapter to probe '${provider.name}' with`;
        await adapter.chat({
          request: { requestedModel: model.name, messages: [{ role: 'user', content: [{ type: 'text', text: 'ping' }] }], params: { maxTokens: 1, temperature: 0 }, stream: false, clientFormat: 'openai-chat' },
          providerModel: model.providerModel,
          signal,
          timeoutMs,
          warnings: [],
        });
        return undefined;
      }
      const target = modelListRequest(provider);
      if (target === undefined) return `provider type ${provider.type} has no model list`;
      const response = await undiciRequest(target.url, { method: 'GET', headers: target.headers, signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      await response.body.dump();
      return response.statusCode < 300 ? undefined : `model list answered ${response.statusCode}`;
    } catch (error) {
      if (signal.aborted && !running.abort.signal.aborted) return `no answer within ${timeoutMs} ms`;
      const message = error instanceof Error ? error.message : String(error);
      return message.length > 200 ? `${message.slice(0, 200)}…` : message;
    }
  }
}
