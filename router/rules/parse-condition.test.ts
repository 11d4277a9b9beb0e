import { describe, expect, it } from 'vitest';
import type { ConditionNode } from './condition-ast.ts';
import { ConditionSyntaxError } from './condition-syntax-error.ts';
import { parseCondition } from './parse-condition.ts';
import { KNOWN_SIGNALS } from './signal-values.ts';

const path = (root: string, ...keys: string[]) => ({ type: 'path', root, steps: keys.map((key) => ({ type: 'key' as const, key })) }) as const;
const literal = (value: string | number | boolean | null) => ({ type: 'literal', value }) as const;
const truthy = (root: string): ConditionNode => ({ type: 'truthy', operand: path(root) });

function syntaxError(source: string, known?: Iterable<string>): ConditionSyntaxError {
  try {
    parseCondition(source, known === undefined ? undefined : new Set(known));
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for: ${source}`);
}

describe('parseCondition', () => {
  it('parses the design examples as written', () => {
    expect(parseCondition('input_tokens > 100000')).toEqual({ type: 'compare', op: '>', left: path('input_tokens'), right: literal(100000) });
    expect(parseCondition('has_schema')).toEqual(truthy('has_schema'));
    expect(parseCondition('monthly_spend_pct > 0.8')).toEqual({ type: 'compare', op: '>', left: path('monthly_spend_pct'), right: literal(0.8) });
    expect(parseCondition("tags.tier == 'free' and hour_local in [22, 23, 0, 1]")).toEqual({
      type: 'and',
      conditions: [
        { type: 'compare', op: '==', left: path('tags', 'tier'), right: literal('free') },
        { type: 'compare', op: 'in', left: path('hour_local'), right: { type: 'list', values: [22, 23, 0, 1] } },
      ],
    });
    expect(parseCondition("$.metadata.priority == 'high'")).toEqual({ type: 'compare', op: '==', left: path('$', 'metadata', 'priority'), right: literal('high') });
  });

  it.each(['==', '!=', '>', '>=', '<', '<=', 'contains', 'starts_with', 'ends_with'] as const)('parses the %s operator', (op) => {
    expect(parseCondition(`model ${op} 'x'`)).toEqual({ type: 'compare', op, left: path('model'), right: literal('x') });
  });

  it('parses in, not in, matches and exists', () => {
    expect(parseCondition("weekday not in ['sat', 'sun']")).toEqual({
      type: 'not',
      condition: { type: 'compare', op: 'in', left: path('weekday'), right: { type: 'list', values: ['sat', 'sun'] } },
    });
    expect(parseCondition("'x-team' in headers")).toEqual({ type: 'compare', op: 'in', left: literal('x-team'), right: path('headers') });
    expect(parseCondition('model matches /^gpt-[45](\\.\\d)?$/im')).toEqual({ type: 'matches', left: path('model'), pattern: '^gpt-[45](\\.\\d)?$', flags: 'im' });
    expect(parseCondition('model matches /a\\/b[/]c/')).toMatchObject({ pattern: 'a\\/b[/]c', flags: '' });
    expect(parseCondition('exists(tags.team)')).toEqual({ type: 'exists', path: path('tags', 'team') });
  });

  it('parses every literal kind', () => {
    const right = (source: string) => (parseCondition(`x == ${source}`) as { right: unknown }).right;
    expect(right('42')).toEqual(literal(42));
    expect(right('-3.5')).toEqual(literal(-3.5));
    expect(right('1e6')).toEqual(literal(1_000_000));
    expect(right('100_000')).toEqual(literal(100_000));
    expect(right("'single'")).toEqual(literal('single'));
    expect(right('"double"')).toEqual(literal('double'));
    expect(right("'it\\'s \\n'")).toEqual(literal("it's \n"));
    expect(right('true')).toEqual(literal(true));
    expect(right('false')).toEqual(literal(false));
    expect(right('null')).toEqual(literal(null));
    expect((parseCondition("x in [1, 'a', \"b\", true, null,]") as { right: unknown }).right).toEqual({ type: 'list', values: [1, 'a', 'b', true, null] });
    expect((parseCondition('x in []') as { right: unknown }).right).toEqual({ type: 'list', values: [] });
  });

  it('gives not precedence over and, and and over or', () => {
    expect(parseCondition('a or b and not c')).toEqual({
      type: 'or',
      conditions: [truthy('a'), { type: 'and', conditions: [truthy('b'), { type: 'not', condition: truthy('c') }] }],
    });
    expect(parseCondition('not a and b')).toEqual({ type: 'and', conditions: [{ type: 'not', condition: truthy('a') }, truthy('b')] });
    expect(parseCondition('not x == 1')).toEqual({ type: 'not', condition: { type: 'compare', op: '==', left: path('x'), right: literal(1) } });
  });

  it('lets parentheses override precedence and flattens chains', () => {
    expect(parseCondition('(a or b) and c')).toEqual({ type: 'and', conditions: [{ type: 'or', conditions: [truthy('a'), truthy('b')] }, truthy('c')] });
    expect(parseCondition('not (a and b)')).toEqual({ type: 'not', condition: { type: 'and', conditions: [truthy('a'), truthy('b')] } });
    expect(parseCondition('a and (b and c)')).toEqual(parseCondition('a and b and c'));
    expect(parseCondition('((a))')).toEqual(truthy('a'));
  });

  it('reads bracketed keys, indexes and JSONPath steps', () => {
    expect(parseCondition("headers['X-Team'] == 'ml'")).toMatchObject({ left: path('headers', 'x-team') });
    expect(parseCondition('tags["cost center"]')).toEqual({ type: 'truthy', operand: path('tags', 'cost center') });
    expect(parseCondition("$.messages[-1].role == 'user'")).toMatchObject({
      left: { root: '$', steps: [{ type: 'key', key: 'messages' }, { type: 'index', index: -1 }, { type: 'key', key: 'role' }] },
    });
    expect(parseCondition('exists($..tool_calls)')).toEqual({ type: 'exists', path: { type: 'path', root: '$', steps: [{ type: 'descendant', key: 'tool_calls' }] } });
    expect(parseCondition("$.messages[*].role contains 'tool'")).toMatchObject({
      left: { steps: [{ type: 'key', key: 'messages' }, { type: 'wildcard' }, { type: 'key', key: 'role' }] },
    });
    expect(parseCondition('$.tools.*')).toMatchObject({ operand: { steps: [{ type: 'key' }, { type: 'wildcard' }] } });
  });

  it.each([
    ['input_tokens ==', "expected a value after '=='", 1, 16],
    ["tags.tier == and x", "expected a value after '==', found 'and'", 1, 14],
    ['', 'expected a condition', 1, 1],
    ['a and', 'expected a condition', 1, 6],
    ['(a or b', "expected ')' to close the '(' opened at column 1, found the end of the condition", 1, 8],
    ['a b', "unexpected 'b'; expected 'and', 'or' or the end of the condition", 1, 3],
    ['x in 5', "expected a list or a signal after 'in'", 1, 6],
    ['x > [1]', "a list can only follow 'in'", 1, 5],
    ['x in [1, y]', 'a list can hold only numbers, strings, true, false and null', 1, 10],
    ['x in [1 2]', "expected ',' or ']' to continue the list opened at column 6", 1, 9],
    ['a < b < c', "comparisons cannot be chained; join them with 'and'", 1, 7],
    ['5', "expected a comparison after '5'", 1, 2],
    ["x == 'abc", 'unterminated string', 1, 6],
    ['x == 1\n  and y ==\n', "expected a value after '=='", 3, 1],
    ['a and\n  b = 1', "use '==' to compare", 2, 5],
    ['a && b', "use 'and' instead of '&&'", 1, 3],
    ['!a', "use 'not' instead of '!'", 1, 1],
    ['x # y', "unexpected character '#'", 1, 3],
    ["headers.x-team == 'a'", "'-' cannot appear in a dotted name; write headers['x-team']", 1, 10],
    ['model matches /a/g', "regular expression flag 'g' is not allowed (it would make matching stateful); use i, m, s or u", 1, 18],
    ['model matches /(/', 'invalid regular expression /(/: Unterminated group', 1, 15],
    ["model matches 'a'", "expected a /regular expression/ after 'matches'", 1, 15],
    ['exists(5)', 'expected a signal or $ path inside exists( )', 1, 8],
    ['$.a[?(@.b)]', 'JSONPath filter and script expressions are not supported; use a plain path and a comparison', 1, 5],
    ['tags.* == 1', "expected a name after '.' ('*' and '..' work only in $ paths)", 1, 6],
    ['x == 12abc', "invalid number '12a'", 1, 6],
  ])('rejects %j: %s at %i:%i', (source, reason, line, column) => {
    const error = syntaxError(source);
    expect(error.reason).toBe(reason);
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toBe(`${reason} at line ${line}, column ${column}`);
  });

  it('names unknown signals and their close matches', () => {
    expect(syntaxError('input_token > 5', KNOWN_SIGNALS).message).toBe("unknown signal 'input_token'; did you mean 'input_tokens'? at line 1, column 1");
    expect(syntaxError('has_tool and x', KNOWN_SIGNALS).reason).toMatch(/^unknown signal 'has_tool'; did you mean 'has_tools'/);
    expect(syntaxError('a or zzzzzzz', ['a', 'b']).reason).toBe("unknown signal 'zzzzzzz'; known signals: a, b");
    expect(syntaxError('exists(usr)', KNOWN_SIGNALS).column).toBe(8);
    expect(() => parseCondition("$.anything.at_all == 1 and tags.whatever", new Set(KNOWN_SIGNALS))).not.toThrow();
  });
});
