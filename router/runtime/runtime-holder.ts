import type { GatewayRuntime } from './gateway-runtime.ts';

/**
 * The current runtime, swapped atomically on reload. A request takes `current` once at its start
 * and keeps it to the end, so in-flight requests finish on the config they began with.
 */
export class RuntimeHolder {
  #current: GatewayRuntime;
  #generation = 1;

  constructor(initial: GatewayRuntime) {
    this.#current = initial;
  }

  get current(): GatewayRuntime {
    return this.#current;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Installs the new runtime; the old one closes once its in-flight calls are done. */
  swap(next: GatewayRuntime): Promise<void> {
    const previous = this.#current;
    this.#current = next;
    this.#generation++;
    return previous.close();
  }
}
