import type { Usage } from '../../core/chat-result.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { encodeOpenAIResponsesUsage } from './encode-openai-responses-usage.ts';

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export type ResponseObjectInput = {
  id: string;
  context: EncodeContext;
  status: ResponseStatus;
  output: unknown[];
  usage: Usage | undefined;
  incompleteReason?: string | undefined;
  error?: { code: string; message: string } | undefined;
};

/**
 * The Responses API's `response` object, for the non-streaming body and the lifecycle events.
 * The codec sees only the answer, not the request, so request echoes (instructions, tools,
 * temperature…) are reported as their neutral values; nothing is stored (`store: false`).
 */
export function createResponseObject(input: ResponseObjectInput): Record<string, unknown> {
  return {
    id: input.id,
    object: 'response',
    created_at: input.context.created,
    status: input.status,
    error: input.error ?? null,
    incomplete_details: input.incompleteReason === undefined ? null : { reason: input.incompleteReason },
    instructions: null,
    max_output_tokens: null,
    model: input.context.model,
    output: input.output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage: input.usage === undefined ? null : encodeOpenAIResponsesUsage(input.usage),
    metadata: {},
  };
}
