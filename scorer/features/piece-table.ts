import { hashRange } from './hash-range.ts';

/**
 * The encoder's memory of pieces it has met: text → token ids and text-feature traits, in flat typed
 * arrays (no object per piece) and looked up by a range of the prompt without slicing it out. The
 * featurizer meets ~450 pieces per 2,000 characters; with a `Map` of strings to objects each lookup
 * chased half a dozen pointers through the heap, which dominated scoring time once the caches were
 * cold. Here a lookup touches one slot (hash and entry side by side), the key's characters and the
 * entry's row. Full, it starts over empty: a cheap bound on memory (≈ 3 MB at 65,536 pieces).
 */
export class PieceTable {
  readonly #mask: number;
  readonly #entryLimit: number;
  /** Per slot: [hash, entry + 1]; 0 = empty. */
  readonly #slots: Int32Array;
  /** Per entry: [key start, key length, token start, token count]. */
  readonly #rows: Int32Array;
  /** Per entry: wordLength << 8 | flags. */
  readonly #traits: Int32Array;
  readonly #keyCharacters: Uint16Array;
  readonly #tokens: Int32Array;
  #entries = 0;
  #keyEnd = 0;
  #tokenEnd = 0;

  constructor(entryLimit: number) {
    const slotCount = 2 ** Math.ceil(Math.log2(Math.max(16, entryLimit * 2)));
    this.#mask = slotCount - 1;
    this.#entryLimit = slotCount >>> 1;
    this.#slots = new Int32Array(slotCount * 2);
    this.#rows = new Int32Array(this.#entryLimit * 4);
    this.#traits = new Int32Array(this.#entryLimit);
    this.#keyCharacters = new Uint16Array(this.#entryLimit * 8);
    this.#tokens = new Int32Array(this.#entryLimit * 2);
  }

  get size(): number {
    return this.#entries;
  }

  /** The entry of `text.slice(start, end)`, or −1. */
  find(text: string, start: number, end: number): number {
    const hash = hashRange(text, start, end);
    const length = end - start;
    const slots = this.#slots;
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const entry = slots[2 * slot + 1]! - 1;
      if (entry < 0) return -1;
      if (slots[2 * slot] !== hash || this.#rows[4 * entry + 1] !== length) continue;
      const keyStart = this.#rows[4 * entry]!;
      let index = 0;
      while (index < length && this.#keyCharacters[keyStart + index] === text.charCodeAt(start + index)) index += 1;
      if (index === length) return entry;
    }
  }

  /**
   * Stores `text.slice(start, end)` (not present) with its tokens and traits; returns its entry.
   * May first empty the table, so an entry is only good until the next `add`.
   */
  add(text: string, start: number, end: number, tokens: readonly number[], wordLength: number, flags: number): number {
    const length = end - start;
    if (this.#entries >= this.#entryLimit || this.#keyEnd + length > this.#keyCharacters.length || this.#tokenEnd + tokens.length > this.#tokens.length) {
      this.clear();
      if (length > this.#keyCharacters.length || tokens.length > this.#tokens.length) throw new RangeError(`piece of ${length} characters is too long for the table`);
    }
    const entry = this.#entries;
    this.#entries += 1;
    const row = 4 * entry;
    this.#rows[row] = this.#keyEnd;
    this.#rows[row + 1] = length;
    this.#rows[row + 2] = this.#tokenEnd;
    this.#rows[row + 3] = tokens.length;
    this.#traits[entry] = (wordLength << 8) | flags;
    for (let index = 0; index < length; index += 1) this.#keyCharacters[this.#keyEnd + index] = text.charCodeAt(start + index);
    this.#keyEnd += length;
    for (let index = 0; index < tokens.length; index += 1) this.#tokens[this.#tokenEnd + index] = tokens[index]!;
    this.#tokenEnd += tokens.length;
    const hash = hashRange(text, start, end);
    let slot = hash & this.#mask;
    while (this.#slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.#mask;
    this.#slots[2 * slot] = hash;
    this.#slots[2 * slot + 1] = entry + 1;
    return entry;
  }

  tokenCount(entry: number): number {
    return this.#rows[4 * entry + 3]!;
  }

  /** Copies the entry's token ids into `target` from `offset`; returns the new end. */
  copyTokens(entry: number, target: Int32Array, offset: number): number {
    const start = this.#rows[4 * entry + 2]!;
    const count = this.#rows[4 * entry + 3]!;
    for (let index = 0; index < count; index += 1) target[offset + index] = this.#tokens[start + index]!;
    return offset + count;
  }

  wordLength(entry: number): number {
    return this.#traits[entry]! >>> 8;
  }

  flags(entry: number): number {
    return this.#traits[entry]! & 0xff;
  }

  clear(): void {
    this.#slots.fill(0);
    this.#entries = 0;
    this.#keyEnd = 0;
    this.#tokenEnd = 0;
  }
}
