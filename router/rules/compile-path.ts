/**
 * Turns a path (`tags.tier`, `headers['x-team']`, `$.metadata.priority`, `$.messages[*].role`)
 * into a getter over the signal values, once, at config load.
 *
 * JSONPath is evaluated by this compiled evaluator rather than jsonpath-plus: the supported
 * subset (`.key`, `['key']`, `[index]` incl. negative, `*`, `..key`) covers what routing rules
 * read, each step becomes a closure so a request costs a few property reads, and jsonpath-plus
 * would walk its generic trace machinery and allocate result wrappers on every call (and evaluate
 * filter scripts per call, which is why filters are rejected at load instead).
 *
 * A path with `*` or `..` yields the array of every value it reached (possibly empty); any other
 * path yields one value or `undefined`. Only own properties are read, so `tags.constructor` is
 * missing rather than `Object`.
 */
import type { PathOperand, PathStep } from './condition-ast.ts';

export type ValueGetter = (values: Readonly<Record<string, unknown>>) => unknown;
type Step = (node: unknown) => unknown;

export function compilePath(path: PathOperand): ValueGetter {
  const root = path.root === '$' ? 'body' : path.root;
  const readRoot: ValueGetter = root in Object.prototype
    ? (values) => (Object.hasOwn(values, root) ? values[root] : undefined)
    : (values) => values[root];
  if (path.steps.some((step) => step.type === 'wildcard' || step.type === 'descendant')) {
    return compileMultiValuedPath(readRoot, path.steps);
  }
  const steps = path.steps.map(compileStep);
  if (steps.length === 0) return readRoot;
  if (steps.length === 1) {
    const only = steps[0]!;
    return (values) => only(readRoot(values));
  }
  return (values) => {
    let node = readRoot(values);
    for (let index = 0; index < steps.length && node !== undefined; index++) node = steps[index]!(node);
    return node;
  };
}

function compileStep(step: PathStep): Step {
  if (step.type === 'index') {
    const position = step.index;
    return (node) => (Array.isArray(node) ? node.at(position) : undefined);
  }
  if (step.type !== 'key') throw new Error(`compileStep: ${step.type} is multi-valued`);
  const key = step.key;
  if (key in Object.prototype) {
    return (node) => (isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined);
  }
  return (node) => (isRecord(node) ? node[key] : undefined);
}

function compileMultiValuedPath(readRoot: ValueGetter, steps: PathStep[]): ValueGetter {
  const expanders = steps.map((step): ((node: unknown, out: unknown[]) => void) => {
    if (step.type === 'wildcard') return pushChildren;
    if (step.type === 'descendant') {
      const key = step.key;
      return (node, out) => collectDescendants(node, key, out);
    }
    const single = compileStep(step);
    return (node, out) => {
      const value = single(node);
      if (value !== undefined) out.push(value);
    };
  });
  return (values) => {
    const start = readRoot(values);
    let nodes: unknown[] = start === undefined ? [] : [start];
    for (const expand of expanders) {
      const next: unknown[] = [];
      for (const node of nodes) expand(node, next);
      nodes = next;
    }
    return nodes;
  };
}

function pushChildren(node: unknown, out: unknown[]): void {
  if (Array.isArray(node)) out.push(...node);
  else if (isRecord(node)) out.push(...Object.values(node));
}

/** JSONPath `..key`: the value at `key` in this node and in every node below it, document order. */
function collectDescendants(node: unknown, key: string, out: unknown[]): void {
  if (Array.isArray(node)) {
    for (const child of node) collectDescendants(child, key, out);
  } else if (isRecord(node)) {
    if (Object.hasOwn(node, key)) out.push(node[key]);
    for (const child of Object.values(node)) collectDescendants(child, key, out);
  }
}

function isRecord(node: unknown): node is Record<string, unknown> {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}
