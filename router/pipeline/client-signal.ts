/**
 * The client going away, as a request's pipeline sees it. A plain AbortSignal would cost an
 * AbortController per request on top of the one each attempt needs (its timeout must abort the
 * attempt, never the client's signal), and an EventTarget listener per attempt; here the executor
 * reads a flag and links its attempt with a plain callback, and a real AbortSignal is made only
 * for what needs one (guardrail checks, a retry's sleep, a stream's writer) on first use.
 */
export class ClientSignal {
  #aborted = false;
  #reason: unknown;
  #controller: AbortController | undefined;
  /** Callbacks of the attempts in flight (a served stream's stays until the end); most calls have one. */
  readonly #listeners: Array<() => void> = [];

  get aborted(): boolean {
    return this.#aborted;
  }

  /** What an AbortSignal would carry: the reason given to `abort`, else an AbortError. */
  get reason(): unknown {
    return this.#reason;
  }

  /** An AbortSignal that fires with this one (already aborted if the client has gone). */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** The client has gone: every listener runs once, in the order added, like an AbortSignal's. */
  abort(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const listeners = this.#listeners.splice(0);
    for (const listener of listeners) listener();
  }

  /** Runs `listener` once when the client goes (never if it has gone already: check `aborted`). */
  onAbort(listener: () => void): void {
    if (!this.#aborted) this.#listeners.push(listener);
  }

  offAbort(listener: () => void): void {
    const index = this.#listeners.indexOf(listener);
    if (index >= 0) this.#listeners.splice(index, 1);
  }
}
