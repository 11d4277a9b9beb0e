/**
 * The internal request every client format parses into and every provider translates from.
 * Hub and spoke: N client formats + M providers need N + M translators.
 * This module imports nothing.
 */

export type Role = 'system' | 'user' | 'assistant' | 'tool';

/**
 * A prompt-cache breakpoint on a part (Anthropic `cache_control`): the provider may cache the
 * prefix up to and including this part. `ttl` as the provider spells it ('5m', '1h').
 */
export type CacheBreakpoint = { type: 'ephemeral'; ttl?: string };

/** Which provider family produced an opaque value (a signature, encrypted reasoning): it may be replayed only to that family. */
export type ProviderFamily = 'anthropic' | 'openai' | 'gemini' | (string & {});

/**
 * A source an answer's text cites (Anthropic `citations`: a web search result location, a span of a
 * document). `url` and `title` when the source is a web page (what maps to a Responses or Chat
 * `url_citation`); `value` is the provider's own citation as it came, replayed to that family.
 */
export type Citation = { family: ProviderFamily; url?: string; title?: string; citedText?: string; value: Record<string, unknown> };

/** `citations`: the sources this run of text cites as a whole (Anthropic splits its text blocks at citation boundaries). */
export type TextPart = { type: 'text'; text: string; cache?: CacheBreakpoint; citations?: Citation[] };

/** An image either inline (base64 + media type) or by URL. */
export type ImagePart =
  | { type: 'image'; source: { type: 'base64'; mediaType: string; data: string }; cache?: CacheBreakpoint }
  | { type: 'image'; source: { type: 'url'; url: string }; cache?: CacheBreakpoint };

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
  /** Claude Code marks its latest tool result as a cache breakpoint. */
  cache?: CacheBreakpoint;
};

/** A document (PDF, plain text) inline or by URL or by a provider file id. */
export type DocumentPart = {
  type: 'document';
  source:
    | { type: 'base64'; mediaType: string; data: string }
    | { type: 'text'; mediaType: string; data: string }
    | { type: 'url'; url: string }
    | { type: 'file'; fileId: string };
  title?: string;
  filename?: string;
  cache?: CacheBreakpoint;
};

/**
 * The model's reasoning, in history or in an answer. `text` is the readable summary or thinking
 * (may be empty); `signature` / `encrypted` are opaque values that only `family` can verify:
 * replayed to that family, dropped with a warning elsewhere. `redacted` holds Anthropic's
 * redacted_thinking data.
 */
export type ReasoningPart = {
  type: 'reasoning';
  text: string;
  family?: ProviderFamily;
  signature?: string;
  encrypted?: string;
  redacted?: string;
  /** The provider's id for the reasoning item (OpenAI Responses `rs_…`). */
  id?: string;
};

/** The model declined to answer (OpenAI `refusal`); kept apart from text so it maps back to a refusal. */
export type RefusalPart = { type: 'refusal'; text: string };

/**
 * A block of a provider's own vocabulary that the internal format has no type for (a server tool
 * call or result, a citation block, a `custom_tool_call` item…): kept as it came, replayed to the
 * same family, dropped with a warning elsewhere.
 */
export type ProviderPart = { type: 'provider'; family: ProviderFamily; kind: string; value: Record<string, unknown> };

export type ContentPart = TextPart | ImagePart | DocumentPart | ToolCallPart | ToolResultPart | ReasoningPart | RefusalPart | ProviderPart;

/** System (or developer) instructions; may appear anywhere in the conversation, not only first. */
export type SystemMessage = { role: 'system'; content: TextPart[]; /** OpenAI's `developer` role, kept so it maps back. */ developer?: boolean };
export type UserMessage = { role: 'user'; content: Array<TextPart | ImagePart | DocumentPart | ProviderPart> };
export type AssistantMessage = { role: 'assistant'; content: Array<TextPart | ToolCallPart | ReasoningPart | RefusalPart | ProviderPart> };
export type ToolMessage = { role: 'tool'; content: ToolResultPart[] };

export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

export type FunctionToolDefinition = {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
  strict?: boolean;
  cache?: CacheBreakpoint;
  /**
   * A freeform tool (OpenAI Responses `custom`, e.g. Codex's apply_patch): the model writes one raw
   * string, not JSON. `parameters` then describe the emulation `{ input: string }` every other
   * provider gets (calls carry `{"input": …}` as their arguments); `format` is the client's
   * grammar or text format, replayed to a Responses upstream.
   */
  freeform?: { format?: Record<string, unknown> };
};

/**
 * A tool the provider itself runs or defines (Anthropic `web_search_20250305`, `code_execution`,
 * OpenAI `web_search`, Codex's `custom` apply_patch and `local_shell`…). `kind` is the wire type;
 * `value` the definition as sent. Only a target of `family` can honour it: it filters the plan.
 */
export type ProviderToolDefinition = { type: 'provider'; family: ProviderFamily; kind: string; name?: string; value: Record<string, unknown> };

export type ToolDefinition = FunctionToolDefinition | ProviderToolDefinition;

/**
 * How hard the model should think. `effort` is the portable knob; `budgetTokens` an explicit
 * token budget (Anthropic `thinking.budget_tokens`, Gemini `thinkingBudget`); `summary` the
 * Responses `reasoning.summary`. Absent means the provider's default.
 */
export type ReasoningConfig = {
  effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';
  budgetTokens?: number;
  summary?: string;
  /** Whether reasoning is on at all (Anthropic `thinking.type`: enabled / adaptive vs disabled). */
  enabled?: boolean;
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

export type ClientFormat = 'openai-chat' | 'anthropic-messages' | 'openai-responses';

export type ChatRequest = {
  /** The name the client put in `model`: a router or a model of the config ('' when it sent none). */
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
  reasoning?: ReasoningConfig;
  /**
   * Options only one provider family understands (OpenAI `prompt_cache_key`, `service_tier`,
   * Anthropic `context_management`…), by family, as the client spelled them. A target of that
   * family receives them; elsewhere they become warnings.
   */
  providerOptions?: Partial<Record<ProviderFamily, Record<string, unknown>>>;
  /** Which client API this request came in through. */
  clientFormat: ClientFormat;
};
