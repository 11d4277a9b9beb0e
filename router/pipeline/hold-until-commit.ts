import { UpstreamError } from '../errors/upstream-error.ts';

/** The held items, then whatever the iterator still has; closing early closes the upstream too. */
function replay<T>(held: readonly T[], iterator: AsyncIterator<T>, ended: boolean): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        yield* held;
        if (ended) return;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      } finally {
        // The consumer stopped early (client gone, write failed): close the upstream stream too.
        await iterator.return?.();
      }
    },
  };
}

/**
 * Reads a stream until an item `commits` the call (the first content the client must never see
 * twice) or the stream ends, and returns the items held so far followed by the rest. Everything
 * before that point is content-free preamble (a role chunk, `message_start`, an empty block
 * start): a failure there is thrown, so the executor can still fail over to the next target and
 * the client never sees the preamble of a target that did not answer. Used by both stream paths
 * (translated events and same-format frames), each with its own idea of content.
 *
 * @throws the stream's own error before the commit point; UpstreamError when it ends with nothing
 */
export async function holdUntilCommit<T>(stream: AsyncIterable<T>, commits: (item: T) => boolean): Promise<AsyncIterable<T>> {
  const iterator = stream[Symbol.asyncIterator]();
  const held: T[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      if (held.length === 0) throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream was empty' });
      return replay(held, iterator, true);
    }
    held.push(next.value);
    if (commits(next.value)) return replay(held, iterator, false);
  }
}
