import { bytePairEncode } from './byte-pair-encode.ts';
import { loadBytePairRanks } from './load-byte-pair-ranks.ts';
import { PieceCache } from './piece-cache.ts';
import { pieceTraits, type PieceTraits } from './text-features.ts';

/** A pre-tokenized piece's token ids and its traits for the text features. */
export interface EncodedPiece extends PieceTraits {
  readonly tokens: readonly number[];
}

/** Encodes one pre-tokenized piece (see `preTokenize`) to token ids. */
export interface TokenEncoder {
  encodePiece(piece: string): EncodedPiece;
  /** `encodePiece(text.slice(start, end))`, without the slice when the piece is cached. */
  encodeRange(text: string, start: number, end: number): EncodedPiece;
  /** Drops the piece cache. */
  free(): void;
}

const defaultCacheLimit = 65_536;

const asciiPattern = /^[\x00-\x7f]*$/;

/** A piece's UTF-8 bytes as a binary string, the key form of the rank table; ASCII is its own. */
function utf8Bytes(piece: string): string {
  return asciiPattern.test(piece) ? piece : Buffer.from(piece, 'utf8').toString('latin1');
}

/**
 * cl100k_base, the tokenizer the featurizer was trained with, behind a per-piece cache. Byte-pair
 * encoding is independent per pre-tokenized piece, so encoding piece by piece gives exactly
 * tiktoken's ids (a test checks this on dataset prompts and random text). A miss is encoded here in
 * JavaScript from tiktoken's own rank table: ≈ 1 µs against ≈ 7–14 µs for a call into tiktoken's
 * WASM, which pays for copying each piece in and the ids out. The cache also keeps each piece's
 * text-feature traits. Create one per thread.
 */
export function createTokenEncoder(cacheLimit = defaultCacheLimit): TokenEncoder {
  const ranks = loadBytePairRanks();
  const cache = new PieceCache<EncodedPiece>(cacheLimit);
  const encodeRange = (text: string, start: number, end: number): EncodedPiece => {
    let encoded = cache.get(text, start, end);
    if (encoded === undefined) {
      const piece = text.slice(start, end);
      encoded = { tokens: bytePairEncode(utf8Bytes(piece), ranks), ...pieceTraits(piece) };
      cache.set(piece, encoded);
    }
    return encoded;
  };
  return {
    encodeRange,
    encodePiece: (piece) => encodeRange(piece, 0, piece.length),
    free: () => cache.clear(),
  };
}
