import { isGatewayReasoningContent } from '../../formats/openai-responses/responses-reasoning-content.ts';

function isForeignReasoning(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const { type, encrypted_content: encrypted } = item as { type?: unknown; encrypted_content?: unknown };
  return type === 'reasoning' && isGatewayReasoningContent(encrypted);
}

/**
 * A carried Responses body's `input` without the reasoning items the gateway tagged with another
 * family (an Anthropic thinking signature or Gemini thought signature shown to a Responses client
 * as `switchyard.v1:…` encrypted content): OpenAI cannot decrypt them and would refuse the request.
 * The same value when there are none (nothing is copied). Pure.
 */
export function omitForeignReasoningItems(input: unknown, warnings: string[]): unknown {
  if (!Array.isArray(input) || !input.some(isForeignReasoning)) return input;
  const kept = input.filter((item) => !isForeignReasoning(item));
  const omitted = input.length - kept.length;
  warnings.push(`${omitted} reasoning item${omitted === 1 ? '' : 's'} from another provider cannot be replayed to OpenAI and ${omitted === 1 ? 'was' : 'were'} left out of the history`);
  return kept;
}
