import type { CarriedBodyEdit } from '../provider-adapter.ts';

/** Runs the later edits (guardrails) over a carried body, in order; each returns a new body. */
export function applyCarriedEdits(
  body: Record<string, unknown>,
  edits: readonly CarriedBodyEdit[],
  warnings: string[],
): Record<string, unknown> {
  let current = body;
  for (const edit of edits) {
    const edited = edit(current);
    warnings.push(...edited.warnings);
    current = edited.value;
  }
  return current;
}
