/**
 * End to end: the real Codex binary → the real gateway → fake upstreams. Same format (an OpenAI
 * deployment on the Responses API: Codex's body must arrive intact but for `model`) and across
 * formats (an Anthropic deployment: the apply_patch custom tool is emulated, the patch really
 * applied in a temp dir). Plus the official `openai` SDK's responses.create / responses.stream
 * with reasoning, and a Chat client reaching a Responses-only model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADD_FILE_PATCH } from '../clients/codex-scenarios.ts';
import { codexUnavailable, runCodex } from '../clients/run-codex.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const skipReason = codexUnavailable();

let upstream: FakeUpstream;
let gateway: TestGateway;
let workdir: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
providers:
  openai: { type: openai, api_key: sk-upstream-openai, base_url: "${upstream.url}/v1" }
  anthropic: { type: anthropic, api_key: sk-upstream-anthropic, base_url: "${upstream.url}" }
models:
  gpt: { provider: openai, model: gpt-5.5 }
  gpt-pro: { provider: openai, model: gpt-5.5-pro, api: responses }
  claude: { provider: anthropic, model: claude-sonnet-4-6 }
routers:
  # Router names are slugs of Codex's bundled catalog: with an unknown slug Codex falls back to generic tools (no apply_patch).
  gpt-5.5: { strategy: single, target: gpt }
`);
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});
beforeEach(async () => {
  upstream.reset();
  workdir = await mkdtemp(join(tmpdir(), 'switchyard-codex-e2e-'));
  return () => rm(workdir, { recursive: true, force: true });
});

describe.skipIf(skipReason !== undefined)(`real Codex through the gateway${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  it('same format: Codex → OpenAI Responses gets Codex’s body intact (all tools incl. apply_patch, reasoning, include, prompt_cache_key) and the answer as it came', async () => {
    upstream.enqueue({ kind: 'ok', reasoning: { text: 'Greet.', encrypted: 'enc-e2e-1' }, text: 'Hello through switchyard.' });
    const run = await runCodex({ baseUrl: `${gateway.url}/v1`, model: 'gpt-5.5', prompt: 'Say hello.', cwd: workdir, config: ['model_reasoning_effort = "high"'] });
    expect(run.exitCode, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toContain('Hello through switchyard.');
    const [request] = upstream.requests;
    expect(request).toMatchObject({ path: '/v1/responses', wire: 'openai-responses', model: 'gpt-5.5', stream: true });
    expect(request!.headers.authorization).toBe('Bearer sk-upstream-openai');
    // Codex's session headers reach the same-format upstream (prompt-cache and state affinity at OpenAI).
    const sessionId = request!.headers['session-id'];
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(request!.headers['thread-id']).toBe(sessionId);
    expect(request!.headers.originator).toBe('codex_exec');
    expect(JSON.parse(String(request!.headers['x-codex-turn-metadata']))).toMatchObject({ session_id: sessionId, request_kind: 'turn' });
    const body = request!.body as Record<string, unknown>;
    const tools = body.tools as Array<{ type: string; name?: string }>;
    expect(tools).toHaveLength(10);
    expect(tools).toContainEqual(expect.objectContaining({ type: 'custom', name: 'apply_patch', format: expect.objectContaining({ type: 'grammar' }) }));
    expect(body).toMatchObject({ reasoning: { effort: 'high' }, include: ['reasoning.encrypted_content'], store: false, text: { verbosity: 'low' } });
    expect(typeof body.prompt_cache_key).toBe('string');
    expect(body.client_metadata).toEqual(expect.any(Object));
  });

  it('same format: the follow-up carries the encrypted reasoning item and the exec_command round trip back', async () => {
    upstream.enqueue({ kind: 'ok', reasoning: { text: 'Run it.', encrypted: 'enc-e2e-2' }, text: '', toolCall: { name: 'exec_command', arguments: { cmd: 'printf carried' } } });
    upstream.enqueue({ kind: 'ok', text: 'It printed carried.' });
    const run = await runCodex({ baseUrl: `${gateway.url}/v1`, model: 'gpt-5.5', prompt: 'Print carried.', cwd: workdir });
    expect(run.exitCode, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toContain('It printed carried.');
    const input = (upstream.requests[1]!.body as { input: Array<Record<string, unknown>> }).input;
    expect(input).toContainEqual(expect.objectContaining({ type: 'reasoning', encrypted_content: 'enc-e2e-2' }));
    expect(input).toContainEqual(expect.objectContaining({ type: 'function_call_output', output: expect.stringContaining('carried') }));
  });

  it('across formats: Codex → Anthropic, apply_patch as an emulated tool; the patch is applied and its output goes back as a tool_result', async () => {
    upstream.enqueue({ kind: 'ok', text: '', toolCall: { name: 'apply_patch', arguments: { input: ADD_FILE_PATCH } } });
    upstream.enqueue({ kind: 'ok', text: 'Created notes/hello.txt for you.' });
    // Codex's tools depend on the model slug, so the Anthropic deployment answers to gpt-5.5 here.
    const crossGateway = await startTestGateway(`
providers:
  anthropic: { type: anthropic, api_key: sk-upstream-anthropic, base_url: "${upstream.url}" }
models:
  claude: { provider: anthropic, model: claude-sonnet-4-6 }
routers:
  gpt-5.5: { strategy: single, target: claude }
`);
    const run = await runCodex({ baseUrl: `${crossGateway.url}/v1`, model: 'gpt-5.5', prompt: 'Create notes/hello.txt.', cwd: workdir }).finally(() => crossGateway.close());
    expect(run.exitCode, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout, JSON.stringify(upstream.requests.map((request) => request.body)).slice(-3000)).toContain('Created notes/hello.txt for you.');
    expect(existsSync(join(workdir, 'notes/hello.txt')), JSON.stringify(upstream.requests[1]?.body).slice(-1500)).toBe(true);
    expect(readFileSync(join(workdir, 'notes/hello.txt'), 'utf8')).toBe('Hello from apply_patch.\n');
    const [first, second] = upstream.requests;
    expect(first).toMatchObject({ path: '/v1/messages', wire: 'anthropic-messages', model: 'claude-sonnet-4-6' });
    const tools = (first!.body as { tools: Array<{ name: string; input_schema?: Record<string, unknown> }> }).tools;
    expect(tools.find((tool) => tool.name === 'apply_patch')?.input_schema).toMatchObject({ properties: { input: { type: 'string' } }, required: ['input'] });
    // Codex's hosted web_search becomes Anthropic's own; its client-run tool_search is left out (Anthropic can run the first, the second only discovers held-back tools).
    expect(tools).toContainEqual(expect.objectContaining({ type: 'web_search_20250305', name: 'web_search' }));
    expect(tools.map((tool) => tool.name)).not.toContain('tool_search');
    expect(tools).toHaveLength(9);
    const messages = (second!.body as { messages: Array<{ role: string; content: unknown }> }).messages;
    const blocks = messages.flatMap((message) => (Array.isArray(message.content) ? (message.content as Array<Record<string, unknown>>) : []));
    expect(blocks).toContainEqual(expect.objectContaining({ type: 'tool_use', name: 'apply_patch', input: { input: ADD_FILE_PATCH } }));
    expect(JSON.stringify(blocks.find((block) => block.type === 'tool_result'))).toContain('A notes/hello.txt');
    expect(existsSync(join(workdir, 'notes'))).toBe(true);
  });
});

describe('the openai SDK through the gateway to a Responses deployment', () => {
  it('responses.create with reasoning: carried through, reasoning item and encrypted content back', async () => {
    upstream.enqueue({ kind: 'ok', reasoning: { text: 'Two plus two.', encrypted: 'enc-sdk' }, text: '4' });
    const response = await gateway.openai.responses.create({ model: 'gpt', input: 'What is 2+2?', reasoning: { effort: 'low', summary: 'auto' }, include: ['reasoning.encrypted_content'], store: false });
    expect(response.output_text).toBe('4');
    expect(response.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Two plus two.' }], encrypted_content: 'enc-sdk' });
    expect(upstream.requests[0]!.body).toEqual({ model: 'gpt-5.5', input: 'What is 2+2?', reasoning: { effort: 'low', summary: 'auto' }, include: ['reasoning.encrypted_content'], store: false });
  });

  it('responses.stream with reasoning: summary deltas and the final response', async () => {
    upstream.enqueue({ kind: 'ok', reasoning: { text: 'Think it through.', encrypted: 'enc-stream' }, text: 'Done.' });
    const stream = gateway.openai.responses.stream({ model: 'gpt', input: 'Go', reasoning: { effort: 'medium', summary: 'detailed' }, include: ['reasoning.encrypted_content'] });
    const summary: string[] = [];
    stream.on('response.reasoning_summary_text.delta', (event) => summary.push(event.delta));
    const response = await stream.finalResponse();
    expect(summary.join('')).toBe('Think it through.');
    expect(response.output_text).toBe('Done.');
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('a Chat client reaches a Responses-only model by translation, reasoning effort included', async () => {
    upstream.enqueue({ kind: 'ok', reasoning: { text: 'Hmm.', encrypted: 'enc-chat' }, text: 'Answer from pro.' });
    const completion = await gateway.openai.chat.completions.create({ model: 'gpt-pro', messages: [{ role: 'user', content: 'Hard question' }], reasoning_effort: 'high', max_completion_tokens: 500 });
    expect(completion.choices[0]!.message.content).toBe('Answer from pro.');
    expect(upstream.requests[0]).toMatchObject({ path: '/v1/responses', model: 'gpt-5.5-pro', stream: false });
    expect(upstream.requests[0]!.body).toMatchObject({
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hard question' }] }],
      reasoning: { effort: 'high' },
      max_output_tokens: 500,
      store: false,
      include: ['reasoning.encrypted_content'],
    });
  });

  it('a Chat client streaming from a Responses-only model gets Chat chunks', async () => {
    upstream.enqueue({ kind: 'ok', text: 'Streamed from pro.' });
    const stream = await gateway.openai.chat.completions.create({ model: 'gpt-pro', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Streamed from pro.');
    expect(upstream.requests[0]).toMatchObject({ path: '/v1/responses', stream: true });
  });
});
