/**
 * The real Claude Code (the pinned devDependency) through the real gateway to an Anthropic-format
 * fake upstream: a plain prompt, a tool loop with signed thinking, a PDF read. Asserts on what
 * reached the upstream and on what Claude Code printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { claudeCodeScenarios, PDF_WORD, type ClaudeCodeScenario } from '../clients/claude-code-scenarios.ts';
import { findBlocks, runClaudeCodeScenario } from '../clients/run-claude-code-scenario.ts';
import { claudeCodeUnavailable } from '../clients/run-claude-code.ts';
import { buildSmallPdf } from '../clients/build-small-pdf.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const unavailable = claudeCodeUnavailable();
const scenario = (name: string): ClaudeCodeScenario => claudeCodeScenarios.find((candidate) => candidate.name === name)!;

let upstream: FakeUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
store: { kind: memory }
providers:
  fake-anthropic: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
models:
  claude-upstream: { provider: fake-anthropic, model: claude-opus-4-6 }
routers:
  "claude-*": { strategy: single, target: claude-upstream }
`);
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

type Body = { model: string; system?: Array<{ cache_control?: unknown }>; messages: Array<{ role: string; content: unknown }>; [field: string]: unknown };

describe.skipIf(unavailable !== undefined)(`Claude Code → gateway → Anthropic upstream${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`, () => {
  it('answers a plain prompt; the upstream gets the system turn in place, thinking, effort, context management and cache breakpoints', async () => {
    const run = await runClaudeCodeScenario(scenario('plain'), gateway.url, upstream);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe(scenario('plain').expectedOutput);
    expect(run.requests).toHaveLength(1);
    const body = run.requests[0]!.body as Body;
    expect(body.model).toBe('claude-opus-4-6');
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'system']);
    expect(body).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: expect.any(String) }, context_management: { edits: expect.any(Array) }, stream: true });
    expect(body.system?.filter((block) => block.cache_control !== undefined)).toHaveLength(2);
    expect(findBlocks(body.messages, 'text').some((block) => block.cache_control !== undefined)).toBe(true);
  });

  it('runs a Read tool loop with signed thinking: the second request replays the thinking and redacted_thinking blocks with their signatures', async () => {
    const run = await runClaudeCodeScenario(scenario('thinking-tool-loop'), gateway.url, upstream);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe(scenario('thinking-tool-loop').expectedOutput);
    expect(run.requests).toHaveLength(2);
    const history = (run.requests[1]!.body as Body).messages;
    const assistant = history.find((message) => message.role === 'assistant')!;
    expect(assistant.content).toEqual([
      { type: 'thinking', thinking: expect.stringContaining('read notes.txt'), signature: 'EqQBCkYIBxgCKkBfakeSignatureOne' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgyfakeRedactedData' },
      { type: 'tool_use', id: expect.any(String), name: 'Read', input: { file_path: expect.stringMatching(/notes\.txt$/) } },
    ]);
    const results = findBlocks(history, 'tool_result');
    expect(results).toHaveLength(1);
    expect(JSON.stringify(results[0]!.content)).toContain('The secret word is heron.');
  });

  it('reads a PDF: the next request carries it as a document block, bytes intact', async () => {
    const run = await runClaudeCodeScenario(scenario('pdf-read'), gateway.url, upstream);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe(scenario('pdf-read').expectedOutput);
    expect(run.requests).toHaveLength(2);
    const documents = findBlocks((run.requests[1]!.body as Body).messages, 'document');
    expect(documents).toHaveLength(1);
    expect(documents[0]!.source).toEqual({ type: 'base64', media_type: 'application/pdf', data: buildSmallPdf(`The report names a ${PDF_WORD}.`).toString('base64') });
  });
});
