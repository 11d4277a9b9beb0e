/** The gateway's audit row of one request (`GET /admin/decisions`), or a thrown error naming the id when there is none. */
export async function findAuditRow<Row extends { requestId: string }>(gatewayUrl: string, requestId: string | null | undefined): Promise<Row> {
  const rows = (await (await fetch(`${gatewayUrl}/admin/decisions?limit=200`)).json()) as { decisions: Row[] };
  const row = rows.decisions.find((decision) => decision.requestId === requestId);
  if (row === undefined) throw new Error(`no audit row for ${requestId}`);
  return row;
}
