/**
 * The real Claude Code through the real gateway to an OpenAI-format fake upstream (cross-format:
 * Anthropic Messages in, Chat Completions out): a plain prompt, a Read tool loop whose answers carry
 * reasoning_content, a PDF read. Asserts on what reached the upstream and what Claude Code printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { claudeCodeScenarios, SECRET_WORD, type ClaudeCodeScenario } from '../clients/claude-code-scenarios.ts';
import { runClaudeCodeScenario } from '../clients/run-claude-code-scenario.ts';
import { claudeCodeUnavailable } from '../clients/run-claude-code.ts';
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
  fake-openai: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: upstream-key }
models:
  gpt-upstream: { provider: fake-openai, model: gpt-upstream }
routers:
  "claude-*": { strategy: single, target: gpt-upstream }
`);
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

type ChatBody = { model: string; messages: Array<{ role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }>; tools?: Array<{ function: { name: string } }> };

describe.skipIf(unavailable !== undefined)(`Claude Code → gateway → OpenAI upstream${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`, () => {
  it('answers a plain prompt; the upstream gets Chat Completions with the system prompt, the system turn in place and the tools', async () => {
    const run = await runClaudeCodeScenario(scenario('plain'), gateway.url, upstream);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe(scenario('plain').expectedOutput);
    expect(run.requests).toHaveLength(1);
    expect(run.requests[0]!.path).toBe('/v1/chat/completions');
    const body = run.requests[0]!.body as ChatBody;
    expect(body.model).toBe('gpt-upstream');
    expect(body.messages.map((message) => message.role)).toEqual(['system', 'user', 'system']);
    expect(body.tools?.map((tool) => tool.function.name)).toContain('Read');
    // Claude Code's output_config.effort, through the OpenAI translator.
    expect((body as ChatBody & { reasoning_effort?: string }).reasoning_effort).toBe('medium');
  });

  it('runs a Read tool loop whose answers carry reasoning: the tool call and its result reach the upstream', async () => {
    const run = await runClaudeCodeScenario(scenario('thinking-tool-loop'), gateway.url, upstream);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe(scenario('thinking-tool-loop').expectedOutput);
    expect(run.requests).toHaveLength(2);
    const history = (run.requests[1]!.body as ChatBody).messages;
    const assistant = history.find((message) => message.role === 'assistant')!;
    expect(assistant.tool_calls).toEqual([{ id: expect.any(String), type: 'function', function: { name: 'Read', arguments: expect.stringContaining('notes.txt') } }]);
    const result = history.find((message) => message.role === 'tool')!;
    expect(result.content).toContain(`The secret word is ${SECRET_WORD}.`);
  });

  it('reads a PDF: the document reaches the OpenAI upstream as a file part right after the tool result, and Claude Code finishes the loop', async () => {
    const run = await runClaudeCodeScenario(scenario('pdf-read'), gateway.url, upstream);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe(scenario('pdf-read').expectedOutput);
    expect(run.requests).toHaveLength(2);
    const history = (run.requests[1]!.body as ChatBody).messages;
    const toolIndex = history.findIndex((message) => message.role === 'tool');
    expect(history[toolIndex]?.content).toContain('PDF file read');
    const attached = history[toolIndex + 1]!;
    expect(attached.role).toBe('user');
    const parts = attached.content as Array<{ type: string; file?: { file_data?: string } }>;
    const file = parts.find((part) => part.type === 'file');
    expect(file?.file?.file_data).toMatch(/^data:application\/pdf;base64,JVBERi/);
    expect(Buffer.from(file!.file!.file_data!.split(',')[1]!, 'base64').toString('latin1')).toContain('%PDF-');
  });
});
