import { formatPath, type PathOperand, type PathStep } from './condition-ast.ts';
import { ConditionSyntaxError } from './condition-syntax-error.ts';

export const KEYWORDS = [
  'and', 'or', 'not', 'in', 'contains', 'starts_with', 'ends_with', 'matches', 'exists', 'true', 'false', 'null',
] as const;
export type Keyword = (typeof KEYWORDS)[number];
const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

export type Punctuation = '(' | ')' | '[' | ']' | ',' | '==' | '!=' | '>=' | '<=' | '>' | '<';

type TokenPosition = { line: number; column: number; /** the raw source text of the token */ text: string };
export type Token = TokenPosition &
  (
    | { type: 'path'; path: PathOperand }
    | { type: 'keyword'; value: Keyword }
    | { type: 'number'; value: number }
    | { type: 'string'; value: string }
    | { type: 'regex'; pattern: string; flags: string }
    | { type: 'punctuation'; value: Punctuation }
    | { type: 'end' }
  );

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const NUMBER = /-?[0-9](?:_?[0-9])*(?:\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9]+)?/y;
const INTEGER = /-?[0-9]+/y;
const DASHED_NAME = /[A-Za-z0-9_-]+/y;
const REGEX_FLAGS = new Set(['i', 'm', 's', 'u']);
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '/': '/' };
const TWO_CHAR: ReadonlySet<string> = new Set(['==', '!=', '>=', '<=']);
const ONE_CHAR: ReadonlySet<string> = new Set(['(', ')', '[', ']', ',', '>', '<']);
const MISTAKES: ReadonlyArray<[string, string]> = [['&&', "use 'and' instead of '&&'"], ['||', "use 'or' instead of '||'"]];

/**
 * Splits a condition into tokens. Paths come out whole (`headers['x-team']`, `$.a[0].b`) because
 * a `[` directly after a name indexes it, while a `[` after a space starts a list.
 */
