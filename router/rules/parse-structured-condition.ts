/**
 * The structured form of a condition, for API and programmatic use. It compiles to the same AST as
 * the text form: `{ all: [{ signal: 'tags.tier', op: '==', value: 'free' }, 'hour_local >= 22'] }`
 * is `tags.tier == 'free' and hour_local >= 22`. A string anywhere is parsed as the text form.
 */
import {
  COMPARE_OPERATORS,
  makeAnd,
  makeOr,
  type CompareOperator,
  type ConditionNode,
  type Primitive,
} from './condition-ast.ts';
import { ConditionSyntaxError } from './condition-syntax-error.ts';
import { findRegexError } from './find-regex-error.ts';
import { parseCondition, parseSignalPath } from './parse-condition.ts';

export type StructuredOperator = CompareOperator | 'matches' | 'exists';

export type StructuredCondition =
  | string
  | { all: StructuredCondition[] }
  | { any: StructuredCondition[] }
  | { not: StructuredCondition }
  /** No `op`: the signal is truth-tested. `op: 'matches'`: `value` is the pattern, `flags` its flags. */
  | { signal: string; op?: StructuredOperator; value?: Primitive | Primitive[]; flags?: string };

/** Each of i, m, s, u at most once; never g or y, which make `test()` stateful. */
const ALLOWED_FLAGS = /^(?:([imsu])(?!.*\1))*$/;

const ALLOWED_KEYS: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['all']),
  new Set(['any']),
  new Set(['not']),
  new Set(['signal', 'op', 'value', 'flags']),
];

export function parseStructuredCondition(condition: StructuredCondition, knownSignals?: ReadonlySet<string>, at = 'condition'): ConditionNode {
  if (typeof condition === 'string') return withLocation(at, () => parseCondition(condition, knownSignals));
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    return fail(at, 'expected a condition string or an object with all, any, not or signal');
  }
  const keys = Object.keys(condition);
  const shape = ALLOWED_KEYS.find((allowed) => keys.some((key) => allowed.has(key)));
  const unknown = keys.find((key) => shape === undefined || !shape.has(key));
  if (unknown !== undefined) {
    return fail(at, shape === undefined ? `unknown key '${unknown}'; expected all, any, not or signal` : `'${unknown}' cannot be combined with '${keys.find((key) => shape.has(key))}'`);
  }
  if ('all' in condition || 'any' in condition) {
    const key = 'all' in condition ? 'all' : 'any';
    const children: unknown = 'all' in condition ? condition.all : condition.any;
    if (!Array.isArray(children)) return fail(`${at}.${key}`, `'${key}' must be a list of conditions`);
    const nodes = children.map((child: StructuredCondition, index) => parseStructuredCondition(child, knownSignals, `${at}.${key}[${index}]`));
    return key === 'all' ? makeAnd(nodes) : makeOr(nodes);
  }
  if ('not' in condition) return { type: 'not', condition: parseStructuredCondition(condition.not, knownSignals, `${at}.not`) };

  const { signal, op, value, flags } = condition;
  if (typeof signal !== 'string') return fail(`${at}.signal`, "'signal' must be a string such as 'tags.tier' or '$.metadata.priority'");
  const path = withLocation(`${at}.signal`, () => parseSignalPath(signal, knownSignals));
  if (flags !== undefined && op !== 'matches') return fail(`${at}.flags`, "'flags' goes only with op: 'matches'");
  if (op === undefined || op === 'exists') {
    if (value !== undefined) return fail(`${at}.value`, op === undefined ? "'value' needs an 'op'" : "op 'exists' takes no value");
    return op === undefined ? { type: 'truthy', operand: path } : { type: 'exists', path };
  }
  if (op === 'matches') {
    if (typeof value !== 'string') return fail(`${at}.value`, "op 'matches' needs the pattern as a string value");
    const regexFlags = flags ?? '';
    if (!ALLOWED_FLAGS.test(regexFlags)) return fail(`${at}.flags`, `regular expression flags '${regexFlags}' are not allowed; use i, m, s or u, each once`);
    const regexError = findRegexError(value, regexFlags);
    if (regexError !== undefined) return fail(`${at}.value`, regexError);
    return { type: 'matches', left: path, pattern: value, flags: regexFlags };
  }
  if (!COMPARE_OPERATORS.has(op)) return fail(`${at}.op`, `unknown op '${String(op)}'; expected one of ${[...COMPARE_OPERATORS, 'matches', 'exists'].join(', ')}`);
  if (op === 'in') {
    if (!Array.isArray(value) || !value.every(isPrimitive)) return fail(`${at}.value`, "op 'in' needs a list of numbers, strings, booleans or null");
    return { type: 'compare', op, left: path, right: { type: 'list', values: [...value] } };
  }
  if (!isPrimitive(value)) return fail(`${at}.value`, `op '${op}' needs a number, string, boolean or null value`);
  return { type: 'compare', op, left: path, right: { type: 'literal', value } };
}

function isPrimitive(value: unknown): value is Primitive {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function fail(at: string, reason: string): never {
  throw new ConditionSyntaxError(reason, { line: 1, column: 1, at });
}

/** Re-raises a text-form error with the structured location added. */
function withLocation<T>(at: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ConditionSyntaxError) || error.at !== undefined) throw error;
    throw new ConditionSyntaxError(error.reason, { line: error.line, column: error.column, at });
  }
}
