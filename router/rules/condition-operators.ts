/**
 * What each operator means on runtime values, shared by the evaluator and the shadowed-rule
 * analysis so both agree. Nothing here throws: a type mismatch (`>` between a string and a
 * number, `starts_with` on a number) is simply false.
 *
 * - `==` is strict (`'1' == 1` is false) except that `null` equals a missing value.
 * - `!=` is `not ==`.
 * - `>`, `>=`, `<`, `<=` compare two numbers, or two strings by code unit (so `'HH:MM'` times
 *   order correctly); anything else is false.
 * - `in`: the left value is an element of the list, a key of the object (`'x-team' in headers`),
 *   or a substring of the string. `contains` is the same with the sides swapped.
 * - Truthiness: `false`, `0`, `NaN`, `''`, `null`, missing and `[]` are false.
 */
import type { CompareOperator } from './condition-ast.ts';

export type OperatorTest = (left: unknown, right: unknown) => boolean;

export function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

export function isEqual(left: unknown, right: unknown): boolean {
  return left === right || (left == null && right == null);
}

function isMember(element: unknown, collection: unknown): boolean {
  if (Array.isArray(collection)) return collection.some((item) => isEqual(item, element));
  if (typeof collection === 'string') return typeof element === 'string' && collection.includes(element);
  if (collection !== null && typeof collection === 'object') return typeof element === 'string' && Object.hasOwn(collection, element);
  return false;
}

function bothNumbersOrStrings(left: unknown, right: unknown): boolean {
  const kind = typeof left;
  return (kind === 'number' || kind === 'string') && typeof right === kind;
}

export const OPERATOR_TESTS: Readonly<Record<CompareOperator, OperatorTest>> = {
  '==': isEqual,
  '!=': (left, right) => !isEqual(left, right),
  '>': (left, right) => bothNumbersOrStrings(left, right) && (left as number) > (right as number),
  '>=': (left, right) => bothNumbersOrStrings(left, right) && (left as number) >= (right as number),
  '<': (left, right) => bothNumbersOrStrings(left, right) && (left as number) < (right as number),
  '<=': (left, right) => bothNumbersOrStrings(left, right) && (left as number) <= (right as number),
  in: (left, right) => isMember(left, right),
  contains: (left, right) => isMember(right, left),
  starts_with: (left, right) => typeof left === 'string' && typeof right === 'string' && left.startsWith(right),
  ends_with: (left, right) => typeof left === 'string' && typeof right === 'string' && left.endsWith(right),
};
