import type { Usage } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { safeExcerpt } from '../http/redact-secrets.ts';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage.ts';
import type { OpenAIResponsesEvent } from './openai-responses-wire.ts';

/** Events that end a response: after one of them the stream is complete. */
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

function parseEvent(data: string): OpenAIResponsesEvent {
  let event: unknown;
  try {
    event = JSON.parse(data);
  } catch (error) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream event is not JSON', cause: error });
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream event is not a JSON object' });
  return event as OpenAIResponsesEvent;
}

function failure(event: OpenAIResponsesEvent): UpstreamError {
  const detail = event.type === 'error' ? (event.message ?? event.code) : (event.response?.error?.message ?? event.response?.error?.code);
  return new UpstreamError({ kind: 'stream-cut', reason: `upstream sent ${event.type}${typeof detail === 'string' ? `: ${safeExcerpt(detail)}` : ''}` });
}

/**
 * Responses SSE events → the same frames for a Responses client, each event's data forwarded as it
 * came. Every event is parsed (never searched as text) for the final usage and for failures.
 * The lifecycle preamble (response.created, response.in_progress) is held until the first output
 * event and sent with it, so a target that fails before any output throws from its first `next()`
 * and can fail over; after that, response.failed reaches the client as the upstream sent it. A
 * stream that ends before a final event was cut. The response id (`response.created`) goes to
 * `onResponseId`, for follow-ups that name it.
 */
export async function* passThroughOpenAIResponsesStream(
  messages: AsyncIterable<{ event?: string | undefined; data: string }>,
  options: { onUsage: (usage: Usage) => void; onResponseId?: (id: string) => void },
): AsyncGenerator<string> {
  let held = '';
  let committed = false;
  let finished = false;
  for await (const message of messages) {
    const event = parseEvent(message.data);
    const type = typeof event.type === 'string' ? event.type : (message.event ?? '');
    if (!committed && (type === 'error' || type === 'response.failed')) throw failure(event);
    if (type === 'response.created' && typeof event.response?.id === 'string') options.onResponseId?.(event.response.id);
    if (FINAL_EVENTS.has(type)) {
      finished = true;
      const usage = convertOpenAIResponsesUsage(event.response?.usage);
      if (usage !== undefined) options.onUsage(usage);
    }
    const frame = `${message.event === undefined ? '' : `event: ${message.event}\n`}data: ${message.data}\n\n`;
    if (!committed && (type === 'response.created' || type === 'response.in_progress' || type === 'response.queued')) {
      held += frame;
      continue;
    }
    committed = true;
    yield held + frame;
    held = '';
    if (finished) return;
  }
  if (!finished) throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended before it finished' });
}
