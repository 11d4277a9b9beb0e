/** An alert for operators: logged, and POSTed to `alerts.webhook` when one is configured. */
export type GovernanceAlert =
  | { type: 'budget_threshold'; account: 'project' | 'key' | 'provider'; name: string; month: string; threshold: number; spend_usd: number; budget_usd: number }
  | { type: 'key_expiring'; key_id: string; key_name: string; project: string; expires_at: string }
  | { type: 'circuit_open'; deployment: string; last_error: string | null }
  | { type: 'learned_router_rollback'; strong: string; weak: string; version: string; learned_apgr: number; current_apgr: number; labels: number };

/** One line of text for the log. */
export function describeAlert(alert: GovernanceAlert): string {
  switch (alert.type) {
    case 'budget_threshold':
      return `budget alert: ${alert.account} '${alert.name}' reached ${Math.round(alert.threshold * 100)} % of its monthly budget`;
    case 'key_expiring':
      return `key alert: key '${alert.key_name}' (${alert.key_id}) of project '${alert.project}' expires at ${alert.expires_at}`;
    case 'circuit_open':
      return `circuit alert: deployment '${alert.deployment}' circuit opened`;
    case 'learned_router_rollback':
      return `learning alert: the learned router for ${alert.strong} > ${alert.weak} was rolled back (APGR ${alert.learned_apgr.toFixed(3)} vs the current router's ${alert.current_apgr.toFixed(3)} on ${alert.labels} fresh labels)`;
  }
}
