import type { ByteRankTable } from './byte-rank-table.ts';

const noMerge = 0x7fff_ffff;

// Scratch for one piece at a time (a piece is at most 64 characters, ≤ 256 bytes; grown if ever longer).
let starts = new Int32Array(512);
let pairRanks = new Int32Array(512);

/**
 * Byte-pair encodes one pre-tokenized piece, given as a binary string of its UTF-8 bytes (for ASCII,
 * the piece itself). Repeatedly merges the adjacent pair whose joined bytes have the lowest rank,
 * leftmost on ties, until no adjacent pair is a token: tiktoken's merge rule, so the ids are
 * tiktoken's. Only the two candidates beside a merge are looked up again.
 */
export function bytePairEncode(bytes: string, ranks: ByteRankTable): number[] {
  const whole = ranks.rankOf(bytes, 0, bytes.length);
  if (whole >= 0) return [whole];
  const length = bytes.length;
  if (starts.length <= length + 1) {
    starts = new Int32Array(2 * (length + 1));
    pairRanks = new Int32Array(2 * (length + 1));
  }
  // Parts [starts[i], starts[i + 1]); pairRanks[i] is the rank of parts i and i + 1 joined.
  let parts = length;
  for (let index = 0; index <= length; index += 1) starts[index] = index;
  for (let index = 0; index + 1 < length; index += 1) {
    const rank = ranks.rankOf(bytes, index, index + 2);
    pairRanks[index] = rank < 0 ? noMerge : rank;
  }
  const joinedRank = (part: number): number => {
    if (part + 1 >= parts) return noMerge;
    const rank = ranks.rankOf(bytes, starts[part]!, starts[part + 2]!);
    return rank < 0 ? noMerge : rank;
  };
  while (parts > 1) {
    let best = -1;
    let bestRank = noMerge;
    for (let part = 0; part + 1 < parts; part += 1) {
      if (pairRanks[part]! < bestRank) {
        bestRank = pairRanks[part]!;
        best = part;
      }
    }
    if (best < 0) break;
    // Merge parts best and best + 1: drop boundary best + 1 and the pair entry best + 1.
    starts.copyWithin(best + 1, best + 2, parts + 1);
    pairRanks.copyWithin(best + 1, best + 2, parts - 1);
    parts -= 1;
    pairRanks[best] = joinedRank(best);
    if (best > 0) pairRanks[best - 1] = joinedRank(best - 1);
  }
  const tokens: number[] = [];
  for (let part = 0; part < parts; part += 1) {
    const from = starts[part]!;
    const to = starts[part + 1]!;
    const rank = ranks.rankOf(bytes, from, to);
    // Every single byte is a token in cl100k_base, and every merge result is a token by construction.
    if (rank < 0) throw new Error(`byte sequence without a rank at ${from}`);
    tokens.push(rank);
  }
  return tokens;
}
