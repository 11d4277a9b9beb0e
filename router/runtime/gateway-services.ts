import type { ExecutionEnvironment } from '../execution/execute-plan.ts';
import type { HealthRegistry } from '../state/health-registry.ts';
import type { ScorerClient } from '../scoring/scorer-client.ts';
import type { RuntimeHolder } from './runtime-holder.ts';

/** Long-lived parts shared by every request, built once at start, kept across reloads. */
export type GatewayServices = {
  holder: RuntimeHolder;
  health: HealthRegistry;
  environment: ExecutionEnvironment;
  /** Reloads the config file now; resolves to an error message when the new config is invalid. */
  reload?: () => Promise<{ ok: true; generation: number } | { ok: false; error: string }>;
  newId: () => string;
  scorer?: ScorerClient;
};
