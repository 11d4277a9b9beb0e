/**
 * The encoding of one prompt (or of its head then its tail): token ids and each piece's text-feature
 * traits, in reusable typed arrays. Valid until the buffer is reset; `featurize` resets it per prompt.
 */
export class EncodedText {
  tokens = new Int32Array(4_096);
  tokenCount = 0;
  wordLengths = new Int32Array(4_096);
  flags = new Uint8Array(4_096);
  pieceCount = 0;

  reset(): void {
    this.tokenCount = 0;
    this.pieceCount = 0;
  }

  /** Room for `tokens` more token ids and one more piece. */
  reserve(tokens: number): void {
    if (this.tokenCount + tokens > this.tokens.length) this.tokens = grow(this.tokens, this.tokenCount + tokens);
    if (this.pieceCount + 1 > this.flags.length) {
      this.wordLengths = grow(this.wordLengths, this.pieceCount + 1);
      this.flags = grow(this.flags, this.pieceCount + 1);
    }
  }
}

function grow<Array extends Int32Array | Uint8Array>(array: Array, needed: number): Array {
  const larger = new (array.constructor as new (length: number) => Array)(Math.max(needed, array.length * 2));
  larger.set(array);
  return larger;
}
