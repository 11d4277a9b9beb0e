import type { PostgresConnection, PreparedStatement } from './postgres-connection.ts';

/** The first replica to insert a claim sends its alert; the others find the row and stay quiet. */
export const ALERT_CLAIM: PreparedStatement = {
  name: 'switchyard_alert_claim',
  text: 'INSERT INTO alert_claims (claim, replica) VALUES ($1, $2) ON CONFLICT DO NOTHING',
};

/** A claim matters within its month (budgets) or the days before a key expires: a quarter is ample. */
export const PRUNE_ALERT_CLAIMS: PreparedStatement = {
  name: 'switchyard_alert_claims_prune',
  text: "DELETE FROM alert_claims WHERE claimed_at < now() - interval '100 days'",
};

/**
 * True for exactly one replica per claim (`alert_claims`' primary key), so an alert is sent once
 * across replicas. Without the database it claims locally: the alert may then repeat once per
 * replica rather than be lost.
 */
export async function claimPostgresAlert(connection: PostgresConnection, claim: string): Promise<boolean> {
  if (!connection.available) return true;
  try {
    const result = await connection.query(ALERT_CLAIM, [claim, connection.replica]);
    return result.rowCount === 1;
  } catch {
    return true;
  }
}
