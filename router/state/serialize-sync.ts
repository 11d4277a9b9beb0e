/**
 * One push at a time, and no push missed: the function returned runs `push` now when none is
 * running; while one is, callers share one follow-up that starts when it ends. So when a call
 * resolves, everything added before it was pushed (a push in flight took its batch earlier).
 */
export function serializeSync(push: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let followUp: Promise<void> | undefined;
  const sync = (): Promise<void> => {
    if (running === undefined) {
      running = push().finally(() => (running = undefined));
      return running;
    }
    const next = () => {
      followUp = undefined;
      return sync();
    };
    followUp ??= running.then(next, next);
    return followUp;
  };
  return sync;
}
