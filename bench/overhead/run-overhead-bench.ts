import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import type { BenchProcess } from './bench-process.ts';
import { forkBenchProcess } from './fork-bench-process.ts';
import { measureInterleaved, type MeasuredTarget, type TargetSamples } from './measure-interleaved.ts';
import { directTarget, minimalProxyTarget, portkeyTarget, switchyardBenchConfig, switchyardTarget, type MessagesBody, type OverheadTarget } from './overhead-targets.ts';
import { runLoad } from './run-load.ts';
import { startPortkeyProcess } from './start-portkey-process.ts';
import { summarizeCpuProfile, type ProfileSummary } from './summarize-cpu-profile.ts';
import { summarizeLatencies, type LatencySummary } from './summarize-latencies.ts';
import { verifyTarget, type TargetSupport } from './verify-target.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The code that runs: the repository from the sources (tsx), dist/ when compiled. */
const codeRoot = join(here, '..', '..');
/** `.ts` from the sources, `.js` from dist/: the forked servers are the same kind of file as this one. */
const moduleExtension = extname(fileURLToPath(import.meta.url));
// The repository root through package.json's "imports" map: the same from the sources and from dist/.
const repositoryRoot = dirname(createRequire(import.meta.url).resolve('#package.json'));

/** Sized so a run stays under ~3 minutes even when the machine is busy (the time bound then cuts batches short). */
export const overheadBenchDefaults = {
  rounds: 5,
  requestsAtConcurrency1: 600,
  requestsAtConcurrency64: 2_500,
  streamRequests: 200,
  messagesRequests: 300,
  warmupRequests: 1_000,
  batchTimeLimitMs: 4_000,
  includePortkey: true,
};

export type OverheadBenchOptions = {
  /** Interleaved rounds per phase. */
  rounds?: number;
  /** Requests per target per round at concurrency 1. */
  requestsAtConcurrency1?: number;
  /** Requests per target per round at concurrency 64. */
  requestsAtConcurrency64?: number;
  /** Streaming requests per target per round at concurrency 1. */
  streamRequests?: number;
  /** Recorded Claude Code requests per target per round at concurrency 1, non-streaming and streaming each. */
  messagesRequests?: number;
  /** Unmeasured requests per target before measuring, at each concurrency. */
  warmupRequests?: number;
  /** Bound on each batch (one target, one round, also each warm-up), so a slow target cannot stall the run. */
  batchTimeLimitMs?: number;
  /** Also measure Portkey's gateway (default true). */
  includePortkey?: boolean;
  /** Run the log-level-warn switchyard under `node --cpu-prof` and summarise the profile. */
  profile?: boolean;
  /** Also measure a switchyard on `store.kind: postgres` at this database (warn level; its audit log and spend ledger there). */
  postgresUrl?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
};

export type LatencyComparison = { latency: LatencySummary; addedP50: number | undefined; addedP99: number | undefined };

export type TargetReport = {
  key: string;
  label: string;
  concurrency1: LatencyComparison;
  concurrency64: LatencyComparison;
  /** Requests per second at concurrency 64. */
  throughput: number;
  stream: { firstByte: LatencyComparison; total: LatencyComparison } | { unsupported: string };
  rssBytes: number | undefined;
  /** The gateway process's CPU time per request over the concurrency-64 phase, in ms (robust to a busy machine). */
  cpuPerRequestMs: number | undefined;
  /** The recorded Claude Code request (Anthropic Messages, ~49 KB): absent for targets that do not speak it. */
  messages: MessagesReport | undefined;
  errors: number;
  firstError: string | undefined;
};

export type MessagesReport = {
  concurrency1: LatencyComparison;
  stream: { firstByte: LatencyComparison; total: LatencyComparison };
  /** The gateway process's CPU time per request over both Claude Code phases, in ms. */
  cpuPerRequestMs: number | undefined;
};

export type OverheadBenchReport = {
  date: string;
  node: string;
  machine: string;
  settings: typeof overheadBenchDefaults;
  targets: TargetReport[];
  profile: ProfileSummary | undefined;
  durationMs: number;
  /** 1-minute load average before and after: above ~0.5 at the start, something else was using the CPU. */
  loadAverage: { before: number; after: number };
};

