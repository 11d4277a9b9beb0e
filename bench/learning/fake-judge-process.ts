/**
 * Child-process entry: the fake judge (test/learning/fake-judge-upstream.ts), alone on its own event
 * loop. Reports its URL over IPC, then serves until SIGTERM.
 */
import { startFakeJudge } from '../../test/learning/fake-judge-upstream.ts';

const judge = await startFakeJudge();
process.send?.({ type: 'ready', url: judge.url });
process.once('SIGTERM', () => {
  void judge.close().finally(() => process.exit(0));
});
