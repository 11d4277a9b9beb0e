import type { ChatRequest } from '../core/chat-request.ts';
import type { EmbeddingInput, EmbeddingRequest } from '../core/embedding-request.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { isJsonObject } from '../formats/is-json-object.ts';

/** OpenAI's own bound on inputs per request. */
const MAX_INPUTS = 2048;

function isToken(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every(isToken);
}

function isTextArray(value: unknown[]): value is string[] {
  return value.every((item) => typeof item === 'string');
}

function isTokenArrays(value: unknown[]): value is number[][] {
  return value.every(isTokenArray);
}

function parseInput(input: unknown): EmbeddingInput {
  if (typeof input === 'string') {
    if (input === '') throw new InvalidRequestError('input must not be an empty string', 'input');
    return { type: 'text', texts: [input] };
  }
  if (!Array.isArray(input) || input.length === 0) throw new InvalidRequestError('input must be a string, an array of strings, an array of tokens or an array of token arrays', 'input');
  if (input.length > MAX_INPUTS) throw new InvalidRequestError(`input holds ${input.length} items; at most ${MAX_INPUTS} per request`, 'input');
  if (isTextArray(input)) {
    const empty = input.findIndex((item) => item === '');
    if (empty !== -1) throw new InvalidRequestError(`input[${empty}] must not be an empty string`, `input[${empty}]`);
    return { type: 'text', texts: input };
  }
  if (isTokenArray(input)) return { type: 'tokens', tokens: [input] };
  if (isTokenArrays(input)) return { type: 'tokens', tokens: input };
  const bad = input.findIndex((item) => !isTokenArray(item));
  throw new InvalidRequestError(`input[${bad}] must be a non-empty string or a non-empty array of non-negative integer tokens (one kind throughout)`, `input[${bad}]`);
}

export type ParsedEmbeddingsRequest = {
  embedding: EmbeddingRequest;
  /** The request as routing sees it: the texts as one user turn (for `input_tokens`, the scorer-free signals and the audit). */
  routing: ChatRequest;
  /** Known up front for token arrays (their length); undefined: estimated from the texts. */
  inputTokens: number | undefined;
};

/** An OpenAI embeddings body (`input`, `model`, `dimensions`, `encoding_format`, `user`) → the internal request; bad input is a 400 naming the field. */
export function parseEmbeddingsRequest(body: unknown): ParsedEmbeddingsRequest {
  if (!isJsonObject(body)) throw new InvalidRequestError('The request body must be a JSON object.');
  const fields = body;
  // An absent model is '' : the caller's project or the gateway's default router may serve it (else 400 model_required).
  const model = fields.model ?? '';
  if (typeof model !== 'string') throw new InvalidRequestError('model must be a string', 'model');
  if (fields.input === undefined) throw new InvalidRequestError('input is required', 'input');
  const input = parseInput(fields.input);
  const embedding: EmbeddingRequest = { requestedModel: model, input, encodingFormat: 'float' };
  if (fields.encoding_format !== undefined) {
    if (fields.encoding_format !== 'float' && fields.encoding_format !== 'base64') throw new InvalidRequestError("encoding_format must be 'float' or 'base64'", 'encoding_format');
    embedding.encodingFormat = fields.encoding_format;
  }
  if (fields.dimensions !== undefined) {
    if (typeof fields.dimensions !== 'number' || !Number.isInteger(fields.dimensions) || fields.dimensions < 1) throw new InvalidRequestError('dimensions must be a positive integer', 'dimensions');
    embedding.dimensions = fields.dimensions;
  }
  if (fields.user !== undefined) {
    if (typeof fields.user !== 'string') throw new InvalidRequestError('user must be a string', 'user');
    embedding.user = fields.user;
  }
  const texts = input.type === 'text' ? input.texts : [];
  const routing: ChatRequest = {
    requestedModel: model,
    messages: [{ role: 'user', content: texts.map((text) => ({ type: 'text' as const, text })) }],
    params: {},
    stream: false,
    clientFormat: 'openai-chat',
  };
  if (embedding.user !== undefined) routing.user = embedding.user;
  const inputTokens = input.type === 'tokens' ? input.tokens.reduce((sum, tokens) => sum + tokens.length, 0) : undefined;
  return { embedding, routing, inputTokens };
}
