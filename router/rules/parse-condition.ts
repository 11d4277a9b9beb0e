/**
 * Recursive-descent parser for the text form of a routing condition.
 *
 * Why hand-written rather than CEL (@marcbachmann/cel-js) or filtrex: the config language is
 * fixed by the design (`tags.tier == 'free' and hour_local in [22, 23, 0, 1]`,
 * `$.metadata.priority == 'high'`, `model matches /^gpt-/i`, `exists(user)`). CEL spells these
 * `&&`, `has()`, `.matches('…')` and has no `$` paths or regex literals; filtrex has no JSONPath,
 * no `starts_with`, and compiles to `new Function`. Bending either to this syntax costs more than
 * the ~200 lines here, and owning the parser gives exact line/column errors and an AST that the
 * shadowed-rule analysis can reason about.
 *
 * Grammar (precedence: not > and > or; comparisons bind tighter than `not`):
 *   condition  := or END
 *   or         := and ('or' and)*
 *   and        := unary ('and' unary)*
 *   unary      := 'not' unary | primary
 *   primary    := '(' or ')' | 'exists' '(' PATH ')' | comparison
 *   comparison := operand [ ('=='|'!='|'>'|'>='|'<'|'<='|'contains'|'starts_with'|'ends_with') operand
 *                         | 'not'? 'in' (list | PATH) | 'matches' REGEX ]
 *   operand    := NUMBER | STRING | 'true' | 'false' | 'null' | list | PATH
 *   list       := '[' (literal (',' literal)* ','?)? ']'
 */
import {
  makeAnd,
  makeOr,
  type CompareOperator,
  type ConditionNode,
  type Operand,
  type PathOperand,
  type Primitive,
} from './condition-ast.ts';
import { ConditionSyntaxError } from './condition-syntax-error.ts';
import { findCloseMatches } from './find-close-matches.ts';
import { findRegexError } from './find-regex-error.ts';
import { tokenizeCondition, type Token } from './tokenize-condition.ts';

const BINARY_OPERATORS: ReadonlySet<string> = new Set(['==', '!=', '>', '>=', '<', '<=', 'contains', 'starts_with', 'ends_with']);

