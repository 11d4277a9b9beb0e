import { describe, expect, it } from 'vitest';
import { deepFreeze } from './deep-freeze.ts';

describe('deepFreeze', () => {
  it('freezes every object and array inside a parsed JSON body, and returns the same value', () => {
    const body = JSON.parse('{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"tools":[],"metadata":{"a":{"b":[1,[2,{"c":3}]]}}}') as {
      messages: Array<{ content: Array<Record<string, unknown>> }>;
      metadata: { a: { b: [number, [number, { c: number }]] } };
    };
    expect(deepFreeze(body)).toBe(body);
    expect(Object.isFrozen(body)).toBe(true);
    expect(Object.isFrozen(body.messages)).toBe(true);
    expect(Object.isFrozen(body.messages[0])).toBe(true);
    expect(Object.isFrozen(body.messages[0]!.content[0])).toBe(true);
    expect(Object.isFrozen(body.metadata.a.b)).toBe(true);
    expect(Object.isFrozen(body.metadata.a.b[1])).toBe(true);
    expect(Object.isFrozen(body.metadata.a.b[1][1])).toBe(true);
    // Modules are strict: writing to a frozen object throws.
    expect(() => {
      body.metadata.a.b[1][1].c = 4;
    }).toThrow(TypeError);
  });

  it('leaves primitives and null as they are', () => {
    expect(deepFreeze('text')).toBe('text');
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
  });
});
