import { hashRange } from './hash-range.ts';

/**
 * A tokenizer's merge table (token bytes → rank = token id) in flat typed arrays, looked up by a
 * range of a binary string (one char per byte) without slicing it out. Byte-pair encoding a new
 * piece asks for the rank of many candidate byte runs; with a `Map` of 100,000 strings each ask cost
 * a substring, its hash and a few pointer chases into a heap the size of the vocabulary, which
 * made an unseen piece cost 5–10 µs. Two-byte runs (every first-round candidate) come from a dense
 * table.
 */
export class ByteRankTable {
  readonly size: number;
  readonly #mask: number;
  /** Per slot: [hash, rank + 1]; 0 = empty. */
  readonly #slots: Int32Array;
  /** Token bytes, concatenated in rank order; `#offsets[rank]` is where a token's bytes start. */
  readonly #bytes: Uint8Array;
  readonly #offsets: Int32Array;
  /** (first byte << 8 | second byte) → rank, −1 when the pair is not a token. */
  readonly #pairs = new Int32Array(0x1_0000).fill(-1);

  /** `tokens[rank]` holds the token's bytes (ranks must be 0…n − 1). */
  constructor(tokens: readonly Uint8Array[]) {
    this.size = tokens.length;
    const slotCount = 2 ** Math.ceil(Math.log2(Math.max(16, tokens.length * 2)));
    this.#mask = slotCount - 1;
    this.#slots = new Int32Array(slotCount * 2);
    this.#offsets = new Int32Array(tokens.length + 1);
    let total = 0;
    tokens.forEach((token, rank) => {
      this.#offsets[rank] = total;
      total += token.length;
    });
    this.#offsets[tokens.length] = total;
    this.#bytes = new Uint8Array(total);
    tokens.forEach((token, rank) => {
      this.#bytes.set(token, this.#offsets[rank]!);
      if (token.length === 2) this.#pairs[(token[0]! << 8) | token[1]!] = rank;
      const hash = hashRange(Buffer.from(token).toString('latin1'), 0, token.length);
      let slot = hash & this.#mask;
      while (this.#slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.#mask;
      this.#slots[2 * slot] = hash;
      this.#slots[2 * slot + 1] = rank + 1;
    });
  }

  /** The rank of the bytes `binary[from, to)` (char codes 0–255), or −1 when they are not a token. */
  rankOf(binary: string, from: number, to: number): number {
    if (to - from === 2) return this.#pairs[(binary.charCodeAt(from) << 8) | binary.charCodeAt(from + 1)]!;
    const hash = hashRange(binary, from, to);
    const length = to - from;
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const rank = this.#slots[2 * slot + 1]! - 1;
      if (rank < 0) return -1;
      if (this.#slots[2 * slot] !== hash) continue;
      const start = this.#offsets[rank]!;
      if (this.#offsets[rank + 1]! - start !== length) continue;
      let index = 0;
      while (index < length && this.#bytes[start + index] === binary.charCodeAt(from + index)) index += 1;
      if (index === length) return rank;
    }
  }
}
