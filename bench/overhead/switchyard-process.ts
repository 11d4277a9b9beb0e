/**
 * Child-process entry: a switchyard gateway built from the YAML in SWITCHYARD_BENCH_CONFIG,
 * listening on a free loopback port. Logs go to this process's stdout (the parent points it at
 * /dev/null, so the cost measured is pino serialising and writing, not a terminal scrolling).
 */
import { createGateway } from '../../router/runtime/create-gateway.ts';

const configText = process.env.SWITCHYARD_BENCH_CONFIG;
if (configText === undefined) throw new Error('switchyard-process: SWITCHYARD_BENCH_CONFIG is not set');
const gateway = await createGateway({ configText });
const address = await gateway.app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ type: 'ready', url: address });
process.once('SIGTERM', () => {
  // process.exit (not a natural exit) would skip writing a --cpu-prof profile, so let it drain.
  void gateway.close().then(() => process.disconnect?.());
});
