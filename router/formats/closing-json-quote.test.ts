import { describe, expect, it } from 'vitest';
import { closingJsonQuote } from './closing-json-quote.ts';

describe('closingJsonQuote', () => {
  it('finds the quote that closes the string, past escaped quotes', () => {
    const text = '{"a\\"b": 1}';
    expect(closingJsonQuote(text, 1)).toBe(6);
    expect(JSON.parse(text.slice(1, 7))).toBe('a"b');
  });

  it('an escaped backslash before a quote does not escape it', () => {
    expect(closingJsonQuote('"a\\\\" x', 0)).toBe(4);
  });

  it('-1 for a string that never closes', () => {
    expect(closingJsonQuote('"abc\\"', 0)).toBe(-1);
  });
});
