import { bytePairEncode } from './byte-pair-encode.ts';
import { EncodedText } from './encoded-text.ts';
import { loadBytePairRanks } from './load-byte-pair-ranks.ts';
import { PieceTable } from './piece-table.ts';
import { forEachPiece } from './pre-tokenize.ts';
import { pieceTraits, type PieceTraits } from './text-features.ts';

/** A pre-tokenized piece's token ids and its traits for the text features. */
export interface EncodedPiece extends PieceTraits {
  readonly tokens: readonly number[];
}

export interface TokenEncoder {
  /** Pre-tokenizes `text` and appends its pieces' token ids and traits to `target`. */
  encodeInto(text: string, target: EncodedText): void;
  /** One pre-tokenized piece (see `preTokenize`), for tests and tools. */
  encodePiece(piece: string): EncodedPiece;
  /** Drops the piece table. */
  free(): void;
}

const defaultCacheLimit = 65_536;

const asciiPattern = /^[\x00-\x7f]*$/;

/** A piece's UTF-8 bytes as a binary string, the key form of the rank table; ASCII is its own. */
function utf8Bytes(piece: string): string {
  return asciiPattern.test(piece) ? piece : Buffer.from(piece, 'utf8').toString('latin1');
}

/**
 * cl100k_base, the tokenizer the featurizer was trained with, behind a table of the pieces met so
 * far. Byte-pair encoding is independent per pre-tokenized piece, so encoding piece by piece gives
 * exactly tiktoken's ids (tests check this on dataset prompts and random text). A new piece is
 * encoded here in JavaScript from tiktoken's own rank table: ≈ 1 µs against ≈ 7–14 µs for a call
 * into tiktoken's WASM, which pays for copying each piece in and the ids out. Create one per thread.
 */
export function createTokenEncoder(cacheLimit = defaultCacheLimit): TokenEncoder {
  const ranks = loadBytePairRanks();
  const table = new PieceTable(cacheLimit);
  const entryOf = (text: string, start: number, end: number): number => {
    const entry = table.find(text, start, end);
    if (entry >= 0) return entry;
    const piece = text.slice(start, end);
    const { wordLength, flags } = pieceTraits(piece);
    return table.add(text, start, end, bytePairEncode(utf8Bytes(piece), ranks), wordLength, flags);
  };
  return {
    encodeInto(text, target) {
      forEachPiece(text, (start, end) => {
        const entry = entryOf(text, start, end);
        target.reserve(table.tokenCount(entry));
        target.tokenCount = table.copyTokens(entry, target.tokens, target.tokenCount);
        target.wordLengths[target.pieceCount] = table.wordLength(entry);
        target.flags[target.pieceCount] = table.flags(entry);
        target.pieceCount += 1;
      });
    },
    encodePiece(piece) {
      const entry = entryOf(piece, 0, piece.length);
      const tokens = new Int32Array(table.tokenCount(entry));
      table.copyTokens(entry, tokens, 0);
      return { tokens: [...tokens], wordLength: table.wordLength(entry), flags: table.flags(entry) };
    },
    free: () => table.clear(),
  };
}
