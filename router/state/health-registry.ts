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
};

export type HealthSnapshot = Omit<DeploymentHealth, 'trialInFlight' | 'openedAt'> & { deployment: string; retryAt: number | undefined };

export type HealthSettings = { failureThreshold: number; recoveryMs: number };

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
      this.#refresh(entry);
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
      };
      this.#entries.set(deployment, entry);
    }
    return entry;
  }

  #refresh(entry: DeploymentHealth): void {
    if (entry.state === 'open' && this.#now() - entry.openedAt >= this.#settings.recoveryMs) {
      entry.state = 'half-open';
      entry.trialInFlight = false;
      entry.lastChangeAt = this.#now();
    }
  }

  isAvailable(deployment: string): boolean {
    const entry = this.#entries.get(deployment);
    if (entry === undefined) return true;
    this.#refresh(entry);
    return entry.state === 'closed' || (entry.state === 'half-open' && !entry.trialInFlight);
  }

  /** Asks to call the deployment now. False while open, or while a half-open trial is running. */
  acquire(deployment: string): boolean {
    const entry = this.#entry(deployment);
    this.#refresh(entry);
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
    if (entry.state !== 'closed') {
      entry.state = 'closed';
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
    const trialFailed = entry.state === 'half-open';
    if (trialFailed || entry.consecutiveFailures >= this.#settings.failureThreshold) {
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

  snapshot(): HealthSnapshot[] {
    return [...this.#entries].map(([deployment, entry]) => {
      this.#refresh(entry);
      const { trialInFlight: _trial, openedAt, ...rest } = entry;
      return { deployment, ...rest, retryAt: entry.state === 'open' ? openedAt + this.#settings.recoveryMs : undefined };
    });
  }
}