export function parseCondition(source: string, knownSignals?: ReadonlySet<string>): ConditionNode {
  const tokens = tokenizeCondition(source);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const advance = (): Token => tokens[index++]!;
  const fail = (reason: string, token: Token = peek()): never => {
    throw new ConditionSyntaxError(reason, { line: token.line, column: token.column });
  };
  const isKeyword = (token: Token, value: string) => token.type === 'keyword' && token.value === value;
  const isPunctuation = (token: Token, value: string) => token.type === 'punctuation' && token.value === value;
  const describe = (token: Token) => (token.type === 'end' ? 'the end of the condition' : `'${token.text}'`);

  const parseOr = (): ConditionNode => {
    const conditions = [parseAnd()];
    while (isKeyword(peek(), 'or')) {
      advance();
      conditions.push(parseAnd());
    }
    return makeOr(conditions);
  };

  const parseAnd = (): ConditionNode => {
    const conditions = [parseUnary()];
    while (isKeyword(peek(), 'and')) {
      advance();
      conditions.push(parseUnary());
    }
    return makeAnd(conditions);
  };

  const parseUnary = (): ConditionNode => {
    if (!isKeyword(peek(), 'not')) return parsePrimary();
    advance();
    return { type: 'not', condition: parseUnary() };
  };

  const parsePrimary = (): ConditionNode => {
    const token = peek();
    if (isPunctuation(token, '(')) {
      advance();
      const inner = parseOr();
      if (!isPunctuation(peek(), ')')) fail(`expected ')' to close the '(' opened at column ${token.column}${token.line > 1 ? ` of line ${token.line}` : ''}, found ${describe(peek())}`);
      advance();
      return inner;
    }
    if (isKeyword(token, 'exists')) {
      advance();
      if (!isPunctuation(peek(), '(')) fail("expected '(' after 'exists'");
      advance();
      const target = advance();
      if (target.type !== 'path') return fail('expected a signal or $ path inside exists( )', target);
      const path = checkSignal(target);
      if (!isPunctuation(peek(), ')')) fail(`expected ')' after ${describe(target)}`);
      advance();
      return { type: 'exists', path };
    }
    if (token.type === 'end') fail('expected a condition');
    return parseComparison();
  };

  const parseComparison = (): ConditionNode => {
    const leftToken = peek();
    const left = parseOperand('a condition');
    const operatorToken = peek();
    const operator = operatorToken.type === 'punctuation' || operatorToken.type === 'keyword' ? operatorToken.value : '';
    let node: ConditionNode;
    if (BINARY_OPERATORS.has(operator)) {
      advance();
      const rightToken = peek();
      const right = parseOperand(`a value after '${operator}'`);
      if (right.type === 'list') fail(`a list can only follow 'in'`, rightToken);
      node = { type: 'compare', op: operator as CompareOperator, left, right };
    } else if (operator === 'in' || (operator === 'not' && isKeyword(tokens[index + 1]!, 'in'))) {
      index += operator === 'not' ? 2 : 1;
      const rightToken = peek();
      const right = parseOperand("a list or a signal after 'in'");
      if (right.type === 'literal') fail("expected a list or a signal after 'in'", rightToken);
      const membership: ConditionNode = { type: 'compare', op: 'in', left, right };
      node = operator === 'not' ? { type: 'not', condition: membership } : membership;
    } else if (operator === 'matches') {
      advance();
      const regexToken = advance();
      if (regexToken.type !== 'regex') return fail("expected a /regular expression/ after 'matches'", regexToken);
      const regexError = findRegexError(regexToken.pattern, regexToken.flags);
      if (regexError !== undefined) fail(regexError, regexToken);
      node = { type: 'matches', left, pattern: regexToken.pattern, flags: regexToken.flags };
    } else {
      const isBoolean = left.type === 'literal' && typeof left.value === 'boolean';
      if (left.type !== 'path' && !isBoolean) fail(`expected a comparison after ${describe(leftToken)}`, operatorToken);
      return { type: 'truthy', operand: left };
    }
    const after = peek();
    if (after.type === 'punctuation' && BINARY_OPERATORS.has(after.value)) fail("comparisons cannot be chained; join them with 'and'", after);
    return node;
  };

  const parseOperand = (expected: string): Operand => {
    const token = advance();
    switch (token.type) {
      case 'path':
        return checkSignal(token);
      case 'number':
      case 'string':
        return { type: 'literal', value: token.value };
      case 'keyword':
        if (token.value === 'true' || token.value === 'false') return { type: 'literal', value: token.value === 'true' };
        if (token.value === 'null') return { type: 'literal', value: null };
        break;
      case 'punctuation':
        if (token.value === '[') return parseList(token);
        break;
    }
    return fail(`expected ${expected}${token.type === 'end' ? '' : `, found ${describe(token)}`}`, token);
  };

  const parseList = (open: Token): Operand => {
    const values: Primitive[] = [];
    while (!isPunctuation(peek(), ']')) {
      const item = peek();
      const operand = parseOperand('a value or \']\'');
      if (operand.type !== 'literal') fail('a list can hold only numbers, strings, true, false and null', item);
      values.push((operand as { value: Primitive }).value);
      if (isPunctuation(peek(), ',')) advance();
      else if (!isPunctuation(peek(), ']')) fail(`expected ',' or ']' to continue the list opened at column ${open.column}${open.line > 1 ? ` of line ${open.line}` : ''}`);
    }
    advance();
    return { type: 'list', values };
  };

  const checkSignal = (token: Token & { type: 'path' }): PathOperand => {
    checkKnownSignal(token.path.root, knownSignals, token);
    return normalizePath(token.path);
  };

  const condition = parseOr();
  if (peek().type !== 'end') fail(`unexpected ${describe(peek())}; expected 'and', 'or' or the end of the condition`);
  return condition;
}

/** Parses `signal` of the structured form: exactly one path, e.g. `tags.tier` or `$.metadata.priority`. */
export function parseSignalPath(text: string, knownSignals?: ReadonlySet<string>): PathOperand {
  const tokens = tokenizeCondition(text);
  const [first, second] = tokens;
  if (first?.type !== 'path') {
    throw new ConditionSyntaxError('expected a signal name or a $ path', { line: first?.line ?? 1, column: first?.column ?? 1 });
  }
  if (second?.type !== 'end') {
    throw new ConditionSyntaxError(`unexpected '${second?.text}' after the signal`, { line: second?.line ?? 1, column: second?.column ?? 1 });
  }
  checkKnownSignal(first.path.root, knownSignals, first);
  return normalizePath(first.path);
}

function checkKnownSignal(root: string, knownSignals: ReadonlySet<string> | undefined, token: Token): void {
  if (knownSignals === undefined || root === '$' || knownSignals.has(root)) return;
  const close = findCloseMatches(root, knownSignals);
  const hint = close.length > 0 ? `did you mean ${close.map((name) => `'${name}'`).join(' or ')}?` : `known signals: ${[...knownSignals].join(', ')}`;
  throw new ConditionSyntaxError(`unknown signal '${root}'; ${hint}`, { line: token.line, column: token.column });
}

/** Header names are case-insensitive and `headers` keys are lowercase, so lowercase the key once here. */
function normalizePath(path: PathOperand): PathOperand {
  const [first, ...rest] = path.steps;
  if (path.root !== 'headers' || first?.type !== 'key') return path;
  return { type: 'path', root: path.root, steps: [{ type: 'key', key: first.key.toLowerCase() }, ...rest] };
}
