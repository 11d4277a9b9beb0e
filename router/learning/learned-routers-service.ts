import { loadModelCatalog } from '../catalog/load-model-catalog.ts';
import { resolveModelProfile } from '../catalog/resolve-model-profile.ts';
import type { CompiledConfig } from '../config/compiled-config.ts';
import type { GovernanceAlert } from '../governance/governance-alert.ts';
import type { Registry } from 'prom-client';
import { learnedDirectory } from './learned-model-files.ts';
import { LearnedRouterMetrics } from './learned-router-metrics.ts';
import { LearnedRouters, type LearnedRoutersLog } from './learned-routers.ts';
import { RollbackMonitor } from './rollback-monitor.ts';
import { pairGainScorer } from '././training/train-current-router.ts';

export interface LearnedRoutersService {
  readonly routers: LearnedRouters;
  readonly rollback: RollbackMonitor;
  readonly metrics: LearnedRouterMetrics;
  close(): void;
}

/**
 * The gateway's learned routers: loaded from `learned/` beside the state file at start, reloaded
 * whenever active.json changes (and on every config reload), with their metrics; and the rollback
 * monitor that fresh labels are fed to, which alerts through the gateway's alert sender.
 */
export async function startLearnedRouters(
  config: Pick<CompiledConfig, 'file' | 'store'>,
  options: {
    log: LearnedRoutersLog & { warn(details: object, message: string): void };
    registry: Registry | undefined;
    /** The deployments as the running config has them (abilities for the current router's gain). */
    deployments: () => CompiledConfig['deployments'];
    alert: (alert: GovernanceAlert) => void;
    watch: boolean;
  },
): Promise<LearnedRoutersService> {
  const metrics = new LearnedRouterMetrics(options.registry);
  const routers = new LearnedRouters(learnedDirectory(config), { log: options.log, onChange: (status) => {
      metrics.active(status);
      metrics.reload('swapped');
    }, onFailure: () => metrics.reload('failed') });
  await routers.load();
  const stopWatching = options.watch ? routers.watch() : () => undefined;
  const catalog = loadModelCatalog();
  const rollback = new RollbackMonitor({
    routers,
    currentScore: (strong, weak) => {
      const profile = (name: string) => {
        const deployment = options.deployments().get(name);
        return deployment === undefined ? undefined : resolveModelProfile(deployment, catalog);
      };
      return pairGainScorer(profile(strong), profile(weak), catalog.slope).score;
    },
    log: options.log,
    onRollbackMetric: (pair) => metrics.rollback(pair),
    alert: (event) =>
      options.alert({ type: 'learned_router_rollback', strong: event.strongModel, weak: event.weakModel, version: event.directory, learned_apgr: event.learnedApgr, current_apgr: event.currentApgr, labels: event.rows }),
  });
  return { routers, rollback, metrics, close: stopWatching };
}