/** Added latency: a gateway's percentile minus the direct call's, from the same interleaved rounds. */
function compare(samples: readonly number[], baseline: LatencySummary | undefined): LatencyComparison {
  const latency = summarizeLatencies(samples);
  if (baseline === undefined) return { latency, addedP50: undefined, addedP99: undefined };
  return { latency, addedP50: latency.p50 - baseline.p50, addedP99: latency.p99 - baseline.p99 };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function describeMachine(): string {
  const cores = cpus();
  return `${platform()} ${release()}, ${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
}

async function cpuSnapshot(measured: readonly MeasuredTarget[]): Promise<Map<string, number | undefined>> {
  const seconds = new Map<string, number | undefined>();
  for (const { target } of measured) seconds.set(target.key, await target.process?.cpuSeconds());
  return seconds;
}

function cpuPerRequest(before: number | undefined, after: number | undefined, requests: number): number | undefined {
  return before === undefined || after === undefined || requests === 0 ? undefined : ((after - before) * 1000) / requests;
}

/** The main thread's profile: file names are CPU.<date>.<time>.<pid>.<thread>.<n>, and tsx's loader thread writes one too. */
async function mainThreadProfile(directory: string): Promise<string | undefined> {
  const files = (await readdir(directory)).filter((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name)).sort();
  return files.length === 0 ? undefined : join(directory, files[files.length - 1]);
}

/**
 * Starts the fake upstream, three switchyards (log level warn, info, and warn with the fast path off) and Portkey, each in its own
 * process, checks each really reaches the upstream, warms them up, then measures them side by side
 * in interleaved rounds: concurrency 1, concurrency 64, and streaming at concurrency 1 (a small
 * OpenAI chat request), then a recorded Claude Code request (Anthropic Messages, ~49 KB) at
 * concurrency 1, plain and streaming, through every path that speaks it.
 */
export async function runOverheadBench(options: OverheadBenchOptions = {}): Promise<OverheadBenchReport> {
  const settings = { ...overheadBenchDefaults, ...withoutUndefined(options) };
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const loadBefore = loadavg()[0];
  const profileDirectory = join(repositoryRoot, 'bench', 'overhead', 'results', 'profiles');
  if (options.profile === true) {
    await rm(profileDirectory, { recursive: true, force: true });
    await mkdir(profileDirectory, { recursive: true });
  }

  // The largest recorded Claude Code turn with a tool loop: what a Claude Code user sends on every call.
  const recording = JSON.parse(await readFile(join(repositoryRoot, 'test', 'clients', '__fixtures__', 'claude-code', 'tool-loop.json'), 'utf8')) as { requests: Array<{ body: MessagesBody }> };
  const recorded = recording.requests[recording.requests.length - 1].body;
  const processes: BenchProcess[] = [];
  const measured: MeasuredTarget[] = [];
  try {
    log('starting the fake upstream, switchyard (warn, info, translating) and Portkey, each in its own process');
    const upstream = await forkBenchProcess({ name: 'fake-upstream', script: join(here, `fake-upstream-process${moduleExtension}`) });
    processes.push(upstream);
    const startSwitchyard = (logLevel: string, nodeFlags: string[], passthrough = true, store?: { name: string; yaml: string }) =>
      forkBenchProcess({
        name: `switchyard-${logLevel}${passthrough ? '' : '-translating'}${store === undefined ? '' : `-${store.name}`}`,
        script: join(here, `switchyard-process${moduleExtension}`),
        env: { SWITCHYARD_BENCH_CONFIG: switchyardBenchConfig(upstream.url, logLevel, passthrough, store?.yaml) },
        nodeFlags,
      });
    const profileFlags = options.profile === true ? ['--cpu-prof', '--cpu-prof-dir', profileDirectory] : [];
    const switchyardWarn = await startSwitchyard('warn', profileFlags);
    processes.push(switchyardWarn);
    const switchyardInfo = await startSwitchyard('info', []);
    processes.push(switchyardInfo);
    // The same-format fast path off: every answer decoded and re-encoded, to show what the fast path saves.
    const switchyardTranslating = await startSwitchyard('warn', [], false);
    processes.push(switchyardTranslating);
    // The same gateway with its audit log and spend ledger in PostgreSQL instead of SQLite.
    const postgresUrl = options.postgresUrl;
    const switchyardPostgres = postgresUrl === undefined ? undefined : await startSwitchyard('warn', [], true, { name: 'postgres', yaml: `{ kind: postgres, url: ${JSON.stringify(postgresUrl)}, replica: bench }` });
    if (switchyardPostgres !== undefined) processes.push(switchyardPostgres);
    const minimalProxy = await forkBenchProcess({ name: 'minimal-proxy', script: join(here, `minimal-proxy-process${moduleExtension}`), env: { SWITCHYARD_BENCH_UPSTREAM: upstream.url } });
    processes.push(minimalProxy);
    const portkey = settings.includePortkey ? await startPortkeyProcess() : undefined;
    if (portkey !== undefined) processes.push(portkey);

    const targets: OverheadTarget[] = [
      directTarget(upstream.url, recorded),
      switchyardTarget('switchyard-warn', 'switchyard (log_level: warn)', switchyardWarn, recorded),
      switchyardTarget('switchyard-info', 'switchyard (log_level: info, the default)', switchyardInfo, recorded),
      switchyardTarget('switchyard-translating', 'switchyard (warn, carry-through off: passthrough: false)', switchyardTranslating, recorded),
      ...(switchyardPostgres === undefined ? [] : [switchyardTarget('switchyard-postgres', 'switchyard (warn, store.kind: postgres)', switchyardPostgres, recorded)]),
      minimalProxyTarget(minimalProxy, recorded),
      ...(portkey === undefined ? [] : [portkeyTarget(portkey, upstream.url)]),
    ];
    for (const target of targets) measured.push({ target, dispatcher: new Pool(target.origin, { connections: 64, pipelining: 1 }) });

    const support = new Map<string, TargetSupport>();
    for (const { target, dispatcher } of measured) {
      const result = await verifyTarget(dispatcher, target);
      support.set(target.key, result);
      log(`${target.label}: reaches the fake upstream${result.streaming ? '' : `; streaming fails (${result.reason})`}`);
    }
    const streaming = measured.filter(({ target }) => support.get(target.key)?.streaming === true);
    const speaksMessages = measured.filter(({ target }) => target.messagesRequest !== undefined);
    for (const { target, dispatcher } of speaksMessages) {
      const result = await verifyTarget(dispatcher, target, 'messages');
      if (!result.streaming) throw new Error(`${target.label}: the recorded Claude Code stream failed: ${result.reason}`);
    }
    log(`the recorded Claude Code request reaches the fake upstream through ${speaksMessages.length} paths`);

    log('warming up');
    for (const { target, dispatcher } of measured) {
      const warm = { dispatcher, requests: settings.warmupRequests, timeLimitMs: settings.batchTimeLimitMs };
      await runLoad({ ...warm, request: target.chatRequest({ stream: false }), concurrency: 1 });
      await runLoad({ ...warm, request: target.chatRequest({ stream: false }), concurrency: 64 });
      if (streaming.some((entry) => entry.target === target)) await runLoad({ ...warm, requests: settings.streamRequests, request: target.chatRequest({ stream: true }), concurrency: 1 });
      for (const stream of [false, true]) {
        const request = target.messagesRequest?.({ stream });
        if (request !== undefined) await runLoad({ ...warm, requests: settings.messagesRequests, request, concurrency: 1 });
      }
    }

    const phase = (name: string, run: () => Promise<Map<string, TargetSamples>>) => {
      log(name);
      return run();
    };
    const base = { rounds: settings.rounds, batchTimeLimitMs: settings.batchTimeLimitMs };
    const atOne = await phase('concurrency 1', () => measureInterleaved(measured, { ...base, requests: settings.requestsAtConcurrency1, concurrency: 1, stream: false }));
    const cpuBefore = await cpuSnapshot(measured);
    const atSixtyFour = await phase('concurrency 64', () => measureInterleaved(measured, { ...base, requests: settings.requestsAtConcurrency64, concurrency: 64, stream: false }));
    const cpuAfter = await cpuSnapshot(measured);
    const streamed = await phase('streaming, concurrency 1', () => measureInterleaved(streaming, { ...base, requests: settings.streamRequests, concurrency: 1, stream: true }));
    const messagesCpuBefore = await cpuSnapshot(speaksMessages);
    const messagesOne = await phase('Claude Code request, concurrency 1', () => measureInterleaved(speaksMessages, { ...base, requests: settings.messagesRequests, concurrency: 1, stream: false, payload: 'messages' }));
    const messagesStreamed = await phase('Claude Code request, streaming, concurrency 1', () => measureInterleaved(speaksMessages, { ...base, requests: settings.messagesRequests, concurrency: 1, stream: true, payload: 'messages' }));
    const messagesCpuAfter = await cpuSnapshot(speaksMessages);

    const rss = new Map<string, number>();
    for (const { target } of measured) if (target.process !== undefined) rss.set(target.key, await target.process.rssBytes());

    const directOne = summarizeLatencies(atOne.get('direct')!.totalMs);
    const directSixtyFour = summarizeLatencies(atSixtyFour.get('direct')!.totalMs);
    const directStream = streamed.get('direct');
    const directFirstByte = directStream === undefined ? undefined : summarizeLatencies(directStream.firstByteMs);
    const directStreamTotal = directStream === undefined ? undefined : summarizeLatencies(directStream.totalMs);
    const directMessagesOne = summarizeLatencies(messagesOne.get('direct')!.totalMs);
    const directMessagesStream = messagesStreamed.get('direct')!;
    const messagesReport = (key: string, isDirect: boolean): MessagesReport | undefined => {
      const one = messagesOne.get(key);
      const stream = messagesStreamed.get(key);
      if (one === undefined || stream === undefined) return undefined;
      return {
        concurrency1: compare(one.totalMs, isDirect ? undefined : directMessagesOne),
        stream: {
          firstByte: compare(stream.firstByteMs, isDirect ? undefined : summarizeLatencies(directMessagesStream.firstByteMs)),
          total: compare(stream.totalMs, isDirect ? undefined : summarizeLatencies(directMessagesStream.totalMs)),
        },
        cpuPerRequestMs: cpuPerRequest(messagesCpuBefore.get(key), messagesCpuAfter.get(key), one.totalMs.length + one.errors + stream.totalMs.length + stream.errors),
      };
    };

    const reports: TargetReport[] = measured.map(({ target }) => {
      const isDirect = target.key === 'direct';
      const one = atOne.get(target.key)!;
      const sixtyFour = atSixtyFour.get(target.key)!;
      const stream = streamed.get(target.key);
      const supportOf = support.get(target.key)!;
      return {
        key: target.key,
        label: target.label,
        concurrency1: compare(one.totalMs, isDirect ? undefined : directOne),
        concurrency64: compare(sixtyFour.totalMs, isDirect ? undefined : directSixtyFour),
        throughput: (sixtyFour.totalMs.length / sixtyFour.elapsedMs) * 1000,
        stream:
          stream === undefined
            ? { unsupported: supportOf.streaming ? 'not measured' : supportOf.reason }
            : {
                firstByte: compare(stream.firstByteMs, isDirect ? undefined : directFirstByte),
                total: compare(stream.totalMs, isDirect ? undefined : directStreamTotal),
              },
        rssBytes: rss.get(target.key),
        cpuPerRequestMs: cpuPerRequest(cpuBefore.get(target.key), cpuAfter.get(target.key), sixtyFour.totalMs.length + sixtyFour.errors),
        messages: messagesReport(target.key, isDirect),
        errors: one.errors + sixtyFour.errors + (stream?.errors ?? 0) + (messagesOne.get(target.key)?.errors ?? 0) + (messagesStreamed.get(target.key)?.errors ?? 0),
        firstError: one.firstError ?? sixtyFour.firstError ?? stream?.firstError ?? messagesOne.get(target.key)?.firstError ?? messagesStreamed.get(target.key)?.firstError,
      };
    });

    for (const { dispatcher } of measured.splice(0)) await dispatcher.close();
    for (const child of processes.splice(0).reverse()) await child.stop();

    const profileFile = options.profile === true ? await mainThreadProfile(profileDirectory) : undefined;
    const profile = profileFile === undefined ? undefined : await summarizeCpuProfile(profileFile, { root: codeRoot, ownCode: `${codeRoot}/router/` });
    return {
      date: new Date().toISOString(),
      node: process.version,
      machine: describeMachine(),
      settings,
      targets: reports,
      profile,
      durationMs: performance.now() - started,
      loadAverage: { before: loadBefore, after: loadavg()[0] },
    };
  } finally {
    for (const { dispatcher } of measured) await dispatcher.destroy();
    for (const child of processes.reverse()) await child.stop();
  }
}
