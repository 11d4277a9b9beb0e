import type { WindowStats } from './call-window.ts';

/** `health:` of the config: when a deployment is far worse than its peers in a plan. */
export type DemotionSettings = {
  windowMs: number;
  /** Calls in the window before a deployment is judged (fewer: it is left where it is). */
  minCalls: number;
  /** Demoted at this error rate or more … */
  errorRate: number;
  /** … when it is also this much above its best peer's (so peers failing alike keep their order). */
  errorMargin: number;
  /** Demoted when its mean latency is this many times its fastest peer's. */
  latencyFactor: number;
};

const percent = (rate: number) => `${Math.round(rate * 100)} %`;

/**
 * Why a deployment should be tried after its peers of the same plan, or undefined. Peers with
 * fewer than `minCalls` calls count as healthy for the error rate (nothing says otherwise) and are
 * left out of the latency comparison (no mean to compare with).
 */
export function judgeDemotion(own: WindowStats, peers: readonly WindowStats[], settings: DemotionSettings): string | undefined {
  if (own.calls < settings.minCalls || peers.length === 0) return undefined;
  const seconds = Math.round(settings.windowMs / 1000);
  const judged = peers.filter((peer) => peer.calls >= settings.minCalls);
  const bestPeerRate = Math.min(...peers.map((peer) => (peer.calls >= settings.minCalls ? peer.errorRate : 0)));
  if (own.errorRate >= settings.errorRate && own.errorRate >= bestPeerRate + settings.errorMargin) {
    return `error rate ${percent(own.errorRate)} over the last ${seconds} s (${own.failures} of ${own.calls} calls; best peer ${percent(bestPeerRate)})`;
  }
  const peerLatencies = judged.map((peer) => peer.meanLatencyMs).filter((latency): latency is number => latency !== undefined);
  if (own.meanLatencyMs !== undefined && peerLatencies.length > 0) {
    const fastest = Math.min(...peerLatencies);
    if (fastest > 0 && own.meanLatencyMs >= settings.latencyFactor * fastest) {
      return `mean latency ${Math.round(own.meanLatencyMs)} ms over the last ${seconds} s, ${(own.meanLatencyMs / fastest).toFixed(1)}× its fastest peer's (${Math.round(fastest)} ms)`;
    }
  }
  return undefined;
}
