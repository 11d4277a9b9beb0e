import type { FakeAnswer } from './fake-answer.ts';
import type { JsonObject } from './fake-wire.ts';

/** Vector length when the request names none. */
export const FAKE_EMBEDDING_DIMENSIONS = 8;

/**
 * A deterministic vector for a text: `dimensions` values, each a multiple of 1/1024 in [-0.5, 0.5)
 * (exact in float32, so float and base64 answers compare equal), different per text.
 */
export function fakeEmbedding(text: string, dimensions = FAKE_EMBEDDING_DIMENSIONS): number[] {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619) >>> 0;
  return Array.from({ length: dimensions }, (_, index) => (((hash >>> 0) + index * 7919) % 1024) / 1024 - 0.5);
}

function tokensOf(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
}

/** OpenAI's input forms → texts (a token array becomes its tokens joined, so it still hashes). */
function openAITexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  return input.map((item) => (typeof item === 'string' ? item : Array.isArray(item) ? item.join(' ') : ''));
}

export function validateOpenAIEmbeddings(body: JsonObject): string | undefined {
  if (typeof body.model !== 'string') return 'model is required';
  if (openAITexts(body.input).length === 0) return 'input is required';
  return undefined;
}

/** OpenAI `POST /v1/embeddings`: `dimensions` honoured, `encoding_format: base64` as little-endian float32. */
export function buildOpenAIEmbeddings(answer: FakeAnswer, body: JsonObject): JsonObject {
  const texts = openAITexts(body.input);
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : undefined;
  const base64 = body.encoding_format === 'base64';
  const data = texts.map((text, index) => {
    const vector = fakeEmbedding(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
  });
  const tokens = tokensOf(texts);
  return { object: 'list', data, model: answer.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

type GeminiEmbedRequest = { model?: unknown; content?: { parts?: Array<{ text?: unknown }> }; outputDimensionality?: unknown };

export function validateGeminiEmbeddings(body: JsonObject): string | undefined {
  const requests = body.requests;
  if (!Array.isArray(requests) || requests.length === 0) return 'requests must be a non-empty array';
  for (const [index, request] of (requests as GeminiEmbedRequest[]).entries()) {
    if (typeof request.model !== 'string' || !request.model.startsWith('models/')) return `requests[${index}].model must be 'models/{model}'`;
    if (!Array.isArray(request.content?.parts) || request.content.parts.some((part) => typeof part.text !== 'string')) return `requests[${index}].content.parts must hold text parts`;
  }
  return undefined;
}

/** Gemini `models/{model}:batchEmbedContents`: one embedding per request, `outputDimensionality` honoured. */
export function buildGeminiEmbeddings(_answer: FakeAnswer, body: JsonObject): JsonObject {
  const requests = body.requests as GeminiEmbedRequest[];
  return {
    embeddings: requests.map((request) => {
      const text = (request.content?.parts ?? []).map((part) => String(part.text)).join('');
      return { values: fakeEmbedding(text, typeof request.outputDimensionality === 'number' ? request.outputDimensionality : undefined) };
    }),
  };
}

export function validateOllamaEmbeddings(body: JsonObject): string | undefined {
  if (typeof body.model !== 'string') return 'model is required';
  const input = body.input;
  if (typeof input !== 'string' && !(Array.isArray(input) && input.every((item) => typeof item === 'string'))) return 'input must be a string or an array of strings';
  return undefined;
}

/** Ollama `POST /api/embed`: `embeddings` in order, `dimensions` honoured, `prompt_eval_count` as the input tokens. */
export function buildOllamaEmbeddings(answer: FakeAnswer, body: JsonObject): JsonObject {
  const texts = typeof body.input === 'string' ? [body.input] : (body.input as string[]);
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : undefined;
  return { model: answer.model, embeddings: texts.map((text) => fakeEmbedding(text, dimensions)), prompt_eval_count: tokensOf(texts) };
}
