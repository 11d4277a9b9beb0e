import type { EmbeddingRequest, EmbeddingVector } from '../core/embedding-request.ts';

/** Floats → OpenAI's base64 of little-endian float32. */
export function floatsToBase64(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

/** OpenAI's base64 of little-endian float32 → floats. */
export function base64ToFloats(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const values: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4) values.push(bytes.readFloatLE(offset));
  return values;
}

function encodeVector(vector: EmbeddingVector, format: EmbeddingRequest['encodingFormat']): number[] | string {
  if (Array.isArray(vector)) return format === 'base64' ? floatsToBase64(vector) : vector;
  return format === 'base64' ? vector.base64 : base64ToFloats(vector.base64);
}

/** The OpenAI embeddings answer: `{ object: 'list', data: [{ object: 'embedding', index, embedding }], model, usage }`, each vector in the format the client asked for. */
export function encodeEmbeddingsResponse(vectors: readonly EmbeddingVector[], options: { model: string; inputTokens: number; encodingFormat: EmbeddingRequest['encodingFormat'] }) {
  return {
    object: 'list' as const,
    data: vectors.map((vector, index) => ({ object: 'embedding' as const, index, embedding: encodeVector(vector, options.encodingFormat) })),
    model: options.model,
    usage: { prompt_tokens: options.inputTokens, total_tokens: options.inputTokens },
  };
}
