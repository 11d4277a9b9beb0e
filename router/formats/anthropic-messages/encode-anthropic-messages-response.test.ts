import { describe, expect, it } from 'vitest';
import type { ChatResult, FinishReason } from '../../core/chat-result.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { encodeAnthropicError, encodeAnthropicStreamError } from './anthropic-messages-error.ts';
import { encodeAnthropicMessagesResponse } from './encode-anthropic-messages-response.ts';
import { mapFinishReasonToAnthropic } from './map-finish-reason-to-anthropic.ts';

const context = { id: '1234', created: 1_700_000_000, model: 'gpt-5.4', includeUsage: false };

describe('encodeAnthropicMessagesResponse', () => {
  it('encodes text, tool use, stop reason and usage (cache counts split out)', () => {
    const result: ChatResult = {
      id: 'chatcmpl-upstream',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 60, cacheCreationInputTokens: 10 },
      reportedModel: { kind: 'reported', name: 'gpt-5.4' },
    };
    expect(encodeAnthropicMessagesResponse(result, context)).toEqual({
      id: 'msg_1234',
      type: 'message',
      role: 'assistant',
      model: 'gpt-5.4',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 30, cache_creation_input_tokens: 10, cache_read_input_tokens: 60, output_tokens: 20 },
    });
  });

  it('keeps tool arguments that are not a JSON object visible instead of dropping them', () => {
    const result: ChatResult = {
      id: undefined,
      content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '{"unterminated' }],
      finishReason: { unified: 'tool-calls', raw: undefined },
      usage: undefined,
      reportedModel: undefined,
    };
    expect(encodeAnthropicMessagesResponse(result, context)).toMatchObject({
      content: [{ type: 'tool_use', input: { _raw_arguments: '{"unterminated' } }],
      usage: { input_tokens: 0, output_tokens: 0 },
    });
  });
});

describe('mapFinishReasonToAnthropic', () => {
  it.each<[FinishReason, string]>([
    [{ unified: 'stop', raw: 'stop' }, 'end_turn'],
    [{ unified: 'stop', raw: 'stop_sequence' }, 'stop_sequence'],
    [{ unified: 'length', raw: 'length' }, 'max_tokens'],
    [{ unified: 'tool-calls', raw: 'tool_calls' }, 'tool_use'],
    [{ unified: 'content-filter', raw: 'content_filter' }, 'refusal'],
    [{ unified: 'other', raw: 'pause_turn' }, 'pause_turn'],
    [{ unified: 'stop', raw: 'tool_use' }, 'end_turn'],
    [{ unified: 'error', raw: undefined }, 'end_turn'],
  ])('%o → %s', (reason, expected) => {
    expect(mapFinishReasonToAnthropic(reason)).toBe(expected);
  });
});

describe('encodeAnthropicError', () => {
  it.each<[GatewayError, string]>([
    [new GatewayError('invalid_json', 'bad json'), 'invalid_request_error'],
    [new GatewayError('unauthorized', 'no key'), 'authentication_error'],
    [new GatewayError('model_not_found', 'no model'), 'not_found_error'],
    [new GatewayError('payload_too_large', 'big'), 'request_too_large'],
    [new GatewayError('rate_limited', 'slow down'), 'rate_limit_error'],
    [new GatewayError('upstream_error', 'all failed'), 'api_error'],
    [new GatewayError('all_circuits_open', 'open'), 'overloaded_error'],
    [new UpstreamError({ kind: 'status', upstreamStatus: 400, reason: 'HTTP 400: bad' }), 'invalid_request_error'],
  ])('%s → %s', (error, type) => {
    expect(encodeAnthropicError(error)).toEqual({ type: 'error', error: { type, message: error.message } });
  });

  it('mid-stream errors are an `event: error` frame', () => {
    expect(encodeAnthropicStreamError(new GatewayError('upstream_error', 'cut'))).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"cut"}}\n\n',
    );
  });
});
