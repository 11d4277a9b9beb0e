import type { LatencyComparison, OverheadBenchReport, TargetReport } from './run-overhead-bench.ts';

/** The goals this benchmark checks, on the 2-core reference machine. */
export const overheadTargets = { addedP50AtConcurrency1Ms: 0.3, throughputVersusPortkey: 5 } as const;

const ms = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(3));
const signed = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '—' : `${value >= 0 ? '+' : ''}${value.toFixed(3)}`);
const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');

function latencyCells(comparison: LatencyComparison): string[] {
  return [ms(comparison.latency.p50), ms(comparison.latency.p99), signed(comparison.addedP50), signed(comparison.addedP99)];
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function streamCells(target: TargetReport): string[] {
  if ('unsupported' in target.stream) return [`fails: ${target.stream.unsupported.replace(/\|/g, '/').slice(0, 80)}`, '', '', '', '', ''];
  const { firstByte, total } = target.stream;
  return [ms(firstByte.latency.p50), ms(firstByte.latency.p99), signed(firstByte.addedP50), ms(total.latency.p50), ms(total.latency.p99), signed(total.addedP50)];
}

/** Pass/fail lines for the goals, judged on the warn-level switchyard against Portkey. */
export function checkOverheadTargets(report: OverheadBenchReport): string[] {
  const switchyard = report.targets.find((target) => target.key === 'switchyard-warn');
  const portkey = report.targets.find((target) => target.key === 'portkey');
  const lines: string[] = [];
  if (switchyard !== undefined) {
    const added = switchyard.concurrency1.addedP50 ?? Number.NaN;
    lines.push(`${added <= overheadTargets.addedP50AtConcurrency1Ms ? 'PASS' : 'MISS'}: added p50 at concurrency 1 is ${ms(added)} ms (goal ≤ ${overheadTargets.addedP50AtConcurrency1Ms} ms)`);
  }
  if (switchyard !== undefined && portkey !== undefined) {
    const times = switchyard.throughput / portkey.throughput;
    lines.push(`${times >= overheadTargets.throughputVersusPortkey ? 'PASS' : 'MISS'}: throughput at concurrency 64 is ${ratio(times)} Portkey's (goal ≥ ${overheadTargets.throughputVersusPortkey}×)`);
  }
  return lines;
}

/** The markdown written to bench/overhead/results/latest.md and printed by `switchyard bench overhead`. */
export function renderOverheadReport(report: OverheadBenchReport): string {
  const direct = report.targets.find((target) => target.key === 'direct');
  const portkey = report.targets.find((target) => target.key === 'portkey');
  const { settings } = report;
  const lines = [
    '# Overhead benchmark',
    '',
    `- Date: ${report.date}`,
    `- Node: ${report.node}`,
    `- Machine: ${report.machine}; 1-minute load average ${report.loadAverage.before.toFixed(2)} before, ${report.loadAverage.after.toFixed(2)} after${report.loadAverage.before > 0.5 ? ' (**the machine was busy with other work: latencies are inflated, trust the ratios and CPU per request more**)' : ''}`,
    `- Command: \`npm run bench:overhead\` (= \`switchyard bench overhead\`), ${(report.durationMs / 1000).toFixed(0)} s`,
    `- Work: ${settings.rounds} interleaved rounds per phase; per target per round up to ${settings.requestsAtConcurrency1} requests at concurrency 1, ${settings.requestsAtConcurrency64} at concurrency 64, ${settings.streamRequests} streams at concurrency 1, ${settings.messagesRequests} recorded Claude Code requests and as many streams, each batch cut at ${settings.batchTimeLimitMs / 1000} s; ${settings.warmupRequests} warm-up requests each first.`,
    '',
    '## Non-streaming chat completions (ms; "added" = path minus direct, same rounds)',
    '',
    row(['Path', 'c=1 p50', 'c=1 p99', 'c=1 added p50', 'c=1 added p99', 'c=64 p50', 'c=64 p99', 'c=64 added p50', 'c=64 added p99']),
    row(Array(9).fill('---')),
    ...report.targets.map((target) => row([target.label, ...latencyCells(target.concurrency1), ...latencyCells(target.concurrency64)])),
    '',
    '## Throughput and memory',
    '',
    row(['Path', 'req/s at c=64', '× direct', '× Portkey', 'gateway CPU per request (ms)', 'RSS after run (MiB)', 'measured c=1 / c=64 / stream', 'failed requests']),
    row(Array(8).fill('---')),
    ...report.targets.map((target) =>
      row([
        target.label,
        target.throughput.toFixed(0),
        direct === undefined ? '—' : ratio(target.throughput / direct.throughput),
        portkey === undefined ? '—' : ratio(target.throughput / portkey.throughput),
        ms(target.cpuPerRequestMs),
        target.rssBytes === undefined ? '—' : (target.rssBytes / 2 ** 20).toFixed(0),
        `${target.concurrency1.latency.count} / ${target.concurrency64.latency.count} / ${'unsupported' in target.stream ? 0 : target.stream.total.latency.count}`,
        String(target.errors),
      ]),
    ),
    '',
    '## Streaming chat completions at concurrency 1 (ms; first byte = first SSE frame)',
    '',
    row(['Path', 'first byte p50', 'first byte p99', 'added first byte p50', 'total p50', 'total p99', 'added total p50']),
    row(Array(7).fill('---')),
    ...report.targets.map((target) => row([target.label, ...streamCells(target)])),
    '',
    '## A recorded Claude Code request at concurrency 1 (Anthropic Messages, ~49 KB: system prompt, 12 tools, a tool loop; ms)',
    '',
    'Same-format: switchyard carries the body through (`passthrough: true`, the default) or rebuilds it from the internal format (`passthrough: false`).',
    '',
    row(['Path', 'p50', 'p99', 'added p50', 'stream first byte p50', 'added first byte p50', 'stream total p50', 'added total p50', 'gateway CPU per request (ms)']),
    row(Array(9).fill('---')),
    ...report.targets.flatMap((target) => {
      const { messages } = target;
      if (messages === undefined) return [];
      const { concurrency1, stream } = messages;
      return [row([target.label, ms(concurrency1.latency.p50), ms(concurrency1.latency.p99), signed(concurrency1.addedP50), ms(stream.firstByte.latency.p50), signed(stream.firstByte.addedP50), ms(stream.total.latency.p50), signed(stream.total.addedP50), ms(messages.cpuPerRequestMs)])];
    }),
    '',
    '## Goals',
    '',
    ...checkOverheadTargets(report).map((line) => `- ${line}`),
    '',
    '## How to read this',
    '',
    '- Every server runs in its own process: the fake upstream, each gateway, and the load generator (undici, keep-alive, closed loop). All traffic is on 127.0.0.1.',
    '- On a 2-core machine the load generator, the gateway and the upstream compete for 2 cores, so absolute req/s is a floor and "× direct" understates every gateway (the direct path has one process fewer). Compare ratios between gateways, not absolute numbers between machines.',
    '- "Gateway CPU per request" is the gateway process\'s user + system CPU time over the concurrency-64 phase divided by its requests (from /proc): what one request costs, unaffected by other processes competing for the cores.',
    '- Rounds alternate between paths (rotating who goes first), so drift hits every path alike. Added p99 is the difference of two p99s, noisy by nature; read it as an order of magnitude.',
    '- switchyard runs twice: with `server.log_level: warn`, the setting to quote (one JSON access line per request is the biggest single per-request cost, and a deployment that ships access logs elsewhere turns it off), and with the default `info`, so the price of that line is visible. Logs go to /dev/null: pino serialisation and the write are counted, a terminal is not.',
    '- Both switchyards use a failover router with one target, an `openai`-type provider at the fake upstream, otherwise default config. Portkey is `@portkey-ai/gateway` started `--headless`, routed per request with `x-portkey-provider: openai` and `x-portkey-custom-host`. Each path is first checked to reach the upstream (a fresh nonce must come back in the echo).',
  ];
  if (portkey !== undefined && 'unsupported' in portkey.stream) {
    lines.push(
      "- Portkey's streaming fails here with `TypeError: immutable` in its `updateHeaders` when run on Node with a recent `@hono/node-server` (Portkey-AI/gateway issues #1389 and #1550), so it has no streaming row.",
    );
  }
  if (report.profile !== undefined) {
    lines.push('', `## CPU profile of switchyard (log_level: warn) — ${report.profile.file}, ${report.profile.sampledMs.toFixed(0)} ms sampled`, '');
    lines.push('This run profiled the warn-level switchyard (`--profile`), which slows it: quote the numbers of a run without it. Shares are of wall time sampled on its main thread; on a busy machine, time spent descheduled lands on whatever frame was running (often `writev`).', '');
    lines.push('Top self time:', '', ...report.profile.topSelf.map((frame) => `- ${(frame.share * 100).toFixed(1)} % ${frame.frame}`), '');
    lines.push('Top inclusive time in router/:', '', ...report.profile.topInclusiveOwn.map((frame) => `- ${(frame.share * 100).toFixed(1)} % ${frame.frame}`));
  }
  return `${lines.join('\n')}\n`;
}
