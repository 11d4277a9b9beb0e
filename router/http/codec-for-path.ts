import type { ClientFormatCodec } from '../formats/client-format-codec.ts';
import { anthropicMessagesCodec } from '../formats/anthropic-messages/anthropic-messages-codec.ts';
import { openAIChatCodec } from '../formats/openai-chat/openai-chat-codec.ts';
import { openAIResponsesCodec } from '../formats/openai-responses/openai-responses-codec.ts';

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * The client API a path belongs to, for errors answered before (or without) a route: an unknown
 * path or wrong method under `/v1/messages` is an Anthropic client's mistake and gets Anthropic's
 * error shape; `/v1/responses` the Responses client's; everything else OpenAI's.
 */
export function codecForPath(url: string): ClientFormatCodec {
  const path = url.split('?')[0] ?? '';
  if (isUnder(path, '/v1/messages')) return anthropicMessagesCodec;
  if (isUnder(path, '/v1/responses')) return openAIResponsesCodec;
  return openAIChatCodec;
}