export function tokenizeCondition(source: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (reason: string, at: number = offset): never => {
    throw new ConditionSyntaxError(reason, { line, column: at - lineStart + 1 });
  };
  const push = (start: number, token: DistributiveOmit<Token, keyof TokenPosition>) => {
    tokens.push({ ...token, line, column: start - lineStart + 1, text: source.slice(start, offset) } as Token);
  };

  const readName = (): string => {
    const start = offset;
    while (offset < source.length && NAME_PART.test(source[offset]!)) offset++;
    return source.slice(start, offset);
  };

  const readString = (): string => {
    const quote = source[offset]!;
    const start = offset++;
    let value = '';
    while (offset < source.length && source[offset] !== quote) {
      const char = source[offset]!;
      if (char === '\n') fail('unterminated string (strings cannot span lines)', start);
      if (char === '\\') {
        const escaped = ESCAPES[source[offset + 1] ?? ''];
        if (escaped === undefined) fail(`unknown escape '\\${source[offset + 1] ?? ''}' in string`);
        value += escaped;
        offset += 2;
      } else {
        value += char;
        offset++;
      }
    }
    if (offset >= source.length) fail('unterminated string', start);
    offset++;
    return value;
  };

  const readBracketStep = (isJsonPath: boolean): PathStep => {
    offset++; // '['
    while (source[offset] === ' ') offset++;
    const char = source[offset] ?? '';
    let step: PathStep;
    if (char === "'" || char === '"') step = { type: 'key', key: readString() };
    else if (char === '*' && isJsonPath) {
      offset++;
      step = { type: 'wildcard' };
    } else if (char === '?' || char === '(') {
      return fail('JSONPath filter and script expressions are not supported; use a plain path and a comparison');
    } else {
      INTEGER.lastIndex = offset;
      const match = INTEGER.exec(source);
      if (match === null) return fail(isJsonPath ? "expected a quoted key, an index or '*' inside '[ ]'" : "expected a quoted key or an index inside '[ ]'");
      offset += match[0].length;
      step = { type: 'index', index: Number(match[0]) };
    }
    while (source[offset] === ' ') offset++;
    if (source[offset] !== ']') fail("expected ']'");
    offset++;
    return step;
  };

  const readPath = (start: number, root: string) => {
    const isJsonPath = root === '$';
    const steps: PathStep[] = [];
    for (;;) {
      const char = source[offset];
      const next = source[offset + 1] ?? '';
      if (char === '[') steps.push(readBracketStep(isJsonPath));
      else if (char === '.' && NAME_START.test(next)) {
        offset++;
        steps.push({ type: 'key', key: readName() });
      } else if (char === '.' && next === '*' && isJsonPath) {
        offset += 2;
        steps.push({ type: 'wildcard' });
      } else if (char === '.' && next === '.' && isJsonPath) {
        offset += 2;
        if (!NAME_START.test(source[offset] ?? '')) fail("expected a name after '..'");
        steps.push({ type: 'descendant', key: readName() });
      } else if (char === '.') {
        return fail(`expected a name after '.'${isJsonPath ? '' : " ('*' and '..' work only in $ paths)"}`, offset + 1);
      } else break;
    }
    const lastStep = steps.at(-1);
    if (source[offset] === '-' && NAME_PART.test(source[offset + 1] ?? '') && (steps.length === 0 || lastStep?.type === 'key')) {
      DASHED_NAME.lastIndex = offset;
      const rest = DASHED_NAME.exec(source)![0];
      const head = lastStep?.type === 'key' ? { root, steps: steps.slice(0, -1) } : undefined;
      const hint = head === undefined ? '' : `; write ${formatPath({ type: 'path', ...head })}['${(lastStep as { key: string }).key}${rest}']`;
      fail(`'-' cannot appear in a dotted name${hint}`);
    }
    push(start, { type: 'path', path: { type: 'path', root, steps } });
  };

  while (offset < source.length) {
    const char = source[offset]!;
    const start = offset;
    if (char === '\n') {
      offset++;
      line++;
      lineStart = offset;
    } else if (char === ' ' || char === '\t' || char === '\r') {
      offset++;
    } else if (char === '$') {
      offset++;
      readPath(start, '$');
    } else if (NAME_START.test(char)) {
      const name = readName();
      if (KEYWORD_SET.has(name)) push(start, { type: 'keyword', value: name as Keyword });
      else readPath(start, name);
    } else if (DIGIT.test(char) || (char === '-' && DIGIT.test(source[offset + 1] ?? ''))) {
      NUMBER.lastIndex = offset;
      const text = NUMBER.exec(source)![0];
      offset += text.length;
      if (NAME_PART.test(source[offset] ?? '')) fail(`invalid number '${text}${source[offset]}'`, start);
      push(start, { type: 'number', value: Number(text.replaceAll('_', '')) });
    } else if (char === "'" || char === '"') {
      const value = readString();
      push(start, { type: 'string', value });
    } else if (char === '/' && tokens.at(-1)?.type === 'keyword' && tokens.at(-1)?.text === 'matches') {
      offset++;
      let pattern = '';
      let inClass = false;
      while (offset < source.length && (source[offset] !== '/' || inClass)) {
        const part = source[offset] === '\\' ? source.slice(offset, offset + 2) : source[offset]!;
        if (part === '\n') fail('unterminated regular expression', start);
        if (part === '[') inClass = true;
        else if (part === ']') inClass = false;
        pattern += part;
        offset += part.length;
      }
      if (offset >= source.length) fail('unterminated regular expression', start);
      offset++;
      const flagsStart = offset;
      const flags = readName();
      for (const [index, flag] of [...flags].entries()) {
        if (!REGEX_FLAGS.has(flag) || flags.indexOf(flag) !== index) {
          const why = flag === 'g' || flag === 'y' ? ' (it would make matching stateful)' : '';
          fail(`regular expression flag '${flag}' is not allowed${why}; use i, m, s or u`, flagsStart + index);
        }
      }
      push(start, { type: 'regex', pattern, flags });
    } else {
      const two = source.slice(offset, offset + 2);
      const mistake = MISTAKES.find(([text]) => text === two);
      if (mistake !== undefined) fail(mistake[1]);
      if (TWO_CHAR.has(two)) {
        offset += 2;
        push(start, { type: 'punctuation', value: two as Punctuation });
      } else if (ONE_CHAR.has(char)) {
        offset++;
        push(start, { type: 'punctuation', value: char as Punctuation });
      } else if (char === '=') fail("use '==' to compare");
      else if (char === '!') fail("use 'not' instead of '!'");
      else fail(`unexpected character '${char}'`);
    }
  }
  push(offset, { type: 'end' });
  return tokens;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
