import { describe, expect, it } from 'vitest';
import { PieceTable } from './piece-table.ts';

const tokensOf = (table: PieceTable, entry: number) => {
  const target = new Int32Array(table.tokenCount(entry));
  table.copyTokens(entry, target, 0);
  return [...target];
};

describe('PieceTable', () => {
  it('finds an entry by a range of any text, and only an equal range', () => {
    const table = new PieceTable(64);
    const hello = table.add(' hello', 0, 6, [24748], 5, 0);
    const world = table.add('world', 0, 5, [14957, 7], 5, 2);
    const text = 'say hello world, hello there';
    expect(table.find(text, 3, 9)).toBe(hello);
    expect(table.find(text, 10, 15)).toBe(world);
    expect(table.find(text, 3, 8)).toBe(-1);
    expect(table.find(text, 16, 22)).toBe(hello);
    expect(table.find('', 0, 0)).toBe(-1);
    expect(tokensOf(table, world)).toEqual([14957, 7]);
    expect([table.wordLength(world), table.flags(world)]).toEqual([5, 2]);
  });

  it('keeps every entry distinct under many collisions of the slot bits', () => {
    const table = new PieceTable(4_096);
    const keys = Array.from({ length: 2_000 }, (_, index) => ` w${index.toString(36)}`);
    const entries = keys.map((key, index) => table.add(key, 0, key.length, [index, index + 1], index % 20, index % 16));
    keys.forEach((key, index) => {
      const entry = table.find(`x${key}y`, 1, key.length + 1);
      expect(entry).toBe(entries[index]);
      expect(tokensOf(table, entry)).toEqual([index, index + 1]);
      expect(table.wordLength(entry)).toBe(index % 20);
    });
    expect(table.find(' w_none', 0, 7)).toBe(-1);
  });

  it('starts over empty when full, so memory stays bounded', () => {
    const table = new PieceTable(16);
    for (let index = 0; index < 100; index += 1) table.add(`k${index}`, 0, `k${index}`.length, [index], 0, 0);
    expect(table.size).toBeLessThanOrEqual(16);
    expect(tokensOf(table, table.find('k99', 0, 3))).toEqual([99]);
    expect(table.find('k0', 0, 2)).toBe(-1);
  });
});
