import type { BytePairRanks } from './load-byte-pair-ranks.ts';

const noMerge = Number.POSITIVE_INFINITY;

/**
 * Byte-pair encodes one pre-tokenized piece, given as a binary string of its UTF-8 bytes (for ASCII,
 * the piece itself). Repeatedly merges the adjacent pair whose joined bytes have the lowest rank,
 * leftmost on ties, until no adjacent pair is a token: tiktoken's merge rule, so the ids are
 * tiktoken's. Only the two pair ranks beside a merge are looked up again, so a piece of n bytes
 * costs O(n) lookups plus O(n) per merge.
 */
export function bytePairEncode(bytes: string, ranks: BytePairRanks): number[] {
  const whole = ranks.get(bytes);
  if (whole !== undefined) return [whole];
  // starts[i]: where part i begins; starts[parts] = bytes.length.
  const starts: number[] = [];
  for (let index = 0; index <= bytes.length; index += 1) starts.push(index);
  const pairRank = (part: number): number =>
    part + 2 < starts.length ? ranks.get(bytes.slice(starts[part]!, starts[part + 2]!)) ?? noMerge : noMerge;
  const pairRanks: number[] = [];
  for (let part = 0; part + 1 < starts.length; part += 1) pairRanks.push(pairRank(part));
  for (;;) {
    let best = -1;
    let bestRank = noMerge;
    for (let part = 0; part < pairRanks.length; part += 1) {
      if (pairRanks[part]! < bestRank) {
        bestRank = pairRanks[part]!;
        best = part;
      }
    }
    if (best < 0) break;
    starts.splice(best + 1, 1);
    pairRanks.splice(best + 1, 1);
    pairRanks[best] = pairRank(best);
    if (best > 0) pairRanks[best - 1] = pairRank(best - 1);
  }
  const tokens: number[] = [];
  for (let part = 0; part + 1 < starts.length; part += 1) {
    const rank = ranks.get(bytes.slice(starts[part]!, starts[part + 1]!));
    // Every single byte is a token in cl100k_base, and every merge result is a token by construction.
    if (rank === undefined) throw new Error(`byte sequence without a rank at ${starts[part]}`);
    tokens.push(rank);
  }
  return tokens;
}
