import type { RawRouter } from '../../config/config-schema.ts';
import type { PolicyCompileContext } from '../policy-compile-context.ts';
import type { RoutingPolicy, TargetRef } from '../routing-types.ts';

type LeastLatencyRouter = Extract<RawRouter, { strategy: 'least-latency' }>;

/**
 * Fastest first by the live latency EWMA of each deployment (`context.health.latencyMs`), the
 * rest after it as fallbacks. A target never measured goes first, so it gets measured. With
 * probability `exploration` (drawn from the injected random source) a random other target leads
 * instead: a deployment that was slow, or whose circuit has since closed, keeps its stale EWMA
 * until it is tried again, and this is how it gets tried. Targets that are routers have no
 * latency of their own and keep their configured place after the measured ones.
 */
export function compileLeastLatencyPolicy(router: LeastLatencyRouter, context: PolicyCompileContext): RoutingPolicy {
  const targets = router.targets.map(context.toTarget);
  const exploration = router.exploration;
  const latencyOf = (target: TargetRef, health: { latencyMs(name: string): number | undefined }): number | undefined =>
    target.kind === 'model' ? health.latencyMs(target.name) : undefined;

  return {
    strategy: 'least-latency',
    choose({ health, environment }) {
      const latencies: Record<string, number | null> = {};
      const ranked = targets
        .map((target, index) => {
          const latency = latencyOf(target, health);
          latencies[target.name] = latency ?? null;
          // Unmeasured models first (0), measured by latency, routers last in their order.
          const key = target.kind === 'router' ? Number.POSITIVE_INFINITY : (latency ?? 0);
          const available = target.kind === 'router' || health.isAvailable(target.name);
          return { target, key, index, available };
        })
        .sort((a, b) => Number(b.available) - Number(a.available) || a.key - b.key || a.index - b.index)
        .map((entry) => entry.target);
      let explored: string | undefined;
      if (ranked.length > 1 && exploration > 0 && environment.random() < exploration) {
        const pick = 1 + Math.floor(environment.random() * (ranked.length - 1));
        const [chosen] = ranked.splice(Math.min(pick, ranked.length - 1), 1);
        ranked.unshift(chosen!);
        explored = chosen!.name;
      }
      return { targets: ranked, detail: { latency_ms: latencies, ...(explored === undefined ? {} : { explored }) } };
    },
  };
}
