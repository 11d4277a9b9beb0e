/**
 * Gemini 3 signs the first function call of each step (`thoughtSignature` on the functionCall
 * part) and refuses the next turn without it. Through the gateway the signature reaches an
 * Anthropic client as a gateway-signed thinking block and a Responses client as a tagged reasoning
 * item, and the next turn puts it back on the function call Gemini gets, streamed or not. Elsewhere
 * (an Anthropic or OpenAI upstream, carried or translated) it is left out with a warning.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const harness = useGatewayOnFakeUpstream(
  (upstreamUrl) => `
store: { kind: memory }
providers:
  google: { type: gemini, base_url: "${upstreamUrl}/v1beta", api_key: upstream-gemini-key }
  claude: { type: anthropic, base_url: "${upstreamUrl}", api_key: upstream-anthropic-key }
  oa: { type: openai, base_url: "${upstreamUrl}/v1", api_key: upstream-openai-key, api: responses }
models:
  pro-3: { provider: google, model: gemini-3-pro-preview }
  sonnet: { provider: claude, model: claude-sonnet-4-6 }
  gpt: { provider: oa, model: gpt-5.4 }
`,
);

const SIGNATURE = 'CiQB0e2Kb7-gemini-signed-step-1';
const signedCall = { kind: 'ok' as const, text: '', toolCall: { name: 'get_weather', arguments: { city: 'Paris' }, thoughtSignature: SIGNATURE } };
const weatherTool = { name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };
const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Paris?' };

type GeminiBody = { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> };
type AnthropicBody = { messages: Array<{ role: string; content: Array<{ type: string }> }> };

/** The model turn of the second Gemini request. */
function replayedModelTurn(): Array<Record<string, unknown>> {
  const body = harness.upstream.requests.at(-1)!.body as GeminiBody;
  const model = body.contents.find((content) => content.role === 'model');
  if (model === undefined) throw new Error('no model turn in the Gemini request');
  return model.parts;
}

async function anthropicTurnOne(): Promise<Anthropic.Message> {
  harness.upstream.enqueue(signedCall);
  return harness.anthropic.messages.create({ model: 'pro-3', max_tokens: 1024, tools: [weatherTool], messages: [question] });
}

function followUp(message: Anthropic.Message): Anthropic.MessageParam[] {
  const call = message.content.find((block) => block.type === 'tool_use')!;
  return [question, { role: 'assistant', content: message.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18C, sunny' }] }];
}

describe('Gemini 3 function-call thought signatures', () => {
  it('Anthropic client: the signature comes back as a thinking block, and the next turn gives it back to Gemini on the function call', async () => {
    const first = await anthropicTurnOne();
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(first.content[0]).toMatchObject({ type: 'thinking', thinking: '', signature: expect.stringMatching(/^switchyard\.v1\./) });
    await harness.anthropic.messages.create({ model: 'pro-3', max_tokens: 1024, tools: [weatherTool], messages: followUp(first) });
    expect(replayedModelTurn()).toEqual([{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: SIGNATURE }]);
  });

  it('Anthropic messages.stream: the streamed signature survives the same way', async () => {
    harness.upstream.enqueue(signedCall);
    const first = await harness.anthropic.messages.stream({ model: 'pro-3', max_tokens: 1024, tools: [weatherTool], messages: [question] }).finalMessage();
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const second = harness.anthropic.messages.stream({ model: 'pro-3', max_tokens: 1024, tools: [weatherTool], messages: followUp(first) });
    await second.finalMessage();
    expect(replayedModelTurn()).toEqual([{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: SIGNATURE }]);
  });

  it('Responses client (streamed): a reasoning item carries it; the next turn gives it back to Gemini', async () => {
    harness.upstream.enqueue(signedCall);
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_weather', parameters: weatherTool.input_schema, strict: false }];
    const first = await harness.openai.responses.stream({ model: 'pro-3', tools, input: 'Weather in Paris?' }).finalResponse();
    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(first.output[0]).toMatchObject({ type: 'reasoning', encrypted_content: expect.stringMatching(/^switchyard\.v1:/) });
    const call = first.output[1] as OpenAI.Responses.ResponseFunctionToolCall;
    await harness.openai.responses.create({
      model: 'pro-3',
      tools,
      input: [{ role: 'user', content: 'Weather in Paris?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: '18C, sunny' }],
    });
    expect(replayedModelTurn()).toEqual([{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: SIGNATURE }]);
  });

  it('elsewhere it is left out with a warning: an Anthropic upstream (carried body), an OpenAI upstream (translated)', async () => {
    const history = followUp(await anthropicTurnOne());

    const carried = await harness.anthropic.messages.create({ model: 'sonnet', max_tokens: 1024, tools: [weatherTool], messages: history }).withResponse();
    const sent = harness.upstream.requests.at(-1)!.body as AnthropicBody;
    expect(sent.messages[1]!.content.map((block) => block.type)).toEqual(['tool_use']);
    expect(carried.response.headers.get('x-switchyard-warnings')).toContain('1 thinking block from another provider (gateway-signed) cannot be verified by Anthropic');

    const translated = await harness.anthropic.messages.create({ model: 'gpt', max_tokens: 1024, tools: [weatherTool], messages: history }).withResponse();
    expect(JSON.stringify(harness.upstream.requests.at(-1)!.body)).not.toContain(SIGNATURE);
    expect(translated.response.headers.get('x-switchyard-warnings')).toContain('reasoning from gemini cannot be replayed to OpenAI');
  });

  it("a Responses client's tagged item is left out of a body carried to OpenAI, with a warning", async () => {
    harness.upstream.enqueue(signedCall);
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_weather', parameters: weatherTool.input_schema, strict: false }];
    const first = await harness.openai.responses.create({ model: 'pro-3', tools, input: 'Weather in Paris?' });
    const call = first.output.find((item) => item.type === 'function_call')!;
    const { response } = await harness.openai.responses
      .create({ model: 'gpt', tools, input: [{ role: 'user', content: 'Weather in Paris?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: '18C' }] })
      .withResponse();
    const input = (harness.upstream.requests.at(-1)!.body as { input: Array<{ type?: string }> }).input;
    expect(input.map((item) => item.type ?? 'message')).toEqual(['message', 'function_call', 'function_call_output']);
    expect(response.headers.get('x-switchyard-warnings')).toContain('1 reasoning or web search item from another provider cannot be replayed to OpenAI');
  });

  it("a Chat client (no field for signatures): its tool loop on Gemini 3 sends Gemini's documented stand-in on the call, with a warning, instead of a refused request", async () => {
    harness.upstream.enqueue(signedCall);
    const tools: OpenAI.Chat.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', parameters: weatherTool.input_schema } }];
    const first = await harness.openai.chat.completions.create({ model: 'pro-3', tools, messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    const message = first.choices[0]!.message;
    expect(message.tool_calls).toHaveLength(1);
    const { response } = await harness.openai.chat.completions
      .create({ model: 'pro-3', tools, messages: [{ role: 'user', content: 'Weather in Paris?' }, message, { role: 'tool', tool_call_id: message.tool_calls![0]!.id, content: '18C' }] })
      .withResponse();
    expect(replayedModelTurn()).toEqual([{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'skip_thought_signature_validator' }]);
    expect(response.headers.get('x-switchyard-warnings')).toContain('1 function call in the history had no Gemini thought signature');
  });
});
