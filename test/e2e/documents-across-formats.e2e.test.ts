/**
 * Documents across formats: an Anthropic SDK client sends Claude Code's shape of a PDF read (a
 * `document` block inside a tool_result) and a text document; each non-Anthropic upstream gets
 * what it can read — Chat `file` parts, Responses `input_file`, Gemini `inlineData`, Ollama the
 * text — and a warning names what it cannot.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSmallPdf } from '../clients/build-small-pdf.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const PDF = buildSmallPdf('Quarterly numbers.').toString('base64');

let upstream: FakeUpstream;
let gateway: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
providers:
  chat: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: sk-upstream }
  responses: { type: openai, base_url: "${upstream.url}/v1", api_key: sk-upstream, api: responses }
  gemini: { type: gemini, base_url: "${upstream.url}/v1beta", api_key: upstream-gemini-key }
  local: { type: ollama, base_url: "${upstream.url}" }
models:
  to-chat: { provider: chat, model: chat-model }
  to-responses: { provider: responses, model: responses-model }
  to-gemini: { provider: gemini, model: gemini-2.5-flash }
  to-ollama: { provider: local, model: llama }
`);
  client = new Anthropic({ baseURL: gateway.url, apiKey: 'client-key', maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});
beforeEach(() => upstream.reset());

function send(model: string) {
  return client.messages
    .create({
      model,
      max_tokens: 64,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Read report.pdf.' }, { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Side notes.' } }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: 'report.pdf' } }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [
                { type: 'text', text: 'PDF file read' },
                { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF } },
              ],
            },
          ],
        },
      ],
    })
    .withResponse();
}

describe('documents reach every upstream that can read them', () => {
  it('OpenAI Chat: file part with the PDF as a data URL, right after the tool message; the text document as text', async () => {
    const { response } = await send('to-chat');
    expect(response.headers.get('x-switchyard-warnings')).toBeNull();
    const messages = (upstream.requests[0]!.body as { messages: Array<{ role: string; content: unknown }> }).messages;
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    expect(messages[0]!.content).toEqual([{ type: 'text', text: 'Read report.pdf.' }, { type: 'text', text: 'Side notes.' }]);
    expect(messages[3]!.content).toEqual([{ type: 'file', file: { file_data: `data:application/pdf;base64,${PDF}` } }]);
  });

  it('OpenAI Responses: input_file with the PDF after the function_call_output', async () => {
    const { response } = await send('to-responses');
    expect(response.headers.get('x-switchyard-warnings')).toBeNull();
    const input = (upstream.requests[0]!.body as { input: Array<Record<string, unknown>> }).input;
    expect(input.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call_output', 'message']);
    expect(input[0]!.content).toEqual([{ type: 'input_text', text: 'Read report.pdf.' }, { type: 'input_text', text: 'Side notes.' }]);
    expect(input[3]!.content).toEqual([{ type: 'input_file', file_data: `data:application/pdf;base64,${PDF}`, filename: 'document' }]);
  });

  it('Gemini: inlineData application/pdf after the functionResponse', async () => {
    const { response } = await send('to-gemini');
    expect(response.headers.get('x-switchyard-warnings')).toBeNull();
    const contents = (upstream.requests[0]!.body as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> }).contents;
    expect(contents[0]!.parts).toEqual([{ text: 'Read report.pdf.' }, { text: 'Side notes.' }]);
    expect(contents.at(-1)!.parts).toEqual([{ inlineData: { mimeType: 'application/pdf', data: PDF } }]);
    expect(contents.some((content) => content.parts.some((part) => part.functionResponse !== undefined))).toBe(true);
  });

  it('Ollama: the text document as text; the PDF it cannot read is a warning, not a silent drop', async () => {
    const { response } = await send('to-ollama');
    expect(response.headers.get('x-switchyard-warnings')).toContain('Ollama reads no application/pdf; the document was left out');
    const messages = (upstream.requests[0]!.body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(messages[0]).toEqual({ role: 'user', content: 'Read report.pdf.\n\nSide notes.' });
  });
});
