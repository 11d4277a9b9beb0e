/**
 * One Claude Code scenario end to end: its files in a fresh working directory, its scripted
 * answers queued on the fake upstream, then the real binary run against `baseUrl` (the gateway).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeUpstream, FakeUpstreamRequest } from '../fake-upstream/fake-upstream.ts';
import type { ClaudeCodeScenario } from './claude-code-scenarios.ts';
import { runClaudeCode, type ClaudeCodeRun } from './run-claude-code.ts';

export type ScenarioRun = ClaudeCodeRun & { workdir: string; requests: FakeUpstreamRequest[] };

export async function runClaudeCodeScenario(scenario: ClaudeCodeScenario, baseUrl: string, upstream: FakeUpstream): Promise<ScenarioRun> {
  const workdir = await mkdtemp(join(tmpdir(), `switchyard-claude-${scenario.name}-`));
  try {
    await scenario.prepare(workdir);
    upstream.reset();
    for (const answer of scenario.answers(workdir)) upstream.enqueue(answer);
    const run = await runClaudeCode({ baseUrl, prompt: scenario.prompt, cwd: workdir, args: scenario.args });
    return { ...run, workdir, requests: [...upstream.requests] };
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
}

/** Every object of `type` anywhere inside a JSON value (blocks nest: a document inside a tool_result). */
export function findBlocks(value: unknown, type: string): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap((item) => findBlocks(item, type));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = record.type === type ? [record] : [];
  return [...own, ...Object.values(record).flatMap((child) => findBlocks(child, type))];
}
