import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, ReasoningPart } from '../../core/chat-request.ts';
import { convertToConverseRequest } from './convert-to-converse-request.ts';

const CLAUDE = 'eu.anthropic.claude-sonnet-4-6-v1:0';

function loop(step: ReasoningPart | undefined, callId: string): ChatRequest {
  const messages: ChatMessage[] = [
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
    { role: 'assistant', content: [...(step === undefined ? [] : [step]), { type: 'tool-call', id: callId, name: 'get_weather', arguments: '{"city":"Paris"}' }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: callId, content: [{ type: 'text', text: 'sunny' }] }] },
  ];
  return { requestedModel: 'r', clientFormat: 'anthropic-messages', stream: false, messages, params: { maxTokens: 8192 }, reasoning: { budgetTokens: 2048 } };
}

describe('convertToConverseRequest: thinking in a tool loop on Claude', () => {
  it("keeps thinking on when the continued step starts with Bedrock's own signed reasoning", () => {
    const { value, warnings } = convertToConverseRequest(loop({ type: 'reasoning', text: 'Paris.', family: 'bedrock', signature: 'bedrock-sig' }, 'tooluse_1'), CLAUDE);
    expect(value.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(value.messages[1]!.content[0]).toEqual({ reasoningContent: { reasoningText: { text: 'Paris.', signature: 'bedrock-sig' } } });
    expect(warnings).toEqual([]);
  });

  it('turns thinking off for a step another provider made (its signature left out), with a warning, so Bedrock does not refuse the call', () => {
    const { value, warnings } = convertToConverseRequest(loop({ type: 'reasoning', text: 'Paris.', family: 'anthropic', signature: 'sig_anthropic' }, 'toolu_1'), CLAUDE);
    expect(value.additionalModelRequestFields).toBeUndefined();
    expect(warnings).toEqual([
      'reasoning from anthropic cannot be replayed to Bedrock: left out',
      expect.stringContaining('thinking was turned off for this call'),
    ]);
  });

  it('a fresh question after the loop keeps thinking on', () => {
    const request = loop(undefined, 'call_1');
    request.messages.push({ role: 'assistant', content: [{ type: 'text', text: 'Sunny.' }] }, { role: 'user', content: [{ type: 'text', text: 'And Lyon?' }] });
    expect(convertToConverseRequest(request, CLAUDE).value.additionalModelRequestFields).toMatchObject({ thinking: { type: 'enabled' } });
  });
});
