/**
 * What guardrails cost per request: three real gateways on 127.0.0.1 over one fake upstream, the
 * same requests, interleaved rounds (who goes first rotates):
 *   none        no guardrails
 *   input       the default input check: pii (redact + restore) and secrets (block), non-streamed,
 *               on a 1.5 kB prompt with nothing to find, and with one email (redacted, then restored:
 *               the answer then takes the translated path instead of the same-format fast path)
 *   output      pii redaction of a streamed answer (1.2 kB in 24 SSE frames), plus the input check
 * Reports p50 / p99 of the whole request and of the first byte, and CPU per request of this
 * process (gateway + fake upstream + load generator: the same in every variant, so the difference
 * is the guardrails' share).
 *
 *   node --import tsx bench/guardrails/measure-guardrails-overhead.ts [rounds=5] [requests=300]
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { createGateway, type Gateway } from '../../router/runtime/create-gateway.ts';
import { startFakeUpstream } from '../../test/fake-upstream/fake-upstream.ts';
import { runLoad, type LoadRequest } from '../overhead/run-load.ts';

const rounds = Number(process.argv[2] ?? 5);
const requests = Number(process.argv[3] ?? 300);

const upstream = await startFakeUpstream({ recordRequests: false });
const answer = 'Here is the summary you asked for, with the contact details kept as they were. '.repeat(15);
const pieces = Array.from({ length: 24 }, (_, index) => answer.slice((index * answer.length) / 24, ((index + 1) * answer.length) / 24));
upstream.setBehavior({ kind: 'ok', text: answer, chunks: pieces });
// A paced stream (20 ms between frames, ~50 characters each: ~2,500 characters/s, a fast model) shows what the held window costs the first byte.
upstream.setBehaviorFor('paced-fake', { kind: 'ok', text: answer, chunks: pieces, chunkDelayMs: 20 });

const base = `
store: { kind: memory }
audit: { enabled: false }
server: { log_level: silent }
providers:
  oa: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: sk-upstream-not-a-secret }
models:
  gpt: { provider: oa, model: gpt-fake }
  paced: { provider: oa, model: paced-fake }
`;
const checks = `guardrails:
  checks:
    mask-pii: { detector: { type: pii }, action: redact, restore: true }
    no-secrets: { detector: { type: secrets }, action: block }
    mask-out: { detector: { type: pii }, action: redact, stage: output }
`;
const thread = 'The vendor confirmed the delivery window and the revised quote; finance still needs the PO number. '.repeat(14);
/** One email in it: redacted and restored, so the answer takes the translated path. */
const withEmail = `Please summarise the thread below and reply to jane.doe@example.com by Friday.\n${thread}`;
/** Nothing to redact: the same-format fast path stays. */
const clean = `Please summarise the thread below and reply to Jane by Friday.\n${thread}`;
const variants = [
  { key: 'none', config: base, stream: false, prompt: withEmail },
  { key: 'input (nothing found)', config: `${base}${checks}  global: [mask-pii, no-secrets]\n`, stream: false, prompt: clean },
  { key: 'input (1 email redacted + restored)', config: `${base}${checks}  global: [mask-pii, no-secrets]\n`, stream: false, prompt: withEmail },
  { key: 'none, stream', config: base, stream: true, prompt: withEmail },
  { key: 'input + output redaction, stream', config: `${base}${checks}  global: [mask-pii, no-secrets, mask-out]\n`, stream: true, prompt: withEmail },
  { key: 'none, paced stream', config: base, stream: true, prompt: withEmail, model: 'paced', requests: 20 },
  { key: 'input + output redaction, paced stream', config: `${base}${checks}  global: [mask-pii, no-secrets, mask-out]\n`, stream: true, prompt: withEmail, model: 'paced', requests: 20 },
];

const directory = await mkdtemp(join(tmpdir(), 'switchyard-guardrails-bench-'));
const started: Array<{ key: string; gateway: Gateway; pool: Pool; request: LoadRequest; requests: number }> = [];
for (const variant of variants) {
  const file = join(directory, `${started.length}.yaml`);
  await writeFile(file, variant.config);
  const gateway = await createGateway({ configFile: file, logger: false, watch: false });
  const url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const body = JSON.stringify({ model: variant.model ?? 'gpt', stream: variant.stream, messages: [{ role: 'user', content: variant.prompt }] });
  started.push({ key: variant.key, gateway, pool: new Pool(url, { connections: 4 }), request: { path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body }, requests: variant.requests ?? requests });
}

const results = new Map(started.map(({ key }) => [key, { totalMs: [] as number[], firstByteMs: [] as number[], cpuMicros: 0, count: 0, errors: 0 }]));
// Warm-up: JIT, connection pools.
for (const target of started) await runLoad({ dispatcher: target.pool, request: target.request, concurrency: 1, requests: Math.min(100, target.requests), timeLimitMs: 30_000 });
for (let round = 0; round < rounds; round++) {
  for (let index = 0; index < started.length; index++) {
    const target = started[(index + round) % started.length]!;
    const cpu = process.cpuUsage();
    const load = await runLoad({ dispatcher: target.pool, request: target.request, concurrency: 1, requests: target.requests, timeLimitMs: 60_000 });
    const used = process.cpuUsage(cpu);
    const into = results.get(target.key)!;
    into.totalMs.push(...load.totalMs);
    into.firstByteMs.push(...load.firstByteMs);
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
console.log(`guardrails overhead: ${rounds} rounds × ${requests} requests per variant, concurrency 1, node ${process.version}, ${performance.now().toFixed(0)} ms`);
console.log('| variant | requests | p50 ms | p99 ms | first byte p50 ms | CPU per request ms |');
console.log('|---|---|---|---|---|---|');
for (const [key, result] of results) {
  console.log(`| ${key} | ${result.count}${result.errors > 0 ? ` (${result.errors} errors)` : ''} | ${quantile(result.totalMs, 0.5).toFixed(3)} | ${quantile(result.totalMs, 0.99).toFixed(3)} | ${quantile(result.firstByteMs, 0.5).toFixed(3)} | ${(result.cpuMicros / 1000 / result.count).toFixed(3)} |`);
}
for (const target of started) {
  await target.pool.close();
  await target.gateway.close(100);
}
await upstream.close();
