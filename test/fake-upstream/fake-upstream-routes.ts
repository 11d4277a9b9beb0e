/**
 * Maps a request line to what the fake upstream serves: a generation endpoint of one wire, the
 * OpenAI model list, Anthropic count_tokens, or an embeddings endpoint (OpenAI, Gemini, Ollama). Plain string matching, nothing compiled per request.
 */
import { anthropicMessagesWire, buildAnthropicTokenCount } from './anthropic-messages-wire.ts';
import type { FakeAnswer } from './fake-answer.ts';
import type { FakeWire, JsonObject } from './fake-wire.ts';
import { bedrockConverseWire } from './bedrock-converse-wire.ts';
import { geminiWire } from './gemini-wire.ts';
import { ollamaWire } from './ollama-wire.ts';
import { buildGeminiEmbeddings, buildOllamaEmbeddings, buildOpenAIEmbeddings, validateGeminiEmbeddings, validateOllamaEmbeddings, validateOpenAIEmbeddings } from './fake-embeddings.ts';
import { openAIChatWire } from './openai-chat-wire.ts';
import { buildOpenAIModeration } from './openai-moderation.ts';
import { buildOpenAICompaction, buildOpenAIInputTokens, openAIResponsesWire } from './openai-responses-wire.ts';

export type FakeRoute =
  | {
      kind: 'generate';
      wire: FakeWire;
      /** The model named in the path (Gemini); otherwise the body's `model` is used. */
      pathModel: string | undefined;
      isStream: (body: JsonObject) => boolean;
    }
  /**
   * A non-generating endpoint (count tokens, compact, embeddings): behaviours apply, the OK body is
   * its own (built from the answer and the request body); `validate` refuses a malformed body with a 400.
   */
  | { kind: 'count-tokens'; wire: FakeWire; buildBody: (answer: FakeAnswer, body: JsonObject) => JsonObject; validate?: (body: JsonObject) => string | undefined; pathModel?: string }
  | { kind: 'models'; wire: FakeWire };

const streamWhenTrue = (body: JsonObject): boolean => body.stream === true;
const streamUnlessFalse = (body: JsonObject): boolean => body.stream !== false;
const alwaysStream = (): boolean => true;
const neverStream = (): boolean => false;

const fixedRoutes: ReadonlyMap<string, FakeRoute> = new Map<string, FakeRoute>([
  ['POST /v1/chat/completions', { kind: 'generate', wire: openAIChatWire, pathModel: undefined, isStream: streamWhenTrue }],
  ['GET /v1/models', { kind: 'models', wire: openAIChatWire }],
  ['POST /v1/messages', { kind: 'generate', wire: anthropicMessagesWire, pathModel: undefined, isStream: streamWhenTrue }],
  ['POST /v1/messages/count_tokens', { kind: 'count-tokens', wire: anthropicMessagesWire, buildBody: (answer) => buildAnthropicTokenCount(answer.usage.inputTokens) }],
  ['POST /v1/responses', { kind: 'generate', wire: openAIResponsesWire, pathModel: undefined, isStream: streamWhenTrue }],
  ['POST /v1/responses/input_tokens', { kind: 'count-tokens', wire: openAIResponsesWire, buildBody: buildOpenAIInputTokens }],
  ['POST /v1/responses/compact', { kind: 'count-tokens', wire: openAIResponsesWire, buildBody: buildOpenAICompaction }],
  ['POST /v1/moderations', { kind: 'count-tokens', wire: openAIChatWire, buildBody: buildOpenAIModeration }],
  ['POST /api/chat', { kind: 'generate', wire: ollamaWire, pathModel: undefined, isStream: streamUnlessFalse }],
  ['POST /v1/embeddings', { kind: 'count-tokens', wire: openAIChatWire, buildBody: buildOpenAIEmbeddings, validate: validateOpenAIEmbeddings }],
  ['POST /api/embed', { kind: 'count-tokens', wire: ollamaWire, buildBody: buildOllamaEmbeddings, validate: validateOllamaEmbeddings }],
]);

const geminiPrefixes = ['/v1beta/models/', '/v1/models/'];

function resolveGeminiRoute(path: string): FakeRoute | undefined {
  const prefix = geminiPrefixes.find((candidate) => path.startsWith(candidate));
  if (prefix === undefined) return undefined;
  const separator = path.lastIndexOf(':');
  if (separator <= prefix.length) return undefined;
  const method = path.slice(separator + 1);
  const pathModel = decodeURIComponent(path.slice(prefix.length, separator));
  if (method === 'batchEmbedContents') return { kind: 'count-tokens', wire: geminiWire, buildBody: buildGeminiEmbeddings, validate: validateGeminiEmbeddings, pathModel };
  if (method !== 'generateContent' && method !== 'streamGenerateContent') return undefined;
  return {
    kind: 'generate',
    wire: geminiWire,
    pathModel,
    isStream: method === 'streamGenerateContent' ? alwaysStream : neverStream,
  };
}

const bedrockPrefix = '/model/';

/** Bedrock runtime: `/model/{id}/converse` and `/model/{id}/converse-stream` (the id URL-encoded). */
function resolveBedrockRoute(path: string): FakeRoute | undefined {
  if (!path.startsWith(bedrockPrefix)) return undefined;
  const separator = path.lastIndexOf('/');
  const operation = path.slice(separator + 1);
  if (separator <= bedrockPrefix.length || (operation !== 'converse' && operation !== 'converse-stream')) return undefined;
  return { kind: 'generate', wire: bedrockConverseWire, pathModel: decodeURIComponent(path.slice(bedrockPrefix.length, separator)), isStream: operation === 'converse-stream' ? alwaysStream : neverStream };
}

/** @param path the URL path without its query string */
export function resolveFakeRoute(method: string, path: string): FakeRoute | undefined {
  const fixed = fixedRoutes.get(`${method} ${path}`);
  if (fixed !== undefined) return fixed;
  return method === 'POST' ? (resolveGeminiRoute(path) ?? resolveBedrockRoute(path)) : undefined;
}
