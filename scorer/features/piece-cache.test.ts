import { describe, expect, it } from 'vitest';
import { PieceCache } from './piece-cache.ts';

describe('PieceCache', () => {
  it('finds a value by a range of any text, and only an equal range', () => {
    const cache = new PieceCache<number>(64);
    cache.set(' hello', 1);
    cache.set('world', 2);
    const text = 'say hello world, hello there';
    expect(cache.get(text, 3, 9)).toBe(1);
    expect(cache.get(text, 10, 15)).toBe(2);
    expect(cache.get(text, 3, 8)).toBeUndefined();
    expect(cache.get(text, 16, 22)).toBe(1);
    expect(cache.get('', 0, 0)).toBeUndefined();
  });

  it('keeps every entry distinct under many collisions of the slot bits', () => {
    const cache = new PieceCache<number>(4_096);
    const keys = Array.from({ length: 2_000 }, (_, index) => ` w${index.toString(36)}`);
    keys.forEach((key, index) => cache.set(key, index));
    keys.forEach((key, index) => expect(cache.get(`x${key}y`, 1, key.length + 1)).toBe(index));
    expect(cache.get(' w_none', 0, 7)).toBeUndefined();
  });

  it('starts over empty when full, so memory stays bounded', () => {
    const cache = new PieceCache<number>(16);
    for (let index = 0; index < 100; index += 1) cache.set(`k${index}`, index);
    expect(cache.size).toBeLessThanOrEqual(16);
    expect(cache.get('k99', 0, 3)).toBe(99);
    expect(cache.get('k0', 0, 2)).toBeUndefined();
  });
});
