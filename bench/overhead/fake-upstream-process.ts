/**
 * Child-process entry: the fake OpenAI upstream, alone on its own event loop so neither the load
 * generator nor a gateway shares it. Reports its URL over IPC, then serves until SIGTERM.
 */
import { startFakeUpstream } from '../../test/fake-upstream/fake-upstream.ts';

const upstream = await startFakeUpstream({ recordRequests: false });
process.send?.({ type: 'ready', url: upstream.url });
process.once('SIGTERM', () => {
  void upstream.close().finally(() => process.exit(0));
});
