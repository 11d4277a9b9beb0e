/**
 * The internal request every client format parses into and every provider translates from.
 * Hub and spoke: N client formats + M providers need N + M translators.
 * This module imports nothing.
 */

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export type TextPart = { type: 'text'; text: string };

/** An image either inline (base64 + media type) or by URL. */
export type ImagePart =
  | { type: 'image'; source: { type: 'base64'; mediaType: string; data: string } }
  | { type: 'image'; source: { type: 'url'; url: string } };

/** A call the assistant made, as it appears in the conversation history. */
export type ToolCallPart = {
  type: 'tool-call';
  id: string;
  name: string;
  /** JSON text exactly as the model produced it (may be partial/invalid on some providers). */
  arguments: string;
};

/** The result of a tool call, sent back by the client. */
export type ToolResultPart = {
  type: 'tool-result';
  toolCallId: string;
  /** Tool name when the client format carries it (Gemini needs it). */
  name?: string;
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
};

export type ContentPart = TextPart | ImagePart | ToolCallPart | ToolResultPart;

export type SystemMessage = { role: 'system'; content: TextPart[] };
export type UserMessage = { role: 'user'; content: Array<TextPart | ImagePart> };
export type AssistantMessage = { role: 'assistant'; content: Array<TextPart | ToolCallPart> };
export type ToolMessage = { role: 'tool'; content: ToolResultPart[] };

export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

export type ToolDefinition = {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
  strict?: boolean;
};

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | { type: 'json-schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

/** Sampling and length parameters. Absent means "provider default". */
export type ChatParams = {
  temperature?: number;
  topP?: number;
  /** Sample from the k most likely tokens (Anthropic, Gemini, Ollama; OpenAI has none). */
  topK?: number;
  maxTokens?: number;
  stop?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  parallelToolCalls?: boolean;
};

export const CHAT_PARAM_KEYS = [
  'temperature',
  'topP',
  'topK',
  'maxTokens',
  'stop',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
  'parallelToolCalls',
] as const satisfies ReadonlyArray<keyof ChatParams>;

export type ClientFormat = 'openai-chat' | 'anthropic-messages' | 'openai-responses';

export type ChatRequest = {
  /** The name the client put in `model`: a router or a model of the config. */
  requestedModel: string;
  messages: ChatMessage[];
  params: ChatParams;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`: emit a final usage chunk. */
  includeUsage?: boolean;
  user?: string;
  /** Client metadata (OpenAI `metadata`, Anthropic `metadata`): string → string. */
  metadata?: Record<string, string>;
  /** Which client API this request came in through. */
  clientFormat: ClientFormat;
};
