import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * The one place SSE bytes are parsed. Body chunks in, parsed messages out (event name + data).
 * Adapters map the messages' JSON to stream events; nobody else looks at SSE text.
 */
export async function* parseServerSentEvents(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<EventSourceMessage> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => pending.push(message) });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    while (pending.length > 0) yield pending.shift()!;
  }
  parser.feed(decoder.decode());
  while (pending.length > 0) yield pending.shift()!;
}
