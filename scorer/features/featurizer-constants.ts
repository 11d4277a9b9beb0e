/**
 * The featurizer's fixed shape. Changing any of these changes what the model was trained on:
 * bump `featurizerVersion` and retrain.
 */
/** 2: pre-tokenizer pieces are cut at `maxPieceLength` (64) characters. */
export const featurizerVersion = 2;
export const tokenizerName = 'cl100k_base';
/** Token ids and bigrams are hashed into this many embedding buckets (a power of two). */
export const bucketCount = 32_768;
/** One more embedding row, present once in every prompt: a bias that also keeps the bag non-empty. */
export const biasBucket = bucketCount;
export const embeddingRowCount = bucketCount + 1;
/** Tokens kept from the start and from the end of the (char-capped) prompt. */
export const headTokenCap = 256;
export const tailTokenCap = 256;
/** Characters tokenized at most from the start and from the end of a long prompt. */
export const headCharacterCap = 2_048;
export const tailCharacterCap = 2_048;
