import type { ClientFormatCodec } from '../formats/client-format-codec.ts';
import { anthropicMessagesCodec } from '../formats/anthropic-messages/anthropic-messages-codec.ts';
import { openAIChatCodec } from '../formats/openai-chat/openai-chat-codec.ts';
import { openAIResponsesCodec } from '../formats/openai-responses/openai-responses-codec.ts';

/**
 * The client API a path belongs to, for errors answered before (or without) a route: an unknown
 * path or wrong method under `/v1/messages` (any path that begins so: `/v1/messages%00` too) is an Anthropic client's mistake and gets Anthropic's
 * error shape; `/v1/responses` the Responses client's; everything else OpenAI's.
 */
export function codecForPath(url: string): ClientFormatCodec {
  const path = url.split('?')[0] ?? '';
  if (path.startsWith('/v1/messages')) return anthropicMessagesCodec;
  if (path.startsWith('/v1/responses')) return openAIResponsesCodec;
  return openAIChatCodec;
}
