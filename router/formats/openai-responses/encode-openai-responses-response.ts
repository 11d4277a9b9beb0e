import type { ChatResult } from '../../core/chat-result.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { createResponseObject } from './create-response-object.ts';
import { mapFinishReasonToResponsesStatus } from './map-finish-reason-to-responses-status.ts';
import { responsesIds } from './responses-ids.ts';

/** A whole answer → the Responses `response` object: a message item per run of text, a function_call item per call. */
export function encodeOpenAIResponsesResponse(result: ChatResult, context: EncodeContext): Record<string, unknown> {
  const ids = responsesIds(context.id);
  const outcome = mapFinishReasonToResponsesStatus(result.finishReason);
  const itemStatus = outcome.status === 'completed' ? 'completed' : 'incomplete';
  const output: Array<Record<string, unknown>> = [];
  let text: string | undefined;
  const flushText = () => {
    if (text === undefined) return;
    const content = [{ type: 'output_text', annotations: [], logprobs: [], text }];
    output.push({ type: 'message', id: ids.message(output.length), status: itemStatus, role: 'assistant', content });
    text = undefined;
  };
  for (const part of result.content) {
    if (part.type === 'text') {
      text = (text ?? '') + part.text;
      continue;
    }
    if (part.type !== 'tool-call') continue;
    flushText();
    output.push({ type: 'function_call', id: ids.functionCall(output.length), call_id: part.id, name: part.name, arguments: part.arguments, status: 'completed' });
  }
  flushText();
  return createResponseObject({ id: ids.response, context, status: outcome.status, output, usage: result.usage, incompleteReason: outcome.incompleteReason });
}
