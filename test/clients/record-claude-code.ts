/**
 * Records what the real Claude Code sends: for each scenario, a fake Anthropic upstream on
 * 127.0.0.1 answers with the scenario's scripted turns, Claude Code runs against it, and every
 * request (method, path, headers without credentials, body) is saved to
 * test/clients/__fixtures__/claude-code/<scenario>.json.
 *
 *   npx tsx test/clients/record-claude-code.ts            # all scenarios
 *   npx tsx test/clients/record-claude-code.ts pdf-read   # one
 *
 * Each recorded request is also written, alone, to the fidelity corpus
 * (test/conformance/__fixtures__/anthropic-messages/claude-code/<scenario>-<n>.json), so the
 * same-format suite checks that Claude Code's bodies reach an Anthropic upstream as sent.
 * `--fidelity-only` rewrites those from the existing recordings without running Claude Code.
 *
 * See test/clients/__fixtures__/claude-code/README.md for when and how to re-record.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { claudeCodeScenarios } from './claude-code-scenarios.ts';
import { toRecordedRequest, type ClientRecording } from './client-recording.ts';
import { CLAUDE_CODE_BINARY, claudeCodeUnavailable, runClaudeCode } from './run-claude-code.ts';

const FIXTURE_DIRECTORY = join(import.meta.dirname, '__fixtures__', 'claude-code');
const FIDELITY_DIRECTORY = join(import.meta.dirname, '..', 'conformance', '__fixtures__', 'anthropic-messages', 'claude-code');

async function writeFidelityFixtures(recording: ClientRecording): Promise<void> {
  await mkdir(FIDELITY_DIRECTORY, { recursive: true });
  for (const [index, request] of recording.requests.entries()) {
    const fixture = {
      description: `Claude Code ${recording.version}, ${recording.scenario} request ${index + 1} of ${recording.requests.length}: ${recording.description}`,
      source: `test/clients/__fixtures__/claude-code/${recording.scenario}.json (test/clients/record-claude-code.ts)`,
      headers: request.headers,
      body: request.body,
    };
    await writeFile(join(FIDELITY_DIRECTORY, `${recording.scenario}-${index + 1}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
  }
}

async function rewriteFidelityFixtures(): Promise<void> {
  for (const file of (await readdir(FIXTURE_DIRECTORY)).filter((name) => name.endsWith('.json'))) {
    await writeFidelityFixtures(JSON.parse(await readFile(join(FIXTURE_DIRECTORY, file), 'utf8')) as ClientRecording);
  }
}

/** `2.1.332 (Claude Code)` → `2.1.332`. */
function claudeCodeVersion(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(CLAUDE_CODE_BINARY, ['--version'], (error, stdout) => (error ? reject(error) : resolve(stdout.trim().split(' ')[0])));
  });
}

async function record(names: readonly string[]): Promise<void> {
  const unavailable = claudeCodeUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  const version = await claudeCodeVersion();
  await mkdir(FIXTURE_DIRECTORY, { recursive: true });
  const chosen = names.length === 0 ? claudeCodeScenarios : claudeCodeScenarios.filter((scenario) => names.includes(scenario.name));
  for (const scenario of chosen) {
    const workdir = await mkdtemp(join(tmpdir(), `switchyard-record-${scenario.name}-`));
    const upstream = await startFakeUpstream();
    try {
      await scenario.prepare(workdir);
      for (const answer of scenario.answers(workdir)) upstream.enqueue(answer);
      const run = await runClaudeCode({ baseUrl: upstream.url, prompt: scenario.prompt, cwd: workdir, args: scenario.args });
      if (run.exitCode !== 0 || !run.stdout.includes(scenario.expectedOutput)) {
        throw new Error(`scenario ${scenario.name}: exit ${run.exitCode}, stdout ${JSON.stringify(run.stdout)}, stderr ${run.stderr.slice(0, 2000)}`);
      }
      const recording: ClientRecording = {
        client: 'claude-code',
        version,
        scenario: scenario.name,
        description: scenario.description,
        workdir,
        requests: upstream.requests.map(toRecordedRequest),
      };
      await writeFile(join(FIXTURE_DIRECTORY, `${scenario.name}.json`), `${JSON.stringify(recording, null, 2)}\n`);
      await writeFidelityFixtures(recording);
      console.log(`${scenario.name}: ${recording.requests.length} requests recorded (Claude Code ${version})`);
    } finally {
      await upstream.close();
      await rm(workdir, { recursive: true, force: true });
    }
  }
}

const names = process.argv.slice(2);
if (names.includes('--fidelity-only')) await rewriteFidelityFixtures();
else await record(names);
