import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.ts';
import { deepFreeze } from '../../config/deep-freeze.ts';
import { convertToGeminiRequest } from './convert-to-gemini-request.ts';
import { createGeminiError } from './gemini-error.ts';

const weatherParameters = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { city: { type: 'string' }, unit: { type: ['string', 'null'], enum: ['celsius', 'fahrenheit'] } },
  required: ['city'],
  additionalProperties: false,
};

function conversation(): ChatRequest {
  return {
    requestedModel: 'smart',
    clientFormat: 'openai-chat',
    stream: false,
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Paris? See' },
          { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/sky.jpg?size=large' } },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: '18C, sunny' }] }] },
    ],
    params: { temperature: 0.2, topP: 0.9, maxTokens: 256, stop: ['END'], seed: 7 },
    tools: [{ type: 'function', name: 'get_weather', description: 'Weather by city', parameters: weatherParameters }],
    toolChoice: { type: 'tool', name: 'get_weather' },
  };
}

describe('convertToGeminiRequest', () => {
  it('translates a whole conversation and does not touch the (frozen) input', () => {
    const request = deepFreeze(conversation());
    const { value, warnings } = convertToGeminiRequest(request);
    expect(value).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'Weather in Paris? See' },
            { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
            { fileData: { fileUri: 'https://example.com/sky.jpg?size=large', mimeType: 'image/jpeg' } },
          ],
        },
        { role: 'model', parts: [{ text: 'Checking.' }, { functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: '18C, sunny' } } }] },
      ],
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              description: 'Weather by city',
              parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', nullable: true, enum: ['celsius', 'fahrenheit'] } }, required: ['city'] },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      generationConfig: { temperature: 0.2, topP: 0.9, maxOutputTokens: 256, stopSequences: ['END'], seed: 7 },
    });
    expect(warnings).toEqual(["Gemini does not support $.$schema, $.additionalProperties in the parameters of tool 'get_weather'; left out"]);
  });

  it('is idempotent: the same input gives the same output twice (failover replays it)', () => {
    const request = deepFreeze(conversation());
    expect(convertToGeminiRequest(request)).toEqual(convertToGeminiRequest(request));
  });

  it('recovers the tool name of a result from the earlier call, and warns when there is none', () => {
    const request = conversation();
    request.messages.push({ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_unknown', content: [{ type: 'text', text: 'x' }], isError: true }] });
    const { value, warnings } = convertToGeminiRequest(request);
    expect(value.contents.at(-1)).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'call_unknown', response: { error: 'x' } } }] });
    expect(warnings.some((warning) => warning.includes("tool result 'call_unknown' matches no earlier tool call"))).toBe(true);
  });

  it('JSON schema output, tool choice modes and what Gemini cannot honour', () => {
    const request: ChatRequest = {
      ...conversation(),
      params: { stop: ['a', 'b', 'c', 'd', 'e', 'f'], parallelToolCalls: false },
      toolChoice: { type: 'required' },
      responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object', properties: { ok: { const: true } }, additionalProperties: false } },
      user: 'user-1',
    };
    const { value, warnings } = convertToGeminiRequest(request);
    expect(value.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(value.generationConfig).toEqual({
      stopSequences: ['a', 'b', 'c', 'd', 'e'],
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { ok: { enum: [true] } } },
    });
    expect(warnings).toEqual(
      expect.arrayContaining([
        'Gemini accepts at most 5 stop sequences; only the first 5 of 6 were sent',
        "Gemini does not support $.additionalProperties in the response schema 'answer'; left out",
        'parallel_tool_calls is not supported by Gemini and was ignored',
        'user is not supported by Gemini and was ignored',
      ]),
    );
  });

  it('leaves out empty object parameters (Gemini rejects them) and moves late system messages with a warning', () => {
    const request: ChatRequest = {
      requestedModel: 'm',
      clientFormat: 'openai-chat',
      stream: false,
      params: {},
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'system', content: [{ type: 'text', text: 'late rule' }] },
      ],
      tools: [{ type: 'function', name: 'now', parameters: { type: 'object', properties: {} } }],
    };
    const { value, warnings } = convertToGeminiRequest(request);
    expect(value.tools).toEqual([{ functionDeclarations: [{ name: 'now' }] }]);
    expect(value.systemInstruction).toEqual({ parts: [{ text: 'late rule' }] });
    expect(warnings).toEqual(['Gemini has one system instruction; the system message at position 1 was moved into it']);
  });
});

