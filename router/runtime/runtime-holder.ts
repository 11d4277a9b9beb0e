import type { GatewayRuntime } from './gateway-runtime.ts';

/** A request's hold on the runtime it began with; `release` once, when the request is over. */
export type RuntimeLease = { readonly runtime: GatewayRuntime; release(): void };

export type RuntimeHolderOptions = {
  /**
   * How long a replaced runtime waits for its last request before its pools close anyway
   * (default 120 s). Closing is graceful: calls already sent finish; only new calls are refused.
   */
  drainGraceMs?: number;
};

type Entry = {
  runtime: GatewayRuntime;
  leases: number;
  retired: boolean;
  closing: Promise<void> | undefined;
  grace: NodeJS.Timeout | undefined;
  /** Settles once the runtime's pools have closed. */
  closed: Promise<void>;
  markClosed: () => void;
};

const defaultDrainGraceMs = 120_000;

/**
 * The current runtime, swapped atomically on reload. A request `acquire`s the current runtime at
 * its start and releases it at its end, so it finishes on the config and connection pools it began
 * with, retries and failover included. A replaced runtime closes once its last lease is released
 * (or after `drainGraceMs`, whichever comes first): a reload never cuts a call in flight.
 */
export class RuntimeHolder {
  #current: Entry;
  #generation = 1;
  readonly #retiring = new Set<Entry>();
  readonly #drainGraceMs: number;

  constructor(initial: GatewayRuntime, options: RuntimeHolderOptions = {}) {
    this.#current = RuntimeHolder.#entry(initial);
    this.#drainGraceMs = options.drainGraceMs ?? defaultDrainGraceMs;
  }

  static #entry(runtime: GatewayRuntime): Entry {
    let markClosed = () => undefined as void;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    return { runtime, leases: 0, retired: false, closing: undefined, grace: undefined, closed, markClosed };
  }

  /** The runtime new requests get; for reading config. A request that calls upstreams acquires a lease. */
  get current(): GatewayRuntime {
    return this.#current.runtime;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Replaced runtimes still serving requests that began on them. */
  get draining(): number {
    return this.#retiring.size;
  }

  acquire(): RuntimeLease {
    const entry = this.#current;
    entry.leases++;
    let released = false;
    return {
      runtime: entry.runtime,
      release: () => {
        if (released) return;
        released = true;
        entry.leases--;
        if (entry.retired && entry.leases === 0) void this.#close(entry);
      },
    };
  }

  /** Installs the new runtime; resolves once the old one has drained and closed. */
  swap(next: GatewayRuntime): Promise<void> {
    const previous = this.#current;
    this.#current = RuntimeHolder.#entry(next);
    this.#generation++;
    previous.retired = true;
    if (previous.leases === 0) return this.#close(previous);
    this.#retiring.add(previous);
    previous.grace = setTimeout(() => void this.#close(previous), this.#drainGraceMs);
    previous.grace.unref();
    return previous.closed;
  }

  /** Closes the current runtime and every one still draining (gateway shutdown). */
  async close(): Promise<void> {
    const entries = [this.#current, ...this.#retiring];
    await Promise.allSettled(entries.map((entry) => this.#close(entry)));
  }

  #close(entry: Entry): Promise<void> {
    if (entry.closing !== undefined) return entry.closing;
    clearTimeout(entry.grace);
    this.#retiring.delete(entry);
    entry.closing = entry.runtime.close().finally(entry.markClosed);
    return entry.closing;
  }
}
