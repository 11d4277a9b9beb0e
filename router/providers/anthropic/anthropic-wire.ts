/** The parts of Anthropic's Messages wire format (anthropic-version 2023-06-01) this adapter reads and writes. */

export type AnthropicCacheControl = { type: 'ephemeral'; ttl?: string };

/** `citations` only in answers: the sources the block's text cites (web_search_result_location, char_location…). */
export type AnthropicTextBlock = { type: 'text'; text: string; cache_control?: AnthropicCacheControl; citations?: Array<Record<string, unknown>> | null };

export type AnthropicImageBlock = {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
  cache_control?: AnthropicCacheControl;
};

export type AnthropicDocumentBlock = {
  type: 'document';
  source:
    | { type: 'base64' | 'text'; media_type: string; data: string }
    | { type: 'url'; url: string }
    | { type: 'file'; file_id: string };
  title?: string;
  cache_control?: AnthropicCacheControl;
};

export type AnthropicToolUseBlock = { type: 'tool_use'; id: string; name: string; input: unknown };

export type AnthropicThinkingBlock = { type: 'thinking'; thinking: string; signature: string };

export type AnthropicRedactedThinkingBlock = { type: 'redacted_thinking'; data: string };

export type AnthropicToolResultBlock = {
  type: 'tool_result';
  tool_use_id: string;
  content: string | Array<AnthropicTextBlock | AnthropicImageBlock>;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
};

/** A block of Anthropic's own vocabulary the gateway carries as it came (server tool use, search results…). */
export type AnthropicOtherBlock = { type: string; [field: string]: unknown };

export type AnthropicRequestBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicOtherBlock;

/** `system` turns inside `messages`: Claude Code sends its environment block as one. */
export type AnthropicMessage = { role: 'user' | 'assistant' | 'system'; content: AnthropicRequestBlock[] };

export type AnthropicCustomTool = { name: string; description?: string; input_schema: Record<string, unknown>; strict?: boolean; cache_control?: AnthropicCacheControl };

/** A custom tool, or one Anthropic defines or runs (web search, code execution…), carried as sent. */
export type AnthropicTool = AnthropicCustomTool | AnthropicOtherBlock;

export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** Known fields, plus whatever Anthropic-only options the client sent (context_management, container…). */
export type AnthropicMessagesBody = {
  [option: string]: unknown;
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: AnthropicTextBlock[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  metadata?: { user_id: string };
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' | 'disabled' } | Record<string, unknown>;
  stream?: boolean;
};

export type AnthropicUsage = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  /** The cache writes by TTL (their sum is `cache_creation_input_tokens`). */
  cache_creation?: { ephemeral_5m_input_tokens?: number | null; ephemeral_1h_input_tokens?: number | null } | null;
};

/** Response blocks we translate; any other type (server tools, results, types added later) is kept as a provider part. */
export type AnthropicResponseBlock = AnthropicTextBlock | AnthropicToolUseBlock | AnthropicThinkingBlock | AnthropicRedactedThinkingBlock | AnthropicOtherBlock;

export type AnthropicMessageResponse = {
  id?: string;
  type?: 'message';
  model?: string;
  content: AnthropicResponseBlock[];
  stop_reason: string | null;
  stop_sequence?: string | null;
  usage?: AnthropicUsage;
};

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: Omit<AnthropicMessageResponse, 'content'> & { content?: unknown[] } }
  | { type: 'content_block_start'; index: number; content_block: AnthropicResponseBlock }
  | {
      type: 'content_block_delta';
      index: number;
      delta:
        | { type: 'text_delta'; text: string }
        | { type: 'input_json_delta'; partial_json: string }
        | { type: 'thinking_delta'; thinking: string }
        | { type: 'signature_delta'; signature: string }
        | { type: string; [field: string]: unknown };
    }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason?: string | null; stop_sequence?: string | null }; usage?: AnthropicUsage }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error?: { type?: string; message?: string } };

export type AnthropicErrorBody = { type?: 'error'; error?: { type?: string; message?: string } };
