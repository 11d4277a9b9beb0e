import type { StreamEvent } from '../core/stream-event.ts';
import type { OutputScanner } from './output-scanner.ts';

type Channel = { push(delta: string): string; flush(): string };

/**
 * A translated answer stream through the output scanner: text, refusal and tool-call argument
 * deltas are restored and checked per block, holding back only what the scanner needs; the held
 * text goes out before the block's end event (or before the next block starts, or the response
 * ends). Reasoning is left as it came: it may be signed. A `block` verdict ends the stream with
 * the scanner's error (the caller sends it in the client's format). Nothing else is touched, and
 * the stream was committed upstream before it gets here, so failover is not affected; only the
 * held characters arrive later.
 */
export async function* guardOutputStream(events: AsyncIterable<StreamEvent>, scanner: OutputScanner): AsyncIterable<StreamEvent> {
  const open = new Map<string, { channel: Channel; emit: (text: string) => StreamEvent }>();
  function* flush(key: string): Iterable<StreamEvent> {
    const entry = open.get(key);
    if (entry === undefined) return;
    open.delete(key);
    const rest = entry.channel.flush();
    if (rest !== '') yield entry.emit(rest);
  }
  function* flushAll(): Iterable<StreamEvent> {
    for (const key of [...open.keys()]) yield* flush(key);
  }
  function* push(key: string, delta: string, emit: (text: string) => StreamEvent): Iterable<StreamEvent> {
    let entry = open.get(key);
    if (entry === undefined) {
      entry = { channel: scanner.channel(), emit };
      open.set(key, entry);
    }
    const out = entry.channel.push(delta);
    if (out !== '') yield emit(out);
  }
  for await (const event of events) {
    switch (event.type) {
      case 'text-delta':
        yield* push(`text:${event.index}`, event.delta, (delta) => ({ type: 'text-delta', index: event.index, delta }));
        break;
      case 'refusal-delta':
        yield* push(`refusal:${event.index}`, event.delta, (delta) => ({ type: 'refusal-delta', index: event.index, delta }));
        break;
      case 'tool-call-delta':
        yield* push(`tool:${event.index}`, event.argumentsDelta, (argumentsDelta) => ({ type: 'tool-call-delta', index: event.index, argumentsDelta }));
        break;
      case 'text-end':
        yield* flush(`text:${event.index}`);
        yield* flush(`refusal:${event.index}`);
        yield event;
        break;
      case 'tool-call-end':
        yield* flush(`tool:${event.index}`);
        yield event;
        break;
      case 'text-start':
      case 'tool-call-start':
      case 'reasoning-start':
      case 'provider-part':
      case 'response-end':
        yield* flushAll();
        yield event;
        break;
      default:
        yield event;
    }
  }
  yield* flushAll();
}
