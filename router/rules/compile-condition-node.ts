/**
 * Turns a condition AST into nested closures, once, at config load: per request there is no
 * parsing, no regex compiling and no switch over node types, only calls and property reads.
 */
import type { ConditionNode, Operand, Primitive } from './condition-ast.ts';
import { isTruthy, OPERATOR_TESTS } from './condition-operators.ts';
import { compilePath, type ValueGetter } from './compile-path.ts';

export type ConditionEvaluator = (values: Readonly<Record<string, unknown>>) => boolean;

export function compileConditionNode(node: ConditionNode): ConditionEvaluator {
  switch (node.type) {
    case 'and': {
      const parts = node.conditions.map(compileConditionNode);
      if (parts.length === 2) {
        const [first, second] = parts as [ConditionEvaluator, ConditionEvaluator];
        return (values) => first(values) && second(values);
      }
      return (values) => parts.every((part) => part(values));
    }
    case 'or': {
      const parts = node.conditions.map(compileConditionNode);
      if (parts.length === 2) {
        const [first, second] = parts as [ConditionEvaluator, ConditionEvaluator];
        return (values) => first(values) || second(values);
      }
      return (values) => parts.some((part) => part(values));
    }
    case 'not': {
      const inner = compileConditionNode(node.condition);
      return (values) => !inner(values);
    }
    case 'exists': {
      const read = compilePath(node.path);
      const multiValued = node.path.steps.some((step) => step.type === 'wildcard' || step.type === 'descendant');
      return multiValued ? (values) => (read(values) as unknown[]).length > 0 : (values) => read(values) !== undefined;
    }
    case 'truthy': {
      if (node.operand.type === 'literal') {
        const constant = isTruthy(node.operand.value);
        return () => constant;
      }
      const read = compileOperand(node.operand);
      return (values) => isTruthy(read(values));
    }
    case 'matches': {
      const read = compileOperand(node.left);
      const regex = new RegExp(node.pattern, node.flags); // no g/y flag: test() stays stateless
      return (values) => {
        const value = read(values);
        return typeof value === 'string' && regex.test(value);
      };
    }
    case 'compare': {
      const read = compileOperand(node.left);
      if (node.op === 'in' && node.right.type === 'list') return compileListMembership(read, node.right.values);
      const test = OPERATOR_TESTS[node.op];
      if (node.right.type === 'literal') {
        const right = node.right.value;
        return (values) => test(read(values), right);
      }
      const readRight = compileOperand(node.right);
      return (values) => test(read(values), readRight(values));
    }
  }
}

/** `x in [22, 23, 0, 1]` becomes one `Set.has`; a `null` in the list also admits a missing value. */
function compileListMembership(read: ValueGetter, list: Primitive[]): ConditionEvaluator {
  const members = new Set<unknown>(list);
  if (members.has(null)) members.add(undefined);
  return (values) => members.has(read(values));
}

function compileOperand(operand: Operand): ValueGetter {
  if (operand.type === 'path') return compilePath(operand);
  const value: unknown = operand.type === 'literal' ? operand.value : Object.freeze([...operand.values]);
  return () => value;
}
