/** The parts of Ollama's native `/api/chat` wire format this adapter reads and writes. */

export type OllamaToolCall = {
  id?: string;
  function: { index?: number; name: string; arguments: Record<string, unknown> | string };
};

export type OllamaMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string; images?: string[] }
  | { role: 'assistant'; content: string; thinking?: string; tool_calls?: OllamaToolCall[] }
  | { role: 'tool'; content: string; tool_name?: string };

export type OllamaOptions = {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  num_predict?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
};

export type OllamaChatRequest = {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  options?: OllamaOptions;
  format?: 'json' | Record<string, unknown>;
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters: Record<string, unknown> } }>;
  /** Thinking models: on/off, or a level (gpt-oss); the thinking comes back in `message.thinking`. */
  think?: boolean | 'low' | 'medium' | 'high';
};

/** One body (non-streaming) or one NDJSON line (streaming); the last has `done: true`. */
export type OllamaChatChunk = {
  model?: string;
  created_at?: string;
  message?: { role?: string; content?: string; thinking?: string; tool_calls?: OllamaToolCall[] };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
};

export type OllamaErrorBody = { error?: string };
