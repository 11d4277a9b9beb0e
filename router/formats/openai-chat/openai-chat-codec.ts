import type { ClientFormatCodec } from '../client-format-codec.ts';
import { encodeOpenAIChatResponse } from './encode-openai-chat-response.ts';
import { encodeOpenAIChatStream } from './encode-openai-chat-stream.ts';
import { encodeOpenAIError, encodeOpenAIStreamError } from './openai-chat-error.ts';
import { openAIChatRequestSchema } from './openai-chat-request-schema.ts';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.ts';

/** OpenAI Chat Completions: `POST /v1/chat/completions`. */
export const openAIChatCodec: ClientFormatCodec = {
  format: 'openai-chat',
  bodySchema: openAIChatRequestSchema,
  parseRequest: parseOpenAIChatRequest,
  encodeResponse: encodeOpenAIChatResponse,
  encodeStream: (events, context) => ({ frames: encodeOpenAIChatStream(events, context), fail: encodeOpenAIStreamError }),
  encodeStreamError: encodeOpenAIStreamError,
  encodeError: encodeOpenAIError,
};
