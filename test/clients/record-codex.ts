/**
 * Records what the real Codex sends: for each scenario, a fake OpenAI Responses upstream on
 * 127.0.0.1 answers with the scenario's scripted turns, `codex exec` runs against it, and every
 * request (method, path, headers without credentials, body) is saved to
 * test/clients/__fixtures__/codex/<scenario>.json.
 *
 *   npx tsx test/clients/record-codex.ts              # all scenarios
 *   npx tsx test/clients/record-codex.ts apply-patch  # one
 *
 * See test/clients/__fixtures__/codex/README.md for when and how to re-record.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { toRecordedRequest, type ClientRecording } from './client-recording.ts';
import { codexScenarios } from './codex-scenarios.ts';
import { CODEX_BINARY, codexUnavailable, runCodex } from './run-codex.ts';

const FIXTURE_DIRECTORY = join(import.meta.dirname, '__fixtures__', 'codex');

/** `codex-cli 0.171.0` → `0.171.0`. */
function codexVersion(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(CODEX_BINARY, ['--version'], (error, stdout) => (error ? reject(error) : resolve(stdout.trim().split(' ').at(-1) ?? '')));
  });
}

async function record(names: readonly string[]): Promise<void> {
  const unavailable = codexUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  const version = await codexVersion();
  await mkdir(FIXTURE_DIRECTORY, { recursive: true });
  const chosen = names.length === 0 ? codexScenarios : codexScenarios.filter((scenario) => names.includes(scenario.name));
  for (const scenario of chosen) {
    const workdir = await mkdtemp(join(tmpdir(), `switchyard-record-codex-${scenario.name}-`));
    const upstream = await startFakeUpstream();
    try {
      for (const answer of scenario.answers) upstream.enqueue(answer);
      const run = await runCodex({ baseUrl: `${upstream.url}/v1`, prompt: scenario.prompt, cwd: workdir, config: scenario.config });
      if (run.exitCode !== 0 || !run.stdout.includes(scenario.expectedOutput)) {
        throw new Error(`scenario ${scenario.name}: exit ${run.exitCode}, stdout ${JSON.stringify(run.stdout)}, stderr ${run.stderr.slice(-2000)}`);
      }
      const recording: ClientRecording = {
        client: 'codex',
        version,
        scenario: scenario.name,
        description: scenario.description,
        workdir,
        requests: upstream.requests.map(toRecordedRequest),
      };
      await writeFile(join(FIXTURE_DIRECTORY, `${scenario.name}.json`), `${JSON.stringify(recording, null, 2)}\n`);
      process.stdout.write(`${scenario.name}: ${recording.requests.length} request(s)\n`);
    } finally {
      await upstream.close();
      await rm(workdir, { recursive: true, force: true });
    }
  }
}

await record(process.argv.slice(2));
