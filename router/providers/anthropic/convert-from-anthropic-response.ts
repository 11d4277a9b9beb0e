import type { ChatResult } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import type { AnthropicMessageResponse, AnthropicRedactedThinkingBlock, AnthropicTextBlock, AnthropicThinkingBlock, AnthropicToolUseBlock } from './anthropic-wire.ts';
import { convertAnthropicCitations } from './convert-anthropic-citation.ts';
import { convertAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';

/**
 * An Anthropic `message` body → the internal result. Text (with its citations) and tool_use blocks map; thinking and
 * redacted_thinking become reasoning parts with their signature (family 'anthropic'); any other
 * block (server tool use and results, types added later) is kept whole as a provider part. A call
 * of the forced JSON tool (`jsonToolName`) becomes the answer text.
 */
export function convertFromAnthropicResponse(body: unknown, jsonToolName?: string): ChatResult {
  const response = body as AnthropicMessageResponse;
  if (typeof response !== 'object' || response === null || !Array.isArray(response.content)) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer has no content array' });
  }
  const content: ChatResult['content'] = [];
  let jsonToolAnswered = false;
  for (const block of response.content) {
    if (block.type === 'text') {
      const { text, citations } = block as AnthropicTextBlock;
      const cited = convertAnthropicCitations(citations);
      if (typeof text === 'string' && text !== '') content.push({ type: 'text', text, ...(cited === undefined ? {} : { citations: cited }) });
    } else if (block.type === 'tool_use') {
      const call = block as AnthropicToolUseBlock;
      const argumentsJson = JSON.stringify(call.input ?? {});
      if (jsonToolName !== undefined && call.name === jsonToolName) {
        jsonToolAnswered = true;
        content.push({ type: 'text', text: argumentsJson });
      } else {
        content.push({ type: 'tool-call', id: call.id, name: call.name, arguments: argumentsJson });
      }
    } else if (block.type === 'thinking') {
      const { thinking, signature } = block as AnthropicThinkingBlock;
      content.push({ type: 'reasoning', text: typeof thinking === 'string' ? thinking : '', family: 'anthropic', ...(typeof signature === 'string' ? { signature } : {}) });
    } else if (block.type === 'redacted_thinking') {
      content.push({ type: 'reasoning', text: '', family: 'anthropic', redacted: String((block as AnthropicRedactedThinkingBlock).data) });
    } else {
      content.push({ type: 'provider', family: 'anthropic', kind: block.type, value: block });
    }
  }
  return {
    id: response.id,
    content,
    finishReason: mapAnthropicFinishReason(response.stop_reason, { jsonToolAnswered }),
    usage: convertAnthropicUsage(response.usage),
    reportedModel: response.model === undefined ? undefined : { kind: 'reported', name: response.model },
  };
}
