import type { FinishReason } from '../../core/chat-result.ts';

const CONTENT_FILTER = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION']);
const TOOL_ERRORS = new Set(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS']);

/** Gemini says STOP when it called a function, so the caller tells us about function calls. */
export function mapGeminiFinishReason(raw: string | undefined, hasToolCalls: boolean): FinishReason {
  if (raw === 'STOP') return { unified: hasToolCalls ? 'tool-calls' : 'stop', raw };
  if (raw === 'MAX_TOKENS') return { unified: 'length', raw };
  if (raw !== undefined && CONTENT_FILTER.has(raw)) return { unified: 'content-filter', raw };
  if (raw !== undefined && TOOL_ERRORS.has(raw)) return { unified: 'error', raw };
  return { unified: hasToolCalls ? 'tool-calls' : 'other', raw };
}
