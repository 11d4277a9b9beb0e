import { CallWindow, type WindowStats } from '././call-window.ts';
import { judgeDemotion, type DemotionSettings } from '././judge-demotion.ts';
import type { HealthView } from '../routing/routing-types.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

type DeploymentHealth = {
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: number;
  /** A half-open circuit lets exactly one trial through. */
  trialInFlight: boolean;
  latencyMs: number | undefined;
  successes: number;
  failures: number;
  lastError: string | undefined;
  lastChangeAt: number;
  /** Why the circuit is open when a health probe opened it (the provider's probes fail). */
  openedByProbe: string | undefined;
  window: CallWindow | undefined;
};

export type HealthSnapshot = Omit<DeploymentHealth, 'trialInFlight' | 'openedAt' | 'window'> & {
  deployment: string;
  retryAt: number | undefined;
  failureThreshold: number;
  recoveryMs: number;
  /** The calls of the demotion window (`health.window_ms`), when demotion is on. */
  window: WindowStats | undefined;
};

export type BreakerSettings = { failureThreshold: number; recoveryMs: number };

export type HealthSettings = BreakerSettings & {
  /** A deployment's own breaker (its model's, else its provider's `circuit_breaker`); undefined: these defaults. */
  breakerOf?: ((deployment: string) => BreakerSettings | undefined) | undefined;
  /** Error-rate and latency demotion (`health:`); absent: off. */
  demotion?: DemotionSettings | undefined;
};

/** A circuit that opened or closed here or on another replica; what replicas tell each other. */
export type CircuitChange = { deployment: string; state: 'open'; openedAt: number; lastError: string | undefined } | { deployment: string; state: 'closed' };

const LATENCY_SMOOTHING = 0.2;

/**
 * Per-deployment circuit breaker and latency. Lives outside the compiled config, so a hot
 * reload keeps what it learned. `now` is injected for tests.
 */
export class HealthRegistry implements HealthView {
  readonly #entries = new Map<string, DeploymentHealth>();
  readonly #now: () => number;
  #settings: HealthSettings;
  readonly #onChange: Array<(change: CircuitChange) => void> = [];

  constructor(settings: HealthSettings, now: () => number) {
    this.#settings = settings;
    this.#now = now;
  }

  configure(settings: HealthSettings): void {
    this.#settings = settings;
  }

  /** Calls `listener` (each one added) when a call made here opens or closes a circuit (not for `applyShared`). */
  onChange(listener: (change: CircuitChange) => void): void {
    this.#onChange.push(listener);
  }

  /**
   * Takes in a circuit change another replica made. An open circuit keeps the other's `openedAt`,
   * so every replica half-opens at about the same time; routing keeps reading this registry
   * synchronously. Older news than what is known here is ignored.
   */
  applyShared(change: CircuitChange): void {
    const entry = this.#entry(change.deployment);
    if (change.state === 'open') {
      if (change.openedAt <= entry.openedAt) return;
      if (entry.state !== 'open') entry.lastChangeAt = this.#now();
      entry.state = 'open';
      entry.openedAt = change.openedAt;
      entry.trialInFlight = false;
      if (change.lastError !== undefined) entry.lastError = change.lastError;
      this.#refresh(entry, change.deployment);
      return;
    }
    if (entry.state === 'closed') return;
    entry.state = 'closed';
    entry.consecutiveFailures = 0;
    entry.trialInFlight = false;
    entry.lastChangeAt = this.#now();
  }

