/**
 * What tracing costs per request: three real gateways on 127.0.0.1 over one fake upstream, the
 * same requests, interleaved rounds (who goes first rotates):
 *   off         no `telemetry:` (the SDK is not loaded)
 *   on          telemetry to a local OTLP/HTTP receiver that answers 200, every request sampled
 *               (a server span, a route span and an attempt span each, batched and exported as JSON)
 *   sampled out telemetry on with sample_ratio 0 (the per-request sampling decision only)
 * Reports p50 / p99 per request and CPU per request of this process (gateway, exporter, fake
 * upstream, receiver and load generator: the same in every variant but the tracing work).
 *
 *   node --import tsx bench/telemetry/measure-tracing-overhead.ts [rounds=5] [requests=400]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { createGateway, type Gateway } from '../../router/runtime/create-gateway.ts';
import { startFakeUpstream } from '../../test/fake-upstream/fake-upstream.ts';
import { runLoad, type LoadRequest } from '../overhead/run-load.ts';

const rounds = Number(process.argv[2] ?? 5);
const requests = Number(process.argv[3] ?? 400);

const upstream = await startFakeUpstream({ recordRequests: false });
let exported = 0;
const receiver = createServer((request, response) => {
  request.on('data', (chunk: Buffer) => (exported += chunk.length));
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const collector = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`;

const base = `
store: { kind: memory }
audit: { enabled: false }
server: { log_level: silent }
providers:
  oa: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: sk-upstream-not-a-secret }
models:
  gpt: { provider: oa, model: gpt-fake }
routers:
  chain: { strategy: failover, targets: [gpt] }
`;
const variants = [
  { key: 'off', config: base },
  { key: 'on (every request traced)', config: `${base}telemetry: { otlp_endpoint: "${collector}", sample_ratio: 1, export_interval_ms: 500 }\n` },
  { key: 'on, sample_ratio 0', config: `${base}telemetry: { otlp_endpoint: "${collector}", sample_ratio: 0 }\n` },
];

const directory = await mkdtemp(join(tmpdir(), 'switchyard-tracing-bench-'));
const started: Array<{ key: string; gateway: Gateway; pool: Pool; request: LoadRequest }> = [];
for (const variant of variants) {
  const file = join(directory, `${started.length}.yaml`);
  await writeFile(file, variant.config);
  const gateway = await createGateway({ configFile: file, logger: false, watch: false });
  const url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const body = JSON.stringify({ model: 'chain', messages: [{ role: 'user', content: 'Summarise the quarterly report in three bullet points.' }] });
  started.push({ key: variant.key, gateway, pool: new Pool(url, { connections: 4 }), request: { path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body } });
}

const results = new Map(started.map(({ key }) => [key, { totalMs: [] as number[], cpuMicros: 0, count: 0, errors: 0 }]));
for (const target of started) await runLoad({ dispatcher: target.pool, request: target.request, concurrency: 1, requests: 200, timeLimitMs: 30_000 });
for (let round = 0; round < rounds; round++) {
  for (let index = 0; index < started.length; index++) {
    const target = started[(index + round) % started.length]!;
    const cpu = process.cpuUsage();
    const load = await runLoad({ dispatcher: target.pool, request: target.request, concurrency: 1, requests, timeLimitMs: 60_000 });
    const used = process.cpuUsage(cpu);
    const into = results.get(target.key)!;
    into.totalMs.push(...load.totalMs);
    into.cpuMicros += used.user + used.system;
    into.count += load.totalMs.length;
    into.errors += load.errors;
    if (load.firstError !== undefined) console.error(target.key, load.firstError);
  }
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
console.log(`tracing overhead: ${rounds} rounds × ${requests} requests per variant, concurrency 1, node ${process.version}; ${(exported / 1e6).toFixed(1)} MB of OTLP JSON received`);
console.log('| variant | requests | p50 ms | p99 ms | CPU per request ms |');
console.log('|---|---|---|---|---|');
for (const [key, result] of results) {
  console.log(`| ${key} | ${result.count}${result.errors > 0 ? ` (${result.errors} errors)` : ''} | ${quantile(result.totalMs, 0.5).toFixed(3)} | ${quantile(result.totalMs, 0.99).toFixed(3)} | ${(result.cpuMicros / 1000 / result.count).toFixed(3)} |`);
}
for (const target of started) {
  await target.pool.close();
  await target.gateway.close(100);
}
await upstream.close();
receiver.close();
