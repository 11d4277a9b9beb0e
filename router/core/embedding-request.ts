/**
 * The internal embeddings request and result (POST /v1/embeddings). This module imports nothing.
 */

/** What to embed: texts, or pre-tokenized inputs (OpenAI's token arrays, only an OpenAI wire takes them). */
export type EmbeddingInput = { type: 'text'; texts: string[] } | { type: 'tokens'; tokens: number[][] };

export type EmbeddingRequest = {
  /** The name the client put in `model`: a router or a model of the config. */
  requestedModel: string;
  input: EmbeddingInput;
  /** The output vector length, when the client asked for one (models that can shorten their vectors). */
  dimensions?: number;
  /** How the client wants each vector: a JSON array of floats, or base64 of little-endian float32. */
  encodingFormat: 'float' | 'base64';
  user?: string;
};

/** One vector, as the provider sent it: floats, or OpenAI's base64 of little-endian float32 (when asked for base64). */
export type EmbeddingVector = number[] | { base64: string };

export type EmbeddingResult = {
  /** In input order. */
  vectors: EmbeddingVector[];
  /** Input tokens the provider counted; undefined when it reports none (the gateway's estimate is billed then). */
  inputTokens: number | undefined;
  reportedModel: string | undefined;
};
