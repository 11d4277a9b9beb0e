/**
 * For `switchyard check`: rules that can never be chosen because an earlier rule (first match
 * wins) matches whenever they do. Sound, not complete: a reported rule is certainly shadowed;
 * an unreported one may still be, when proving it would need real theorem proving.
 *
 * Rule j is shadowed by an earlier rule i when cond_j ⇒ cond_i, shown by: identical conditions,
 * an unconditional (`true`) earlier rule, and/or/not structure (`has_tools` shadows
 * `has_tools and x`), and, for two conditions on the same path with literals, interval
 * containment (`input_tokens > 1000` shadows `input_tokens > 5000`) or checking every value a
 * finite condition admits (`tier == 'free'` and `tier in ['free', 'pro']`).
 */
import type { CompareOperator, ConditionNode, PathOperand, Primitive } from './condition-ast.ts';
import { isEqual, isTruthy, OPERATOR_TESTS } from './condition-operators.ts';
import type { CompiledCondition } from './compile-condition.ts';

export type ShadowedRule = { index: number; shadowedBy: number };

export function findShadowedRules(conditions: ReadonlyArray<Pick<CompiledCondition, 'ast'>>): ShadowedRule[] {
  const shadowed: ShadowedRule[] = [];
  conditions.forEach((condition, index) => {
    const shadowedBy = conditions.slice(0, index).findIndex((earlier) => implies(condition.ast, earlier.ast));
    if (shadowedBy !== -1) shadowed.push({ index, shadowedBy });
  });
  return shadowed;
}

/** True only when `a` being true proves `b` true. */
export function implies(a: ConditionNode, b: ConditionNode): boolean {
  if (isConstant(b, true) || isConstant(a, false) || deepEqual(a, b)) return true;
  if (b.type === 'and') return b.conditions.every((part) => implies(a, part));
  if (a.type === 'or') return a.conditions.every((part) => implies(part, b));
  if (a.type === 'and' && a.conditions.some((part) => implies(part, b))) return true;
  if (b.type === 'or' && b.conditions.some((part) => implies(a, part))) return true;
  if (a.type === 'not' && b.type === 'not') return implies(b.condition, a.condition);
  const left = toAtom(a);
  const right = toAtom(b);
  if (left === undefined || right === undefined || !deepEqual(left.path, right.path)) return false;
  if (left.admits !== undefined) return left.admits.every((value) => right.test(value));
  if (right.isExists) return !left.test(undefined);
  if (left.range !== undefined && right.range !== undefined) return rangeWithin(left.range, right.range);
  return false;
}

type Bound = { value: number | string; inclusive: boolean };
type Range = { kind: 'number' | 'string'; low?: Bound; high?: Bound };

/** A condition on one single-valued path compared with literals. */
type Atom = {
  path: PathOperand;
  /** The condition as a function of the path's value. */
  test: (value: unknown) => boolean;
  /** Every value for which the condition holds, when finitely many. */
  admits?: unknown[];
  /** The values for which the condition holds, when an ordering comparison with a literal. */
  range?: Range;
  isExists?: boolean;
};

function toAtom(node: ConditionNode): Atom | undefined {
  switch (node.type) {
    case 'not': {
      const inner = toAtom(node.condition);
      return inner && { path: inner.path, test: (value) => !inner.test(value) };
    }
    case 'exists':
      return isSingleValued(node.path) ? { path: node.path, test: (value) => value !== undefined, isExists: true } : undefined;
    case 'truthy':
      return node.operand.type === 'path' && isSingleValued(node.operand) ? { path: node.operand, test: isTruthy } : undefined;
    case 'matches': {
      if (node.left.type !== 'path' || !isSingleValued(node.left)) return undefined;
      const regex = new RegExp(node.pattern, node.flags);
      return { path: node.left, test: (value) => typeof value === 'string' && regex.test(value) };
    }
    case 'compare': {
      const { op, left, right } = node;
      const test = OPERATOR_TESTS[op];
      if (left.type === 'path' && right.type !== 'path' && isSingleValued(left)) {
        const literal = right.type === 'literal' ? right.value : right.values;
        const atom: Atom = { path: left, test: (value) => test(value, literal) };
        if (op === '==' && right.type === 'literal') atom.admits = withMissing([right.value]);
        if (op === 'in' && right.type === 'list') atom.admits = withMissing(right.values);
        if (right.type === 'literal') atom.range = toRange(op, right.value);
        return atom;
      }
      if (right.type === 'path' && left.type === 'literal' && isSingleValued(right)) {
        const literal = left.value;
        const atom: Atom = { path: right, test: (value) => test(literal, value) };
        if (op === '==') atom.admits = withMissing([literal]);
        const flipped = FLIPPED[op];
        if (flipped !== undefined) atom.range = toRange(flipped, literal);
        return atom;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

const FLIPPED: Partial<Record<CompareOperator, CompareOperator>> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

function toRange(op: CompareOperator, literal: Primitive): Range | undefined {
  if (typeof literal !== 'number' && typeof literal !== 'string') return undefined;
  const kind = typeof literal === 'number' ? 'number' : 'string';
  if (op === '>' || op === '>=') return { kind, low: { value: literal, inclusive: op === '>=' } };
  if (op === '<' || op === '<=') return { kind, high: { value: literal, inclusive: op === '<=' } };
  return undefined;
}

/** Whether every value in `inner` is in `outer`. */
function rangeWithin(inner: Range, outer: Range): boolean {
  if (inner.kind !== outer.kind) return false;
  const lowOk = outer.low === undefined || (inner.low !== undefined && (inner.low.value > outer.low.value
    || (inner.low.value === outer.low.value && (outer.low.inclusive || !inner.low.inclusive))));
  const highOk = outer.high === undefined || (inner.high !== undefined && (inner.high.value < outer.high.value
    || (inner.high.value === outer.high.value && (outer.high.inclusive || !inner.high.inclusive))));
  return lowOk && highOk;
}

/** `== null` and `in [null]` also hold for a missing value. */
function withMissing(values: Primitive[]): unknown[] {
  return values.some((value) => isEqual(value, null)) ? [...values, undefined] : [...values];
}

function isSingleValued(path: PathOperand): boolean {
  return path.steps.every((step) => step.type === 'key' || step.type === 'index');
}

function isConstant(node: ConditionNode, value: boolean): boolean {
  return node.type === 'truthy' && node.operand.type === 'literal' && isTruthy(node.operand.value) === value;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
