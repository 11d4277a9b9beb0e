import type { ClientFormatCodec } from '../client-format-codec.ts';
import { encodeOpenAIError } from '../openai-chat/openai-chat-error.ts';
import { encodeOpenAIResponsesResponse } from './encode-openai-responses-response.ts';
import { encodeOpenAIResponsesStream, encodeOpenAIResponsesStreamError } from './encode-openai-responses-stream.ts';
import { openAIResponsesRequestSchema } from './openai-responses-request-schema.ts';
import { parseOpenAIResponsesRequest } from './parse-openai-responses-request.ts';

/**
 * OpenAI Responses: `POST /v1/responses`, stateless. Errors share OpenAI's error shape with Chat
 * Completions; previous_response_id / conversation are refused with `unsupported_feature`.
 */
export const openAIResponsesCodec: ClientFormatCodec = {
  format: 'openai-responses',
  bodySchema: openAIResponsesRequestSchema,
  parseRequest: parseOpenAIResponsesRequest,
  encodeResponse: encodeOpenAIResponsesResponse,
  encodeStream: encodeOpenAIResponsesStream,
  encodeStreamError: encodeOpenAIResponsesStreamError,
  encodeError: encodeOpenAIError,
};
