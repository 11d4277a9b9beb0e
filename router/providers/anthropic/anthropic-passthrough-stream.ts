import type { Usage } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { createAnthropicStreamError } from './anthropic-error.ts';
import type { AnthropicErrorBody, AnthropicUsage } from './anthropic-wire.ts';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.ts';

/** What the passthrough reads of an event; everything else is forwarded without a look. */
type EventView = {
  type?: unknown;
  message?: { model?: unknown; usage?: AnthropicUsage };
  content_block?: { type?: unknown; text?: unknown; thinking?: unknown };
  usage?: AnthropicUsage;
  error?: AnthropicErrorBody['error'];
};

function parseEvent(data: string): EventView {
  let event: unknown;
  try {
    event = JSON.parse(data);
  } catch (error) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream event is not JSON', cause: error });
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream event is not a JSON object' });
  }
  return event as EventView;
}

/** An empty text or thinking block's start says nothing yet; any other block (tool_use, server tools…) is output. */
function startsContent(block: EventView['content_block']): boolean {
  if (block === undefined) return false;
  if (block.type === 'text') return block.text !== '' && block.text !== undefined;
  if (block.type === 'thinking') return block.thinking !== '' && block.thinking !== undefined;
  return true;
}

/** The stream commits to its target at these: output, or the end of the message. */
function isContent(event: EventView): boolean {
  switch (event.type) {
    case 'content_block_start':
      return startsContent(event.content_block);
    case 'content_block_delta':
    case 'message_delta':
    case 'message_stop':
      return true;
    default:
      // message_start, ping, content_block_stop of an empty block, event types added later.
      return false;
  }
}

export type AnthropicPassthroughOptions = { onUsage: (usage: Usage) => void; onModel?: (model: string) => void };

/**
 * Anthropic events → SSE frames for an Anthropic client, each event's data forwarded as it came
 * (with its `event:` name). Every event is parsed, never searched as text: usage from
 * `message_start` and `message_delta`, the `error` event, the end at `message_stop`. Frames before
 * the first content (message_start, ping, an empty block start) are held and sent with it, so a
 * stream failing before any output throws from its first `next()` and can fail over. A stream
 * that ends before `message_stop`, or sends an `error` event, is cut.
 */
export async function* passThroughAnthropicStream(
  messages: AsyncIterable<{ event?: string | undefined; data: string }>,
  options: AnthropicPassthroughOptions,
): AsyncGenerator<string> {
  let held = '';
  let committed = false;
  let usage: AnthropicUsage | undefined;
  for await (const { event: name, data } of messages) {
    const event = parseEvent(data);
    if (event.type === 'error') throw createAnthropicStreamError(event.error);
    if (event.type === 'message_start') {
      usage = mergeAnthropicUsage(usage, event.message?.usage);
      if (typeof event.message?.model === 'string') options.onModel?.(event.message.model);
    } else if (event.type === 'message_delta') {
      usage = mergeAnthropicUsage(usage, event.usage);
    }
    const frame = `event: ${name ?? (typeof event.type === 'string' ? event.type : 'message')}\ndata: ${data}\n\n`;
    if (!committed && !isContent(event)) {
      held += frame;
      continue;
    }
    committed = true;
    yield held + frame;
    held = '';
    if (event.type === 'message_stop') {
      const converted = convertAnthropicUsage(usage);
      if (converted !== undefined) options.onUsage(converted);
      return;
    }
  }
  throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended before message_stop' });
}
