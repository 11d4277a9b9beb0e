import type { ChatResult } from '../../core/chat-result.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { createResponseObject } from './create-response-object.ts';
import { freeformInput, freeformToolNames } from './freeform-tool-calls.ts';
import { mapFinishReasonToResponsesStatus } from './map-finish-reason-to-responses-status.ts';
import { encodeReasoningContent } from './responses-reasoning-content.ts';
import { responsesIds } from './responses-ids.ts';
import { readWebSearchResult, readWebSearchUse, urlCitationAnnotations, webSearchCallItem } from './web-search-call.ts';

/**
 * A whole answer → the Responses `response` object: a reasoning item per reasoning part (summary
 * and encrypted content), a message item per run of text and refusals, a function_call item per
 * call (a custom_tool_call for the request's freeform tools), a web_search_call per Anthropic
 * server web search (its result folded in; web-page citations as url_citation annotations, see
 * web-search-call.ts), and OpenAI's own provider items as they came. Other provider parts of other
 * families have no Responses item and are left out.
 */
export function encodeOpenAIResponsesResponse(result: ChatResult, context: EncodeContext): Record<string, unknown> {
  const ids = responsesIds(context.id);
  const freeform = freeformToolNames(context.request);
  const outcome = mapFinishReasonToResponsesStatus(result.finishReason);
  const itemStatus = outcome.status === 'completed' ? 'completed' : 'incomplete';
  const output: Array<Record<string, unknown>> = [];
  let content: Array<Record<string, unknown>> | undefined;
  const flushMessage = () => {
    if (content === undefined) return;
    output.push({ type: 'message', id: ids.message(output.length), status: itemStatus, role: 'assistant', content });
    content = undefined;
  };
  /** web_search_call items by the server tool use id, until their result arrives. */
  const searches = new Map<string, { item: Record<string, unknown>; query: string | undefined }>();
  for (const part of result.content) {
    switch (part.type) {
      case 'text': {
        content ??= [];
        const last = content.at(-1);
        const start = last?.type === 'output_text' ? (last.text as string).length : 0;
        const annotations = urlCitationAnnotations(part.citations, start, start + part.text.length);
        if (last?.type === 'output_text') {
          last.text = `${last.text as string}${part.text}`;
          (last.annotations as unknown[]).push(...annotations);
        } else content.push({ type: 'output_text', annotations, logprobs: [], text: part.text });
        break;
      }
      case 'refusal':
        (content ??= []).push({ type: 'refusal', refusal: part.text });
        break;
      case 'tool-call':
        flushMessage();
        if (freeform.has(part.name)) output.push({ type: 'custom_tool_call', id: ids.customToolCall(output.length), call_id: part.id, name: part.name, input: freeformInput(part.arguments), status: 'completed' });
        else output.push({ type: 'function_call', id: ids.functionCall(output.length), call_id: part.id, name: part.name, arguments: part.arguments, status: 'completed' });
        break;
      case 'reasoning': {
        flushMessage();
        const item: Record<string, unknown> = { type: 'reasoning', id: part.id ?? ids.reasoning(output.length), summary: part.text === '' ? [] : [{ type: 'summary_text', text: part.text }] };
        const encrypted = encodeReasoningContent(part);
        if (encrypted !== undefined) item.encrypted_content = encrypted;
        output.push(item);
        break;
      }
      case 'provider': {
        const search = readWebSearchUse(part);
        if (search !== undefined) {
          flushMessage();
          const item = webSearchCallItem(search.toolUseId, 'in_progress', search.query, []);
          searches.set(search.toolUseId, { item, query: search.query });
          output.push(item);
          break;
        }
        const found = readWebSearchResult(part);
        if (found !== undefined) {
          const pending = searches.get(found.toolUseId);
          const item = webSearchCallItem(found.toolUseId, found.status, pending?.query, found.sources);
          if (pending !== undefined) Object.assign(pending.item, item);
          else {
            flushMessage();
            output.push(item);
          }
          break;
        }
        if (part.family !== 'openai') break;
        flushMessage();
        output.push(part.value);
        break;
      }
    }
  }
  flushMessage();
  return createResponseObject({ id: ids.response, context, status: outcome.status, output, usage: result.usage, incompleteReason: outcome.incompleteReason });
}
