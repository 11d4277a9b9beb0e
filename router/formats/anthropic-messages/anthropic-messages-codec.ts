import type { ClientFormatCodec } from '../client-format-codec.ts';
import { encodeAnthropicError, encodeAnthropicStreamError } from './anthropic-messages-error.ts';
import { anthropicMessagesRequestSchema } from './anthropic-messages-request-schema.ts';
import { encodeAnthropicMessagesResponse } from './encode-anthropic-messages-response.ts';
import { encodeAnthropicMessagesStream } from './encode-anthropic-messages-stream.ts';
import { parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.ts';

/** Anthropic Messages: `POST /v1/messages`. */
export const anthropicMessagesCodec: ClientFormatCodec = {
  format: 'anthropic-messages',
  bodySchema: anthropicMessagesRequestSchema,
  parseRequest: parseAnthropicMessagesRequest,
  encodeResponse: encodeAnthropicMessagesResponse,
  encodeStream: (events, context) => ({ frames: encodeAnthropicMessagesStream(events, context), fail: encodeAnthropicStreamError }),
  encodeStreamError: encodeAnthropicStreamError,
  encodeError: encodeAnthropicError,
};
