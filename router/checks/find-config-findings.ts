import type { RawConfig } from '../config/config-schema.ts';
import type { ConfigLocator } from '../config/create-config-locator.ts';
import type { ConfigFinding } from './config-finding.ts';
import { findCapabilityConflicts } from './find-capability-conflicts.ts';
import { findShadowedRuleFindings } from './find-shadowed-rule-findings.ts';
import { findSmartCandidateFindings } from './find-smart-candidate-findings.ts';

/**
 * The static checks of `switchyard check`, run on a config that already loaded (so references,
 * signals, conditions and tiers are known to be valid): shadowed rules, an unreachable default,
 * capability conflicts, smart candidates with no known price. In file order.
 */
export function findConfigFindings(raw: RawConfig, file: string, locate: ConfigLocator): ConfigFinding[] {
  return [...findShadowedRuleFindings(raw, file, locate), ...findCapabilityConflicts(raw, file, locate), ...findSmartCandidateFindings(raw, file, locate)].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