describe('createGeminiError', () => {
  it('reads status, message and the RetryInfo delay', () => {
    const body = JSON.stringify({
      error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '31s' }] },
    });
    const error = createGeminiError(429, body, undefined);
    expect(error.reason).toBe('HTTP 429: RESOURCE_EXHAUSTED: Resource has been exhausted');
    expect(error.retryAfterMs).toBe(31_000);
    expect(error.isRetryable).toBe(true);
  });

  it('never echoes an API key', () => {
    const error = createGeminiError(400, JSON.stringify({ error: { message: 'API key not valid: AIzaSyA1234567890abcdefghijklmnop', status: 'INVALID_ARGUMENT' } }), undefined);
    expect(error.reason).not.toMatch(/AIza/);
  });

  it('sends documents: inline PDFs as inlineData, text documents as text, PDF URLs as fileData; a foreign file id or block is a warning', () => {
    const request: ChatRequest = { requestedModel: 'm', clientFormat: 'anthropic-messages', stream: false, params: {}, messages: [{ role: 'user', content: [
      { type: 'text', text: 'Summarise these.' },
      { type: 'document', source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBERi0xLjQ=' }, title: 'report.pdf' },
      { type: 'document', source: { type: 'text', mediaType: 'text/plain', data: 'Plain notes.' }, title: 'notes' },
      { type: 'document', source: { type: 'url', url: 'https://example.com/paper.PDF?v=2' } },
      { type: 'document', source: { type: 'file', fileId: 'file-abc' } },
      { type: 'provider', family: 'anthropic', kind: 'search_result', value: { type: 'search_result' } },
    ] }] };
    const { value, warnings } = convertToGeminiRequest(request);
    expect(value.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Summarise these.' },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0xLjQ=' } },
          { text: 'notes\n\nPlain notes.' },
          { fileData: { fileUri: 'https://example.com/paper.PDF?v=2', mimeType: 'application/pdf' } },
        ],
      },
    ]);
    expect(warnings).toEqual([
      "document file 'file-abc' belongs to another provider's file store; Gemini cannot read it and it was left out",
      "a anthropic 'search_result' block is not supported by Gemini and was left out",
    ]);
  });
});

describe('thought signatures in history', () => {
  const history = (assistant: ChatRequest['messages'][number]): ChatRequest => ({
    requestedModel: 'gemini-3',
    clientFormat: 'anthropic-messages',
    stream: false,
    params: {},
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and London?' }] },
      assistant,
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: '18C' }] },
          { type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: '12C' }] },
        ],
      },
    ],
  });

  it("a Gemini signature-only reasoning part goes back as the next function call's thoughtSignature; thought summaries are not replayed", () => {
    const { value, warnings } = convertToGeminiRequest(
      history({
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Two cities, two calls.', family: 'gemini' },
          { type: 'reasoning', text: '', family: 'gemini', signature: 'sig-step-1' },
          { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city":"London"}' },
        ],
      }),
    );
    expect(value.contents[1]).toEqual({
      role: 'model',
      parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-step-1' }, { functionCall: { name: 'get_weather', args: { city: 'London' } } }],
    });
    expect(warnings).toEqual([]);
  });

  it("another family's signed reasoning is left out with a warning, and signs nothing", () => {
    const { value, warnings } = convertToGeminiRequest(
      history({
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Let me think.', family: 'anthropic', signature: 'anthropic-sig' },
          { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city":"London"}' },
        ],
      }),
    );
    expect(value.contents[1]!.parts.every((part) => part.thoughtSignature === undefined)).toBe(true);
    expect(warnings).toEqual(['reasoning from anthropic cannot be verified by Gemini and was left out of the history']);
  });

  it("Gemini 3+: a model turn's unsigned first call gets Gemini's documented stand-in, with one warning; real signatures stay; Gemini 2.5 gets none", () => {
    const unsigned = history({
      role: 'assistant',
      content: [
        { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city":"London"}' },
      ],
    });
    const gemini3 = convertToGeminiRequest(unsigned, 'models/gemini-3-flash-preview');
    expect(gemini3.value.contents[1]!.parts.map((part) => part.thoughtSignature)).toEqual(['skip_thought_signature_validator', undefined]);
    expect(gemini3.warnings).toEqual([expect.stringContaining("1 function call in the history had no Gemini thought signature")]);
    expect(unsigned.messages[1]).not.toHaveProperty('content.0.thoughtSignature');
    const gemini25 = convertToGeminiRequest(unsigned, 'gemini-2.5-pro');
    expect(gemini25.value.contents[1]!.parts.every((part) => part.thoughtSignature === undefined)).toBe(true);
    expect(gemini25.warnings).toEqual([]);
    const signed = history({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: '', family: 'gemini', signature: 'sig-step-1' },
        { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
    });
    expect(convertToGeminiRequest(signed, 'gemini-3-pro-preview').value.contents[1]!.parts[0]!.thoughtSignature).toBe('sig-step-1');
  });
});
