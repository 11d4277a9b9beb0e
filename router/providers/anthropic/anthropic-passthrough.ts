import type { Dispatcher } from 'undici';
import type { Usage } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { parseUpstreamJson } from '../http/parse-upstream-json.ts';
import { mapStreamErrors } from '../http/to-stream-error.ts';
import type { PassthroughAdapter, PassthroughAnswer, ProviderCall } from '../provider-adapter.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { carryAnthropicBody } from './anthropic-passthrough-body.ts';
import { passThroughAnthropicStream } from './anthropic-passthrough-stream.ts';
import type { AnthropicMessageResponse } from './anthropic-wire.ts';
import { convertAnthropicUsage } from './convert-anthropic-usage.ts';

/** Sends a carried body with the call's merged protocol headers; non-2xx answers are thrown. */
export type AnthropicPost = (call: ProviderCall, body: Record<string, unknown>) => Promise<Dispatcher.ResponseData>;

function carriedBody(call: ProviderCall): Record<string, unknown> {
  if (call.carried === undefined) throw new Error('the Anthropic passthrough needs a carried request');
  const { value, warnings } = carryAnthropicBody(call.carried, call.providerModel);
  call.warnings.push(...warnings);
  return value;
}

async function chat(post: AnthropicPost, call: ProviderCall): Promise<PassthroughAnswer> {
  const response = await post(call, carriedBody(call));
  const body = await response.body.text();
  const parsed = parseUpstreamJson(body) as AnthropicMessageResponse | null;
  if (parsed === null || typeof parsed !== 'object' || parsed.type !== 'message' || !Array.isArray(parsed.content)) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer is not an Anthropic message' });
  }
  return { body, usage: convertAnthropicUsage(parsed.usage), reportedModel: typeof parsed.model === 'string' ? parsed.model : undefined };
}

async function* stream(post: AnthropicPost, call: ProviderCall, onUsage: (usage: Usage) => void): AsyncGenerator<string> {
  const response = await post(call, carriedBody(call));
  yield* mapStreamErrors(passThroughAnthropicStream(parseServerSentEvents(response.body), { onUsage }));
}

/** Anthropic Messages clients of an Anthropic deployment: their body carried, the answer back as it came. */
export function createAnthropicPassthrough(post: AnthropicPost): PassthroughAdapter {
  return {
    format: 'anthropic-messages',
    chat: (call) => chat(post, call),
    stream: (call, options) => stream(post, call, options.onUsage),
  };
}
