/**
 * The Anthropic web-search exchange the search-citation e2e tests share: a gateway with one
 * Anthropic deployment (`sonnet`) on the fake upstream, and an answer that searched once, found one
 * page and cites one sentence of it. The tests assert offsets into that text, so it is fixed here.
 */
import type { FakeOkBehavior } from '../fake-upstream/fake-behavior.ts';

/** Gateway config: `sonnet` = claude-sonnet-4-6 on an anthropic-type provider at the fake upstream. */
export function sonnetOnFakeAnthropicConfig(upstreamUrl: string): string {
  return `
store: { kind: memory }
providers:
  claude: { type: anthropic, base_url: "${upstreamUrl}", api_key: upstream-anthropic-key }
models:
  sonnet: { provider: claude, model: claude-sonnet-4-6 }
`;
}

/** "Herons mostly eat fish.", after a search for "what do herons eat" that found birds.example.org/heron and cites its sentence on diet. */
export const heronSearchAnswer: FakeOkBehavior = {
  kind: 'ok',
  text: 'Herons mostly eat fish.',
  webSearch: { query: 'what do herons eat', results: [{ url: 'https://birds.example.org/heron', title: 'Grey heron — diet' }], citedText: 'The grey heron feeds mainly on fish.' },
};
