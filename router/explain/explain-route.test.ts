import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { explainRequestFrom } from './explain-route.ts';

describe('explainRequestFrom: a body is checked against the Chat Completions schema', () => {
  it('reads a valid body, addressed to the router, unknown fields carried', () => {
    const request = explainRequestFrom({ body: { model: 'ignored', messages: [{ role: 'user', content: 'hi' }], service_tier: 'flex' } }, 'smart');
    expect(request.requestedModel).toBe('smart');
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    expect(request.providerOptions).toEqual({ openai: { service_tier: 'flex' } });
  });

  it('refuses a wrong type with the field path, instead of failing inside the parser', () => {
    const attempt = () => explainRequestFrom({ body: { messages: [{ role: 'user', content: 'x' }, { role: 7 }] } }, 'smart');
    expect(attempt).toThrow(InvalidRequestError);
    expect(attempt).toThrow(/^messages\[1\]\.role: /);
    expect(() => explainRequestFrom({ body: { messages: [{ role: 'user', content: 'x' }], temperature: 'hot' } }, 'smart')).toThrow(/^temperature: /);
  });
});
