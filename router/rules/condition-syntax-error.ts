/**
 * A routing condition that cannot be compiled: bad syntax, an unknown signal, an invalid regex.
 * Raised at config load only (never on the request path). `line` and `column` are 1-based and
 * count within the condition's own text; the config loader adds the YAML location around it.
 * For the structured form, `at` names the failing part (`all[1].op`).
 */
export class ConditionSyntaxError extends Error {
  /** The message without its location, e.g. "expected a value after '=='". */
  readonly reason: string;
  readonly line: number;
  readonly column: number;
  readonly at: string | undefined;

  constructor(reason: string, position: { line: number; column: number; at?: string }) {
    const where = position.at === undefined ? '' : ` in ${position.at}`;
    super(`${reason} at line ${position.line}, column ${position.column}${where}`);
    this.name = 'ConditionSyntaxError';
    this.reason = reason;
    this.line = position.line;
    this.column = position.column;
    this.at = position.at;
  }
}
