import type { Usage } from '../core/chat-result.ts';
import type { StreamEvent } from '../core/stream-event.ts';

/** Passes a stream through unchanged, handing the usage it reports (the last one seen) to `onUsage`. */
export async function* tapStreamUsage(events: AsyncIterable<StreamEvent>, onUsage: (usage: Usage) => void): AsyncGenerator<StreamEvent, void, undefined> {
  for await (const event of events) {
    if (event.type === 'usage') onUsage(event.usage);
    else if (event.type === 'response-end' && event.usage !== undefined) onUsage(event.usage);
    yield event;
  }
}
