import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential from the config. It prints as "[redacted]" everywhere (logs, JSON, inspect,
 * template strings); only an adapter building an outgoing request calls `reveal()`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
