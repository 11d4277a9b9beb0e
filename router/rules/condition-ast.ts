/**
 * The one AST both condition forms compile to: the text form (`"tags.tier == 'free'"`) and the
 * structured form (`{ signal: 'tags.tier', op: '==', value: 'free' }`). Nodes carry no source
 * positions, so the two forms of the same condition give deep-equal trees; positions live only in
 * `ConditionSyntaxError`, raised while parsing.
 */

export type Primitive = string | number | boolean | null;

/**
 * One step of a path after its root. `key` and `index` work on every path; `wildcard` and
 * `descendant` only on JSONPath (`$`) and make the path yield the array of everything it reached.
 */
export type PathStep =
  | { type: 'key'; key: string }
  | { type: 'index'; index: number }
  | { type: 'wildcard' }
  | { type: 'descendant'; key: string };

/** `root` is a signal name, or `'$'` for a JSONPath into the request body. */
export type PathOperand = { type: 'path'; root: string; steps: PathStep[] };
export type LiteralOperand = { type: 'literal'; value: Primitive };
export type ListOperand = { type: 'list'; values: Primitive[] };
export type Operand = PathOperand | LiteralOperand | ListOperand;

export type CompareOperator =
  | '=='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | 'in'
  | 'contains'
  | 'starts_with'
  | 'ends_with';

export const COMPARE_OPERATORS: ReadonlySet<string> = new Set<CompareOperator>([
  '==', '!=', '>', '>=', '<', '<=', 'in', 'contains', 'starts_with', 'ends_with',
]);

export type ConditionNode =
  | { type: 'and'; conditions: ConditionNode[] }
  | { type: 'or'; conditions: ConditionNode[] }
  | { type: 'not'; condition: ConditionNode }
  | { type: 'compare'; op: CompareOperator; left: Operand; right: Operand }
  | { type: 'matches'; left: Operand; pattern: string; flags: string }
  | { type: 'exists'; path: PathOperand }
  /** A bare operand, truth-tested: `has_schema`, `true`. */
  | { type: 'truthy'; operand: Operand };

export const TRUE_NODE: ConditionNode = Object.freeze({
  type: 'truthy',
  operand: Object.freeze({ type: 'literal', value: true }),
}) as ConditionNode;

export const FALSE_NODE: ConditionNode = Object.freeze({
  type: 'truthy',
  operand: Object.freeze({ type: 'literal', value: false }),
}) as ConditionNode;

/** `a and (b and c)` → `and[a, b, c]`; one child → the child; none → `true`. */
export function makeAnd(conditions: ConditionNode[]): ConditionNode {
  const flat = conditions.flatMap((node) => (node.type === 'and' ? node.conditions : [node]));
  if (flat.length === 0) return TRUE_NODE;
  return flat.length === 1 ? flat[0]! : { type: 'and', conditions: flat };
}

/** `a or (b or c)` → `or[a, b, c]`; one child → the child; none → `false`. */
export function makeOr(conditions: ConditionNode[]): ConditionNode {
  const flat = conditions.flatMap((node) => (node.type === 'or' ? node.conditions : [node]));
  if (flat.length === 0) return FALSE_NODE;
  return flat.length === 1 ? flat[0]! : { type: 'or', conditions: flat };
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Canonical text of a path, for messages and for comparing paths: `headers['x-team']`, `$..id`. */
export function formatPath(path: PathOperand): string {
  let text = path.root;
  for (const step of path.steps) {
    if (step.type === 'key') text += PLAIN_KEY.test(step.key) ? `.${step.key}` : `[${JSON.stringify(step.key)}]`;
    else if (step.type === 'index') text += `[${step.index}]`;
    else if (step.type === 'wildcard') text += '[*]';
    else text += `..${step.key}`;
  }
  return text;
}
