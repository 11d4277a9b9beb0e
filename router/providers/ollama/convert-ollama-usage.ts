import type { Usage } from '../../core/chat-result.ts';
import type { OllamaChatChunk } from './ollama-wire.ts';

/** `prompt_eval_count` / `eval_count` of the final chunk; absent counts (a fully cached prompt) are 0. */
export function convertOllamaUsage(chunk: OllamaChatChunk): Usage | undefined {
  if (chunk.prompt_eval_count === undefined && chunk.eval_count === undefined) return undefined;
  return { inputTokens: chunk.prompt_eval_count ?? 0, outputTokens: chunk.eval_count ?? 0 };
}
