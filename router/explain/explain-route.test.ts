import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../config/load-config.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { explainInputFrom, explainRequestFrom, explainRoute } from './explain-route.ts';

const config = loadConfigText(`
providers: { fake: { type: openai, api_key: k } }
models:
  te-small: { provider: fake, model: te-small, kind: embedding }
  te-large: { provider: fake, model: te-large, kind: embedding }
  chat:     { provider: fake, model: c }
routers:
  embed: { strategy: failover, targets: [te-small, te-large] }
  sized:
    strategy: rules
    rules:
      - { name: long, if: "input_tokens > 50", use: te-large }
    default: te-small
  talk: { strategy: single, target: chat }
`, 'explain.yaml', {});

describe('explain an embeddings request', () => {
  it('an embeddings body ({ input }) is explained as embeddings: the plan over embedding models, rules on its input tokens', async () => {
    const short = explainInputFrom({ body: { input: 'one short text' } }, 'sized');
    expect(short.embedding).toBe(true);
    const explained = await explainRoute(config, 'sized', short.request, { embedding: true });
    expect(explained).toMatchObject({ request: 'embeddings', firstDeployment: 'te-small', rule: undefined });
    const long = explainInputFrom({ body: { input: ['x'.repeat(400), 'y'.repeat(400)] } }, 'sized');
    expect(await explainRoute(config, 'sized', long.request, { embedding: true })).toMatchObject({ request: 'embeddings', firstDeployment: 'te-large', rule: 'long' });
    // A token-array input counts its tokens exactly.
    const tokens = explainInputFrom({ body: { input: Array.from({ length: 60 }, (_, index) => index) } }, 'sized');
    expect(await explainRoute(config, 'sized', tokens.request, { embedding: true, inputTokens: tokens.inputTokens! })).toMatchObject({ firstDeployment: 'te-large' });
    expect(await explainRoute(config, 'embed', explainInputFrom({ prompt: 'p', embeddings: true }, 'embed').request, { embedding: true })).toMatchObject({ request: 'embeddings', targets: ['te-small', 'te-large'] });
  });

  it('says clearly when the kinds do not meet: embeddings to a chat router, a chat prompt to an embeddings router', async () => {
    const asEmbedding = explainInputFrom({ body: { input: 'text' } }, 'talk');
    await expect(explainRoute(config, 'talk', asEmbedding.request, { embedding: true })).rejects.toThrow("router 'talk' serves chat models ('chat' is not an embedding model): an embeddings request to it is refused with 400 unsupported_feature; explain a router of kind: embedding models");
    const chat = explainInputFrom({ prompt: 'hello' }, 'embed');
    expect(chat.embedding).toBe(false);
    await expect(explainRoute(config, 'embed', chat.request)).rejects.toThrow(/router 'embed' serves embedding models \('te-small' is one\): a chat request to it is refused/);
  });

  it('bad embeddings input is the same 400 as on /v1/embeddings', () => {
    expect(() => explainInputFrom({ body: { input: '' } }, 'embed')).toThrow('input must not be an empty string');
  });
});

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
