/**
 * FNV-1a over the UTF-16 code units `text[start, end)` (for a binary string, its bytes), with a
 * final fold: the featurizer's tables take their slot from the low bits, which FNV mixes poorly.
 */
export function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c_9dc5 | 0;
  for (let index = start; index < end; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x0100_0193);
  return hash ^ (hash >>> 16);
}
