import type { AuditRecord } from '../../audit/audit-record.ts';
import type { Caller } from '../../governance/caller.ts';

/**
 * Whether a caller may label a request: always when the gateway needs no key; else the request was
 * made with the same key, or with any key of the caller's project (a team rates its own traffic).
 * A static key outside any project sees only its own requests.
 */
export function mayLabelRequest(caller: Caller | undefined, record: Pick<AuditRecord, 'keyId' | 'project'>): boolean {
  if (caller === undefined) return true;
  if (record.keyId !== undefined && record.keyId === caller.keyId) return true;
  return caller.project !== undefined && record.project === caller.project.name;
}
