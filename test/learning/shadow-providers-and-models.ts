import type { FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import type { FakeJudge } from './fake-judge-upstream.ts';

/**
 * The `providers:` and `models:` sections the shadow tests route over: a priced strong and weak
 * model on the fake upstream (quality 95 and 20, so the judge has a gap to find), and the judge on
 * the fake judge. A test's config adds its store, defaults and routers around it.
 */
export function shadowProvidersAndModels(upstream: FakeUpstream, judge: FakeJudge): string {
  return `providers:
  upstream: { type: openai-compatible, base_url: "${upstream.url}/v1" }
  judging:  { type: openai-compatible, base_url: "${judge.url}/v1" }
models:
  strong: { provider: upstream, model: strong-model, quality: 95, price: { input: 10, output: 30 } }
  weak:   { provider: upstream, model: weak-model, quality: 20, price: { input: 0.1, output: 0.2 } }
  judge:  { provider: judging, model: judge-model, price: { input: 1, output: 2 } }`;
}
