/**
 * Compiles a routing condition once, at config load, into a frozen object whose `evaluate` runs
 * per request: synchronous, no parsing, no regex compiling, never throws.
 *
 *   const condition = compileCondition("tags.tier == 'free' and hour_local in [22, 23, 0, 1]", KNOWN_SIGNALS);
 *   condition.signals;                 // Set { 'tags', 'hour_local' }: compute only these
 *   condition.evaluate(signalValues);  // true | false
 */
import type { ConditionNode, Operand } from './condition-ast.ts';
import { compileConditionNode } from './compile-condition-node.ts';
import { parseCondition } from './parse-condition.ts';
import { parseStructuredCondition, type StructuredCondition } from './parse-structured-condition.ts';
import type { SignalValues } from './signal-values.ts';

export type CompiledCondition = {
  readonly source: string | StructuredCondition;
  readonly ast: ConditionNode;
  /** Root signal names the condition reads, in order of first use; `'$'` for body JSONPaths. */
  readonly signals: ReadonlySet<string>;
  /** Missing signals read as `undefined`; type mismatches are false. */
  evaluate(values: Readonly<Partial<SignalValues>>): boolean;
};

/**
 * @param knownSignals when given, a path whose root is not in it (other than `$`) is a
 *   `ConditionSyntaxError` naming the signal and its close matches. Pass `KNOWN_SIGNALS`.
 * @throws ConditionSyntaxError with 1-based `line` and `column` within the condition.
 */
export function compileCondition(source: string | StructuredCondition, knownSignals?: Iterable<string>): CompiledCondition {
  const known = knownSignals === undefined ? undefined : new Set(knownSignals);
  const ast = deepFreeze(typeof source === 'string' ? parseCondition(source, known) : parseStructuredCondition(source, known));
  const evaluator = compileConditionNode(ast);
  const signals = new Set<string>();
  collectSignals(ast, signals);
  return Object.freeze({
    source,
    ast,
    signals: signals as ReadonlySet<string>,
    evaluate: (values: Readonly<Partial<SignalValues>>) => evaluator(values as Readonly<Record<string, unknown>>),
  });
}

function collectSignals(node: ConditionNode, into: Set<string>): void {
  const addOperand = (operand: Operand) => {
    if (operand.type === 'path') into.add(operand.root);
  };
  switch (node.type) {
    case 'and':
    case 'or':
      for (const child of node.conditions) collectSignals(child, into);
      return;
    case 'not':
      return collectSignals(node.condition, into);
    case 'exists':
      return addOperand(node.path);
    case 'truthy':
      return addOperand(node.operand);
    case 'matches':
      return addOperand(node.left);
    case 'compare':
      addOperand(node.left);
      return addOperand(node.right);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
