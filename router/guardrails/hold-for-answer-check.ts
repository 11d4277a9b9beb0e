import type { StreamEvent } from '../core/stream-event.ts';

/**
 * A translated answer stream held whole until `check` has read its text (text, refusal and
 * tool-call argument deltas, joined): the external output checks need the whole answer, so the
 * client's first content waits for the end of the answer and the check. A `check` that throws
 * (a `block` verdict) ends the stream with that error before any content went out. Every event
 * of the source is read first, so the usage it reports is still seen by what the source taps.
 */
export async function* holdForAnswerCheck(events: AsyncIterable<StreamEvent>, check: (text: string) => Promise<void>): AsyncIterable<StreamEvent> {
  const held: StreamEvent[] = [];
  const texts: string[] = [];
  for await (const event of events) {
    held.push(event);
    if (event.type === 'text-delta' || event.type === 'refusal-delta') texts.push(event.delta);
    else if (event.type === 'tool-call-delta') texts.push(event.argumentsDelta);
    else if (event.type === 'text-end' || event.type === 'tool-call-end') texts.push('\n');
  }
  await check(texts.join('').trimEnd());
  yield* held;
}
