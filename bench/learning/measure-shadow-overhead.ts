/**
 * What shadow evaluation costs the client: real gateways on 127.0.0.1 with the same smart router
 * over one fake upstream (2 candidates) and a fake judge, the same requests, interleaved rounds (who
 * goes first rotates):
 *   off            no shadow block
 *   2 %            shadow: { fraction: 0.02 } (the default)
 *   100 %, c=4     shadow: { fraction: 1, concurrency: 4 }  (most samples skipped: 4 runs in flight)
 *   100 %, c=64    shadow: { fraction: 1, concurrency: 64 } (about every request starts a run)
 * The fake upstream and judge answer at once, each in its own process; the gateways and the load
 * generator share this one, so every run's work (2 shadow calls, 1 judge call, the labels) competes
 * with the client's next request for the gateway's event loop: the worst case for the client. Reports
 * p50 / p99 of the client's whole request and the runs by outcome; after each batch the runs in
 * flight are awaited, so no variant inherits another's background work.
 *
 * With `processes` as third argument each gateway runs in its own process instead (the layout of a
 * real deployment: the client is never on the gateway's event loop); in-flight runs are then
 * awaited through each gateway's `switchyard_shadow_in_flight` metric.
 *
 *   node --import tsx bench/learning/measure-shadow-overhead.ts [rounds=3] [requests=200] [processes]
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { createGateway, type Gateway } from '../../router/runtime/create-gateway.ts';
import { forkBenchProcess } from '../overhead/fork-bench-process.ts';
import { runLoad, type LoadRequest } from '../overhead/run-load.ts';

const rounds = Number(process.argv[2] ?? 3);
const requests = Number(process.argv[3] ?? 200);
const separateProcesses = process.argv[4] === 'processes';

// The fake upstream and the judge each on their own event loop (child processes), as remote upstreams would be.
const upstream = await forkBenchProcess({ name: 'fake upstream', script: join(import.meta.dirname, '..', 'overhead', 'fake-upstream-process.ts') });
const judge = await forkBenchProcess({ name: 'fake judge', script: join(import.meta.dirname, 'fake-judge-process.ts') });

const config = (shadow: string) => `
store: { kind: memory }
server: { log_level: silent }
scorer: { pool_size: 1 }
providers:
  oa:    { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: sk-upstream-not-a-secret }
  judge: { type: openai-compatible, base_url: "${judge.url}/v1", api_key: sk-judge-not-a-secret }
models:
  strong: { provider: oa, model: strong-fake, quality: 90, price: { input: 3, output: 15 } }
  weak:   { provider: oa, model: weak-fake, quality: 40, price: { input: 0.1, output: 0.4 } }
  grader: { provider: judge, model: judge-fake, price: { input: 1, output: 2 } }
routers:
  smart: { strategy: smart, axis: balanced, candidates: [weak, strong]${shadow} }
`;
const variants = [
  { key: 'off', config: config('') },
  { key: '2 % (default), concurrency 2', config: config(', shadow: { judge: grader, daily_budget_usd: 1000 }') },
  { key: '100 %, concurrency 4', config: config(', shadow: { fraction: 1, judge: grader, daily_budget_usd: 1000, concurrency: 4 }') },
  { key: '100 %, concurrency 64', config: config(', shadow: { fraction: 1, judge: grader, daily_budget_usd: 1000, concurrency: 64 }') },
];
const prompt = 'Explain in two sentences why the sky is blue, for a ten-year-old.';

type Target = { key: string; url: string; pool: Pool; request: LoadRequest; settled(): Promise<void>; runs(): Promise<string>; cpuSeconds(): Promise<number>; close(): Promise<void> };
const cpuOf = (metricsText: string) => Number(/^switchyard_process_cpu_seconds_total (\S+)/m.exec(metricsText)?.[1] ?? Number.NaN);
const runsOf = (metricsText: string) =>
  [...metricsText.matchAll(/^switchyard_shadow_runs_total\{[^}]*outcome="(\w+)"[^}]*\} (\d+)/gm)].map((match) => `${match[1]} ${match[2]}`).join(', ') || '—';
const directory = await mkdtemp(join(tmpdir(), 'switchyard-shadow-bench-'));
const started: Target[] = [];
const body = JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: prompt }] });
const request: LoadRequest = { path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body };
for (const variant of variants) {
  if (separateProcesses) {
    const child = await forkBenchProcess({ name: `switchyard (${variant.key})`, script: join(import.meta.dirname, '..', 'overhead', 'switchyard-process.ts'), env: { SWITCHYARD_BENCH_CONFIG: variant.config } });
    const metricsText = async () => (await fetch(`${child.url}/metrics`)).text();
    started.push({
      key: variant.key,
      url: child.url,
      pool: new Pool(child.url, { connections: 4 }),
      request,
      async settled() {
        for (let attempt = 0; attempt < 200 && /^switchyard_shadow_in_flight\{[^}]*\} [1-9]/m.test(await metricsText()); attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
      },
      runs: async () => runsOf(await metricsText()),
      cpuSeconds: async () => cpuOf(await metricsText()),
      close: () => child.stop(),
    });
    continue;
  }
  const file = join(directory, `${started.length}.yaml`);
  await writeFile(file, variant.config);
  const gateway: Gateway = await createGateway({ configFile: file, logger: false, watch: false });
  const url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  started.push({
    key: variant.key,
    url,
    pool: new Pool(url, { connections: 4 }),
    request,
    settled: async () => gateway.services.shadow?.settled(),
    runs: async () => runsOf(await gateway.services.metrics!.registry.getSingleMetricAsString('switchyard_shadow_runs_total')),
    // One process for all: its CPU is the client's and every gateway's, not this one's.
    cpuSeconds: async () => Number.NaN,
    close: () => gateway.close(100),
  });
}

const results = new Map(started.map(({ key }) => [key, { totalMs: [] as number[], count: 0, errors: 0, cpuSeconds: 0 }]));
for (const target of started) {
  await runLoad({ dispatcher: target.pool, request: target.request, concurrency: 1, requests: 50, timeLimitMs: 30_000 });
  await target.settled();
}
for (let round = 0; round < rounds; round++) {
  for (let index = 0; index < started.length; index++) {
    const target = started[(index + round) % started.length]!;
    const cpuBefore = await target.cpuSeconds();
    const load = await runLoad({ dispatcher: target.pool, request: target.request, concurrency: 1, requests, timeLimitMs: 120_000 });
    await target.settled();
    results.get(target.key)!.cpuSeconds += (await target.cpuSeconds()) - cpuBefore;
    const into = results.get(target.key)!;
    into.totalMs.push(...load.totalMs);
    into.count += load.totalMs.length;
    into.errors += load.errors;
    if (load.firstError !== undefined) console.error(target.key, load.firstError);
  }
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
console.log(`shadow evaluation overhead: ${rounds} rounds × ${requests} requests per variant, concurrency 1, ${separateProcesses ? 'each gateway in its own process' : 'gateways and client in one process'}, node ${process.version}`);
console.log('| shadow | requests | p50 ms | p99 ms | gateway CPU per request ms | shadow runs (incl. warm-up) |');
console.log('|---|---|---|---|---|---|');
for (const target of started) {
  const result = results.get(target.key)!;
  console.log(`| ${target.key} | ${result.count}${result.errors > 0 ? ` (${result.errors} errors)` : ''} | ${quantile(result.totalMs, 0.5).toFixed(3)} | ${quantile(result.totalMs, 0.99).toFixed(3)} | ${Number.isNaN(result.cpuSeconds) ? '—' : ((result.cpuSeconds * 1000) / result.count).toFixed(3)} | ${await target.runs()} |`);
}
for (const target of started) {
  await target.pool.close();
  await target.close();
}
await upstream.stop();
await judge.stop();
