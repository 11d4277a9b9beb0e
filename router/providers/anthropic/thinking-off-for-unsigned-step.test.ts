import { describe, expect, it } from 'vitest';
import { thinkingOffForUnsignedStep } from './thinking-off-for-unsigned-step.ts';

const loop = (stepContent: unknown[]) => ({
  model: 'm',
  thinking: { type: 'enabled', budget_tokens: 2048 },
  messages: [
    { role: 'user', content: 'q' },
    { role: 'assistant', content: stepContent },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'x', content: 'ok' }] },
  ],
});

describe('thinkingOffForUnsignedStep', () => {
  it("turns thinking off when the continued tool step has no thinking and another provider made its calls", () => {
    const warnings: string[] = [];
    const body = loop([{ type: 'tool_use', id: 'call_gemini_0', name: 'f', input: {} }]);
    const edited = thinkingOffForUnsignedStep(body, warnings, true);
    expect(edited.thinking).toBeUndefined();
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(warnings).toEqual([expect.stringContaining('thinking was turned off for this call')]);
  });

  it("leaves a carried body alone when Anthropic made the calls (its own judgement), or the step starts with thinking", () => {
    const warnings: string[] = [];
    const own = loop([{ type: 'tool_use', id: 'toolu_01', name: 'f', input: {} }]);
    expect(thinkingOffForUnsignedStep(own, warnings, true)).toBe(own);
    const signed = loop([{ type: 'thinking', thinking: 't', signature: 's' }, { type: 'tool_use', id: 'call_1', name: 'f', input: {} }]);
    expect(thinkingOffForUnsignedStep(signed, warnings, true)).toBe(signed);
    expect(warnings).toEqual([]);
  });

  it('a translated body: any unsigned continued step counts (a Chat client cannot send signatures back); no tool result pending: untouched', () => {
    const warnings: string[] = [];
    expect(thinkingOffForUnsignedStep(loop([{ type: 'tool_use', id: 'toolu_01', name: 'f', input: {} }]), warnings, false).thinking).toBeUndefined();
    const fresh = { ...loop([{ type: 'tool_use', id: 'call_1', name: 'f', input: {} }]), messages: [{ role: 'user', content: 'hi' }] };
    expect(thinkingOffForUnsignedStep(fresh, warnings, false)).toBe(fresh);
  });
});
