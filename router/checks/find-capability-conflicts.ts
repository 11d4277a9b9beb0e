import type { RawConfig } from '../config/config-schema.ts';
import type { ConfigLocator } from '../config/create-config-locator.ts';
import { formatPath } from '../config/config-error.ts';
import { targetName } from '../config/referenced-targets.ts';
import { compileCondition } from '../rules/compile-condition.ts';
import type { ConditionNode } from '../rules/condition-ast.ts';
import { implies } from '../rules/find-shadowed-rules.ts';
import { compileRuleCondition, ruleName } from '../routing/strategies/rules-strategy.ts';
import type { Capability } from '../signals/request-needs.ts';
import type { ConfigFinding } from './config-finding.ts';
import { reachableDeployments } from './reachable-deployments.ts';

/** Must match compile-config's defaults for a model that declares no capabilities. */
const DEFAULT_CAPABILITIES: Readonly<Record<Capability, boolean>> = { streaming: true, tools: true, vision: false, json: true };

/** A rule whose condition implies this signal only sends requests that need this capability. */
const NEEDS: ReadonlyArray<{ signal: ConditionNode; capability: Capability; label: string }> = [
  { signal: compileCondition('has_tools').ast, capability: 'tools', label: 'tools' },
  { signal: compileCondition('has_images').ast, capability: 'vision', label: 'vision' },
  { signal: compileCondition('has_schema').ast, capability: 'json', label: 'json' },
  { signal: compileCondition('streaming').ast, capability: 'streaming', label: 'streaming' },
];

/**
 * A rule that only matches requests needing a capability (`has_tools and …`) but whose target can
 * reach a model without it: a warning when some reachable models lack it (the executor skips
 * them), an error when none has it (every such request would be refused).
 */
export function findCapabilityConflicts(raw: RawConfig, file: string, locate: ConfigLocator): ConfigFinding[] {
  const findings: ConfigFinding[] = [];
  for (const [routerName, router] of Object.entries(raw.routers)) {
    if (router.strategy !== 'rules') continue;
    router.rules.forEach((rule, index) => {
      const condition = compileRuleCondition(rule.if, index);
      for (const need of NEEDS) {
        if (!implies(condition.ast, need.signal)) continue;
        const reached = reachableDeployments(raw, targetName(rule.use), need.capability);
        const lacking = reached.filter(({ name, deniedOnTheWay }) => deniedOnTheWay || !(raw.models[name]!.capabilities?.[need.capability] ?? DEFAULT_CAPABILITIES[need.capability]));
        if (lacking.length === 0) continue;
        const path = ['routers', routerName, 'rules', index, 'use'];
        const position = locate(path);
        const names = lacking.map(({ name }) => `'${name}'`).join(', ');
        const all = lacking.length === reached.length;
        findings.push({
          file,
          line: position?.line,
          column: position?.column,
          path: formatPath(path),
          severity: all ? 'error' : 'warning',
          message: all
            ? `rule '${ruleName(rule, index)}' only matches requests that need ${need.label}, but no model it can reach has ${need.label} (${names}): every such request would be refused`
            : `rule '${ruleName(rule, index)}' only matches requests that need ${need.label}, but it can reach ${names} without ${need.label} (skipped for these requests)`,
        });
      }
    });
  }
  return findings;
}
