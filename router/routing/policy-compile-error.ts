/** A router's config is well-formed but cannot be compiled (e.g. a rule that does not parse). */
export class PolicyCompileError extends Error {
  /** Key path inside the router, e.g. ['rules', 2, 'if']. */
  readonly path: Array<string | number>;
  /** 1-based line inside the offending value (multi-line expressions), when known. */
  readonly line: number | undefined;

  constructor(message: string, path: Array<string | number>, line?: number) {
    super(message);
    this.name = 'PolicyCompileError';
    this.path = path;
    this.line = line;
  }
}
