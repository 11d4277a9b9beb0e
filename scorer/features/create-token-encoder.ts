import { get_encoding } from 'tiktoken';
import { tokenizerName } from './featurizer-constants.ts';
import { pieceTraits, type PieceTraits } from './text-features.ts';

/** A pre-tokenized piece's token ids and its traits for the text features. */
export interface EncodedPiece extends PieceTraits {
  readonly tokens: Uint32Array;
}

/** Encodes one pre-tokenized piece (see `preTokenize`) to token ids. */
export interface TokenEncoder {
  encodePiece(piece: string): EncodedPiece;
  /** Releases the tiktoken WASM memory; the encoder is unusable afterwards. */
  free(): void;
}

const defaultCacheLimit = 65_536;

/**
 * The tiktoken encoder the featurizer was trained with (cl100k_base), behind a per-piece cache:
 * byte-pair encoding is independent per pre-tokenized piece, so caching pieces returns exactly
 * tiktoken's ids at a fraction of the cost. The cache also keeps each piece's text-feature traits. Create one per thread and `free()` it when done.
 */
export function createTokenEncoder(cacheLimit = defaultCacheLimit): TokenEncoder {
  const encoding = get_encoding(tokenizerName);
  const cache = new Map<string, EncodedPiece>();
  return {
    encodePiece(piece) {
      let encoded = cache.get(piece);
      if (encoded === undefined) {
        encoded = { tokens: encoding.encode_ordinary(piece), ...pieceTraits(piece) };
        if (cache.size >= cacheLimit) cache.clear();
        cache.set(piece, encoded);
      }
      return encoded;
    },
    free() {
      cache.clear();
      encoding.free();
    },
  };
}
