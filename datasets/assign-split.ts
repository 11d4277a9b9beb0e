import { createHash } from 'node:crypto';
import type { SplitMethod } from './dataset-registry.ts';

export type Split = 'train' | 'test';

/**
 * The split of one row. `shipped` keeps the source's own split field; `hashed-id` puts a row in
 * test when the first 4 bytes of sha256(id), read as an unsigned integer mod 100, are below
 * `testPercent` — deterministic and independent of row order.
 */
export function assignSplit(id: string, shippedSplit: Split | undefined, method: SplitMethod): Split {
  if (method.kind === 'shipped') {
    if (!shippedSplit) throw new Error(`row ${id} has no split field, but its dataset ships one`);
    return shippedSplit;
  }
  const bucket = createHash('sha256').update(id).digest().readUInt32BE(0) % 100;
  return bucket < method.testPercent ? 'test' : 'train';
}
