import { get_encoding } from 'tiktoken';
import { tokenizerName } from './featurizer-constants.ts';

/** Encodes one pre-tokenized piece (see `preTokenize`) to token ids. */
export interface TokenEncoder {
  encodePiece(piece: string): Uint32Array;
  /** Releases the tiktoken WASM memory; the encoder is unusable afterwards. */
  free(): void;
}

const defaultCacheLimit = 65_536;

/**
 * The tiktoken encoder the featurizer was trained with (cl100k_base), behind a per-piece cache:
 * byte-pair encoding is independent per pre-tokenized piece, so caching pieces returns exactly
 * tiktoken's ids at a fraction of the cost. Create one per thread and `free()` it when done.
 */
export function createTokenEncoder(cacheLimit = defaultCacheLimit): TokenEncoder {
  const encoding = get_encoding(tokenizerName);
  const cache = new Map<string, Uint32Array>();
  return {
    encodePiece(piece) {
      let tokens = cache.get(piece);
      if (tokens === undefined) {
        tokens = encoding.encode_ordinary(piece);
        if (cache.size >= cacheLimit) cache.clear();
        cache.set(piece, tokens);
      }
      return tokens;
    },
    free() {
      cache.clear();
      encoding.free();
    },
  };
}
