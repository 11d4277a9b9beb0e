/** The parts of OpenAI's Chat Completions wire format this adapter reads and writes. */

export type OpenAIContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } }
  | { type: 'file'; file: { file_data?: string; file_id?: string; filename?: string } };

export type OpenAIToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };

export type OpenAIMessage =
  | { role: 'system' | 'developer'; content: string }
  | { role: 'user'; content: string | OpenAIContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAIToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export type OpenAIUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
};

export type OpenAIChatResponse = {
  id?: string;
  model?: string;
  choices: Array<{
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      tool_calls?: OpenAIToolCall[];
      refusal?: string | null;
      /** Search models' `url_citation` spans of the content. */
      annotations?: unknown;
      /** Reasoning text of OpenAI-compatible servers: `reasoning_content` (DeepSeek, vLLM) or `reasoning` (Ollama's /v1, OpenRouter). */
      reasoning_content?: string | null;
      reasoning?: string | null;
    };
    finish_reason: string | null;
  }>;
  usage?: OpenAIUsage | null;
};

export type OpenAIChatChunk = {
  id?: string;
  model?: string;
  choices: Array<{
    index: number;
    delta: {
      role?: string;
      content?: string | null;
      refusal?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: Array<{ index: number; id?: string; type?: 'function'; function?: { name?: string; arguments?: string } }>;
    };
    finish_reason: string | null;
  }>;
  usage?: OpenAIUsage | null;
};

export type OpenAIErrorBody = { error?: { message?: string; type?: string; code?: string | number | null; param?: string | null } | string };
