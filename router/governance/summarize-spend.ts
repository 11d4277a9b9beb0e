import type { AuditRecord } from '../audit/audit-record.ts';

export const SPEND_DIMENSIONS = ['project', 'key', 'user', 'model', 'router'] as const;
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];

export type SpendGroup = Partial<Record<SpendDimension, string | null>> & {
  /** With `key`: the key's name. */
  key_name?: string | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
};

export type SpendSummary = { group_by: SpendDimension[]; groups: SpendGroup[]; total: Omit<SpendGroup, SpendDimension | 'key_name'> };

function valueOf(record: AuditRecord, dimension: SpendDimension): string | null {
  switch (dimension) {
    case 'project':
      return record.project ?? null;
    case 'key':
      return record.keyId ?? null;
    case 'user':
      return record.user ?? null;
    case 'model':
      return record.deployment ?? null;
    case 'router':
      return record.router ?? null;
  }
}

/**
 * Audit rows → requests, tokens and USD per group (every combination of the `group_by`
 * dimensions that occurs), costliest first, and the total. Pure: the caller chooses the rows.
 */
export function summarizeSpend(records: Iterable<AuditRecord>, groupBy: readonly SpendDimension[]): SpendSummary {
  const groups = new Map<string, SpendGroup>();
  const total = { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
  for (const record of records) {
    const values = groupBy.map((dimension) => valueOf(record, dimension));
    const id = JSON.stringify(values);
    let group = groups.get(id);
    if (group === undefined) {
      group = { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
      groupBy.forEach((dimension, index) => (group![dimension] = values[index]));
      if (groupBy.includes('key')) group.key_name = record.caller ?? null;
      groups.set(id, group);
    }
    for (const sum of [group, total]) {
      sum.requests++;
      sum.input_tokens += record.inputTokens ?? 0;
      sum.output_tokens += record.outputTokens ?? 0;
      sum.cost_usd += record.costUsd ?? 0;
    }
  }
  return { group_by: [...groupBy], groups: [...groups.values()].sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests), total };
}
