import { isGatewayReasoningContent } from '../../formats/openai-responses/responses-reasoning-content.ts';
import { isGatewayWebSearchCall } from '../../formats/openai-responses/web-search-call.ts';

function isForeignItem(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const { type, encrypted_content: encrypted } = item as { type?: unknown; encrypted_content?: unknown };
  return (type === 'reasoning' && isGatewayReasoningContent(encrypted)) || isGatewayWebSearchCall(item as { type?: unknown; id?: unknown });
}

/**
 * A carried Responses body's `input` without the items the gateway made for another family: reasoning
 * items tagged with an Anthropic thinking or Gemini thought signature (`switchyard.v1:…` encrypted
 * content), which OpenAI cannot decrypt, and `web_search_call` items made from an Anthropic search
 * (`ws_srvtoolu_…`), which OpenAI never saw; either would get the request refused. The answers'
 * text stays. The same value when there are none (nothing is copied). Pure.
 */
export function omitForeignReasoningItems(input: unknown, warnings: string[]): unknown {
  if (!Array.isArray(input) || !input.some(isForeignItem)) return input;
  const kept = input.filter((item) => !isForeignItem(item));
  const omitted = input.length - kept.length;
  warnings.push(`${omitted} reasoning or web search item${omitted === 1 ? '' : 's'} from another provider cannot be replayed to OpenAI and ${omitted === 1 ? 'was' : 'were'} left out of the history`);
  return kept;
}
