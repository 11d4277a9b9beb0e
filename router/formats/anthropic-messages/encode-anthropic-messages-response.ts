import type { ChatResult } from '../../core/chat-result.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { anthropicMessageId } from './anthropic-message-id.ts';
import { encodeAnthropicContentBlock } from './encode-anthropic-content-block.ts';
import { encodeAnthropicUsage } from './encode-anthropic-usage.ts';
import { mapFinishReasonToAnthropic } from './map-finish-reason-to-anthropic.ts';

/** The internal result → an Anthropic `message` body. */
export function encodeAnthropicMessagesResponse(result: ChatResult, context: EncodeContext): Record<string, unknown> {
  const content = result.content.flatMap(encodeAnthropicContentBlock);
  return {
    id: anthropicMessageId(context.id),
    type: 'message',
    role: 'assistant',
    model: context.model,
    content,
    stop_reason: mapFinishReasonToAnthropic(result.finishReason),
    stop_sequence: null,
    usage: encodeAnthropicUsage(result.usage),
  };
}
