/**
 * Child-process entry: the floor any Node gateway stands on. Fastify receives the request, undici
 * forwards it to the fake upstream (model swapped, streams piped), nothing else: no routing, no
 * translation, no failover, no audit. Whatever switchyard adds above this line is its own cost.
 */
import Fastify from 'fastify';
import { Pool } from 'undici';

const upstreamUrl = process.env.SWITCHYARD_BENCH_UPSTREAM;
if (upstreamUrl === undefined) throw new Error('minimal-proxy-process: SWITCHYARD_BENCH_UPSTREAM is not set');
const pool = new Pool(upstreamUrl, { connections: 128 });
const app = Fastify({ logger: false });
const upstreamHeaders: Record<string, Record<string, string>> = {
  '/v1/chat/completions': { 'content-type': 'application/json', authorization: 'Bearer sk-bench-not-a-real-key' },
  '/v1/messages': { 'content-type': 'application/json', 'x-api-key': 'sk-bench-not-a-real-key', 'anthropic-version': '2023-06-01' },
};
for (const [path, headers] of Object.entries(upstreamHeaders)) {
  app.post(path, async (request, reply) => {
    const body = { ...(request.body as Record<string, unknown>), model: 'fake-model' };
    const response = await pool.request({ path, method: 'POST', headers, body: JSON.stringify(body) });
    reply.status(response.statusCode).type(String(response.headers['content-type'] ?? 'application/json'));
    return reply.send(response.body);
  });
}
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ type: 'ready', url: address });
process.once('SIGTERM', () => void app.close().then(() => pool.close()).finally(() => process.exit(0)));