  #entry(deployment: string): DeploymentHealth {
    let entry = this.#entries.get(deployment);
    if (entry === undefined) {
      entry = {
        state: 'closed',
        consecutiveFailures: 0,
        openedAt: 0,
        trialInFlight: false,
        latencyMs: undefined,
        successes: 0,
        failures: 0,
        lastError: undefined,
        lastChangeAt: this.#now(),
        openedByProbe: undefined,
        window: undefined,
      };
      this.#entries.set(deployment, entry);
    }
    return entry;
  }

  #breaker(deployment: string): BreakerSettings {
    return this.#settings.breakerOf?.(deployment) ?? this.#settings;
  }

  /** The entry's window, made (again) for the configured length. */
  #window(entry: DeploymentHealth): CallWindow | undefined {
    const demotion = this.#settings.demotion;
    if (demotion === undefined) return undefined;
    if (entry.window?.windowMs !== demotion.windowMs) entry.window = new CallWindow(demotion.windowMs);
    return entry.window;
  }

  #refresh(entry: DeploymentHealth, deployment: string): void {
    if (entry.state === 'open' && this.#now() - entry.openedAt >= this.#breaker(deployment).recoveryMs) {
      entry.state = 'half-open';
      entry.trialInFlight = false;
      entry.lastChangeAt = this.#now();
    }
  }

  isAvailable(deployment: string): boolean {
    const entry = this.#entries.get(deployment);
    if (entry === undefined) return true;
    this.#refresh(entry, deployment);
    return entry.state === 'closed' || (entry.state === 'half-open' && !entry.trialInFlight);
  }

  /** Asks to call the deployment now. False while open, or while a half-open trial is running. */
  acquire(deployment: string): boolean {
    const entry = this.#entry(deployment);
    this.#refresh(entry, deployment);
    if (entry.state === 'closed') return true;
    if (entry.state === 'half-open' && !entry.trialInFlight) {
      entry.trialInFlight = true;
      return true;
    }
    return false;
  }

  recordSuccess(deployment: string, latencyMs: number): void {
    const entry = this.#entry(deployment);
    entry.successes++;
    entry.consecutiveFailures = 0;
    entry.latencyMs = entry.latencyMs === undefined ? latencyMs : entry.latencyMs + LATENCY_SMOOTHING * (latencyMs - entry.latencyMs);
    this.#window(entry)?.success(this.#now(), latencyMs);
    if (entry.state !== 'closed') {
      entry.state = 'closed';
      entry.openedByProbe = undefined;
      entry.lastChangeAt = this.#now();
      for (const listener of this.#onChange) listener({ deployment, state: 'closed' });
    }
    entry.trialInFlight = false;
  }

  recordFailure(deployment: string, reason: string): void {
    const entry = this.#entry(deployment);
    entry.failures++;
    entry.consecutiveFailures++;
    entry.lastError = reason;
    this.#window(entry)?.failure(this.#now());
    const trialFailed = entry.state === 'half-open';
    if (trialFailed || entry.consecutiveFailures >= this.#breaker(deployment).failureThreshold) {
      if (entry.state !== 'open') entry.lastChangeAt = this.#now();
      const reopened = entry.state !== 'open';
      entry.state = 'open';
      entry.openedAt = this.#now();
      if (reopened) for (const listener of this.#onChange) listener({ deployment, state: 'open', openedAt: entry.openedAt, lastError: reason });
    }
    entry.trialInFlight = false;
  }

  /** The call ended without telling anything about the deployment (client abort, bad request). */
  release(deployment: string): void {
    const entry = this.#entries.get(deployment);
    if (entry !== undefined) entry.trialInFlight = false;
  }

  latencyMs(deployment: string): number | undefined {
    return this.#entries.get(deployment)?.latencyMs;
  }

  /**
   * A health probe of the deployment's provider failed `unhealthy_after` times in a row: the
   * circuit opens (or stays open, its recovery time counted from now) before a client finds out.
   * Told to the other replicas like any circuit that opens.
   */
  openByProbe(deployment: string, reason: string): void {
    const entry = this.#entry(deployment);
    const opening = entry.state !== 'open';
    entry.state = 'open';
    entry.openedAt = this.#now();
    entry.trialInFlight = false;
    entry.lastError = reason;
    entry.openedByProbe = reason;
    if (opening) {
      entry.lastChangeAt = this.#now();
      for (const listener of this.#onChange) listener({ deployment, state: 'open', openedAt: entry.openedAt, lastError: reason });
    }
  }

  /** A probe answered again: a circuit that a probe opened closes (one a client's calls opened waits for its trial). */
  closeByProbe(deployment: string): void {
    const entry = this.#entries.get(deployment);
    if (entry === undefined || entry.state === 'closed' || entry.openedByProbe === undefined) return;
    entry.state = 'closed';
    entry.consecutiveFailures = 0;
    entry.trialInFlight = false;
    entry.openedByProbe = undefined;
    entry.lastChangeAt = this.#now();
    for (const listener of this.#onChange) listener({ deployment, state: 'closed' });
  }

  windowStats(deployment: string): WindowStats | undefined {
    const entry = this.#entries.get(deployment);
    return entry === undefined || this.#settings.demotion === undefined ? undefined : this.#window(entry)?.stats(this.#now());
  }

  /** Why `deployment` should go after its `peers` in a plan (far worse error rate or latency), or undefined. */
  demotion(deployment: string, peers: readonly string[]): string | undefined {
    const settings = this.#settings.demotion;
    if (settings === undefined) return undefined;
    const own = this.windowStats(deployment);
    if (own === undefined || own.calls < settings.minCalls) return undefined;
    const empty: WindowStats = { calls: 0, failures: 0, errorRate: 0, meanLatencyMs: undefined };
    const others = peers.filter((peer) => peer !== deployment).map((peer) => this.windowStats(peer) ?? empty);
    return judgeDemotion(own, others, settings);
  }

  snapshot(): HealthSnapshot[] {
    return [...this.#entries].map(([deployment, entry]) => {
      this.#refresh(entry, deployment);
      const { trialInFlight: _trial, openedAt, window: _window, ...rest } = entry;
      const breaker = this.#breaker(deployment);
      return {
        deployment,
        ...rest,
        retryAt: entry.state === 'open' ? openedAt + breaker.recoveryMs : undefined,
        failureThreshold: breaker.failureThreshold,
        recoveryMs: breaker.recoveryMs,
        window: this.windowStats(deployment),
      };
    });
  }
}
