import type { RawConfig } from '../config/config-schema.ts';
import type { ConfigLocator } from '../config/create-config-locator.ts';
import { formatPath } from '../config/config-error.ts';
import { TRUE_NODE } from '../rules/condition-ast.ts';
import { findShadowedRules, implies } from '../rules/find-shadowed-rules.ts';
import { compileRuleCondition, ruleName } from '../routing/strategies/rules-strategy.ts';
import type { ConfigFinding } from './config-finding.ts';

/** Rules that can never match because an earlier rule matches whenever they do; a `default` no request reaches. */
export function findShadowedRuleFindings(raw: RawConfig, file: string, locate: ConfigLocator): ConfigFinding[] {
  const findings: ConfigFinding[] = [];
  for (const [routerName, router] of Object.entries(raw.routers)) {
    if (router.strategy !== 'rules') continue;
    const conditions = router.rules.map((rule, index) => compileRuleCondition(rule.if, index));
    const at = (path: Array<string | number>) => {
      const position = locate(['routers', routerName, ...path]);
      return { file, line: position?.line, column: position?.column, path: formatPath(['routers', routerName, ...path]) };
    };
    for (const { index, shadowedBy } of findShadowedRules(conditions)) {
      findings.push({
        ...at(['rules', index]),
        severity: 'warning',
        message: `rule '${ruleName(router.rules[index]!, index)}' can never match: the earlier rule '${ruleName(router.rules[shadowedBy]!, shadowedBy)}' matches whenever it does (first match wins)`,
      });
    }
    const catchAll = conditions.findIndex((condition) => implies(TRUE_NODE, condition.ast));
    if (catchAll !== -1) {
      findings.push({ ...at(['default']), severity: 'warning', message: `default is never used: rule '${ruleName(router.rules[catchAll]!, catchAll)}' matches every request` });
    }
  }
  return findings;
}
