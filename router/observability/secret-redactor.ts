const REDACTED = '[redacted]';

/**
 * Values shorter than this are not redacted by value: "EMPTY", "ollama" or "none" (placeholder keys
 * of local servers) would otherwise be cut out of every log line and answer. README: "Reliability".
 */
export const MIN_REDACTED_LENGTH = 8;

/** A virtual key (`sy-<16 hex id>-<secret>`) by its shape: the gateway keeps only their digests. */
const VIRTUAL_KEY = /\bsy-[0-9a-f]{16}-[A-Za-z0-9_-]{20,}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** JSON text of a value, or undefined where JSON cannot write it (a cycle, a BigInt). */
function jsonOf(value: object): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** The forms a value takes in our outputs: as is, inside a JSON string, inside a URL. */
function writtenForms(value: string): string[] {
  return [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)];
}

/**
 * Takes every configured secret out of text, by its value: provider keys, gateway keys, the admin
 * token, store passwords, webhook secrets and secret-named environment variables, whatever their
 * shape (`token-abc123` looks like no key). Applied where text leaves the gateway: error bodies and
 * stream error events, logs, audit rows, metrics, warnings, the admin API's health and decisions.
 * Values are only added, never forgotten: a request still running on a replaced config may echo a
 * key that config had. Virtual keys are taken out by their shape.
 */
export class SecretRedactor {
  readonly #values = new Set<string>();
  #pattern: RegExp | undefined;
  /**
   * True while every written form reads the same inside a JSON string (no quote, backslash or
   * control character): then a secret in any string of a value shows in the value's JSON text, and
   * one search over that text can stand for the walk over every string.
   */
  #sameInJson = true;

  /** Adds values to redact (those shorter than MIN_REDACTED_LENGTH are ignored); builds the pattern once. */
  add(values: Iterable<string>): void {
    const before = this.#values.size;
    for (const value of values) {
      if (value.length < MIN_REDACTED_LENGTH) continue;
      for (const form of writtenForms(value)) this.#values.add(form);
    }
    if (this.#values.size === before) return;
    // Longest first, so a secret that contains another is taken out whole.
    const alternatives = [...this.#values].sort((left, right) => right.length - left.length).map(escapeRegExp);
    this.#pattern = new RegExp(alternatives.join('|'), 'g');
    this.#sameInJson = [...this.#values].every((form) => JSON.stringify(form).slice(1, -1) === form);
  }

  /** How many written forms are redacted (tests, diagnostics). */
  get size(): number {
    return this.#values.size;
  }

  /** Bound to the instance (a field, not a method): handed on as a function per request without a closure made per request. */
  readonly redact = (text: string): string => {
    const byValue = this.#pattern === undefined ? text : text.replace(this.#pattern, REDACTED);
    return byValue.includes('sy-') ? byValue.replace(VIRTUAL_KEY, REDACTED) : byValue;
  };

  /** A copy of plain data (objects, arrays, strings) with every string redacted; the same value when nothing changed. */
  redactDeep<T>(value: T): T {
    return this.redactDeepToJson(value).value;
  }

  /**
   * `redactDeep`, with the value's JSON text when it was made on the way (a store writing the
   * value as JSON reuses it). Most values (every audit row, most error bodies) hold no secret: one
   * search over their JSON text proves it, far cheaper than a search per string and key. A hit (or
   * a value JSON cannot write) takes the walk, which then decides exactly what changes.
   */
  redactDeepToJson<T>(value: T): { value: T; json?: string } {
    if (typeof value === 'object' && value !== null && this.#sameInJson) {
      const json = jsonOf(value);
      if (json !== undefined && !this.#holdsSecret(json)) return { value, json };
    }
    return { value: this.#redactValue(value) as T };
  }

  #holdsSecret(text: string): boolean {
    if (this.#pattern !== undefined && text.search(this.#pattern) !== -1) return true;
    return text.includes('sy-') && text.search(VIRTUAL_KEY) !== -1;
  }

  #redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) {
      let changed = false;
      const items = value.map((item) => {
        const redacted = this.#redactValue(item);
        if (redacted !== item) changed = true;
        return redacted;
      });
      return changed ? items : value;
    }
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const redacted = this.#redactValue(item);
      const redactedKey = this.redact(key);
      if (redacted !== item || redactedKey !== key) changed = true;
      return [redactedKey, redacted] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
}
