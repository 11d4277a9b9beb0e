import type { RawConfig } from '../config/config-schema.ts';
import { ruleName } from '../routing/strategies/rules-strategy.ts';
import { compileDetector, type DetectorIssue } from './compile-detector.ts';
import { ruleKey, type CompiledGuardrail, type CompiledGuardrails, type GuardrailAction } from './compiled-guardrail.ts';
import type { RawGuardrail, RawToolPolicy } from './guardrail-schema.ts';
import { compileNameAllowList } from '../governance/compile-name-allow-list.ts';
import type { CompiledToolPolicy, CompressPolicy } from './compiled-guardrail.ts';

export type GuardrailIssue = { path: Array<string | number>; message: string };

const OPENAI_TYPES = new Set(['openai', 'openai-compatible']);

function compileAction(raw: RawGuardrail): GuardrailAction {
  if (typeof raw.action === 'object') return { kind: 'route', target: raw.action.route_to };
  if (raw.action === 'block') return { kind: 'block', status: raw.status ?? 400 };
  if (raw.action === 'redact') return { kind: 'redact', restore: raw.restore };
  return { kind: 'warn' };
}

/** Checks one guardrail's combination of detector, action and stage; each problem names its field. */
function checkGuardrail(raw: RawGuardrail, config: RawConfig, issue: (path: Array<string | number>, message: string) => void): void {
  const action = typeof raw.action === 'object' ? 'route_to' : raw.action;
  const detector = raw.detector.type;
  const spans = detector !== 'size' && detector !== 'external';
  if (action === 'redact' && !spans) issue(['action'], `redact needs a detector that finds text (pii, secrets, keywords, regex, injection); a ${detector} check can block, warn or route_to`);
  if (action === 'route_to' && raw.stage !== 'input') issue(['stage'], `route_to chooses where the request goes, so it runs on the input only (stage is ${raw.stage})`);
  if (typeof raw.action === 'object' && !(raw.action.route_to in config.routers) && !(raw.action.route_to in config.models)) {
    issue(['action', 'route_to'], `unknown router or model '${raw.action.route_to}' (known: ${[...Object.keys(config.routers), ...Object.keys(config.models)].join(', ')})`);
  }
  if (raw.restore && action !== 'redact') issue(['restore'], 'restore applies to action redact');
  if (raw.restore && raw.stage !== 'input') issue(['restore'], `restore puts the input's originals back into the answer: it needs stage input (stage is ${raw.stage})`);
  if (raw.status !== undefined && action !== 'block') issue(['status'], 'status applies to action block');
  if (detector === 'size' && raw.stage !== 'input') issue(['stage'], `size limits apply to the input only (stage is ${raw.stage})`);
  if (raw.detector.type === 'external') {
    const model = config.models[raw.detector.model];
    if (model === undefined) issue(['detector', 'model'], `unknown model '${raw.detector.model}' (known: ${Object.keys(config.models).join(', ') || 'none'})`);
    else if (model.kind === 'embedding') {
      issue(['detector', 'model'], `model '${raw.detector.model}' is an embedding model (kind: embedding): an external ${raw.detector.kind} check calls ${raw.detector.kind === 'moderation' ? 'POST /moderations' : 'it as a chat classifier'}, which it cannot serve; name a ${raw.detector.kind === 'moderation' ? 'moderation' : 'chat'} model`);
    } else if (raw.detector.kind === 'moderation' && !OPENAI_TYPES.has(config.providers[model.provider]?.type ?? '')) {
      issue(['detector', 'model'], `a moderation check calls POST /moderations: model '${raw.detector.model}' needs an openai or openai-compatible provider ('${model.provider}' is ${config.providers[model.provider]?.type ?? 'unknown'})`);
    }
    if (raw.detector.categories !== undefined && raw.detector.kind !== 'moderation') issue(['detector', 'categories'], 'categories apply to kind moderation');
  }
}

/**
 * `guardrails:` and every attachment (global, projects, routers, rules) → compiled guardrails:
 * detectors built once, names resolved, combinations that cannot work rejected with the path.
 * Problems are collected, not thrown, so the config reports all at once.
 */
export function compileGuardrails(config: RawConfig, issues: GuardrailIssue[]): CompiledGuardrails {
  const checks = new Map<string, CompiledGuardrail>();
  for (const [name, raw] of Object.entries(config.guardrails.checks)) {
    const at = (path: Array<string | number>, message: string) => issues.push({ path: ['guardrails', 'checks', name, ...path], message });
    const before = issues.length;
    checkGuardrail(raw, config, at);
    const detectorIssues: DetectorIssue[] = [];
    const detector = compileDetector(raw.detector, detectorIssues);
    for (const problem of detectorIssues) at(['detector', ...problem.path], problem.message);
    if (detector === undefined || issues.length > before) continue;
    checks.set(name, Object.freeze({ name, detector, action: compileAction(raw), input: raw.stage !== 'output', output: raw.stage !== 'input' }));
  }
  const known = Object.keys(config.guardrails.checks);
  const resolve = (names: readonly string[] | undefined, path: Array<string | number>, where: 'global' | 'project' | 'router' | 'rule'): readonly CompiledGuardrail[] => {
    const resolved: CompiledGuardrail[] = [];
    for (const [index, name] of (names ?? []).entries()) {
      const check = checks.get(name);
      if (!(name in config.guardrails.checks)) issues.push({ path: [...path, index], message: `unknown guardrail '${name}' (known: ${known.join(', ') || 'none'})` });
      else if (check !== undefined && check.action.kind === 'route' && where === 'rule') {
        issues.push({ path: [...path, index], message: `guardrail '${name}' routes (route_to), which happens before routing: attach it globally, to a project or to a router (a rule picks its target with use:)` });
      } else if (check !== undefined && !resolved.includes(check)) resolved.push(check);
    }
    return Object.freeze(resolved);
  };
  const projects = new Map<string, readonly CompiledGuardrail[]>();
  for (const [name, project] of Object.entries(config.projects)) {
    if (project.guardrails !== undefined) projects.set(name, resolve(project.guardrails, ['projects', name, 'guardrails'], 'project'));
  }
  const routers = new Map<string, readonly CompiledGuardrail[]>();
  const rules = new Map<string, readonly CompiledGuardrail[]>();
  for (const [name, router] of Object.entries(config.routers)) {
    if (router.guardrails !== undefined) routers.set(name, resolve(router.guardrails, ['routers', name, 'guardrails'], 'router'));
    if (router.strategy !== 'rules') continue;
    for (const [index, rule] of router.rules.entries()) {
      if (rule.guardrails !== undefined) rules.set(ruleKey(name, ruleName(rule, index)), resolve(rule.guardrails, ['routers', name, 'rules', index, 'guardrails'], 'rule'));
    }
  }
  const tools = { routers: new Map<string, CompiledToolPolicy>(), projects: new Map<string, CompiledToolPolicy>() };
  for (const [name, router] of Object.entries(config.routers)) if (router.tools !== undefined) tools.routers.set(name, compileToolPolicy(`router '${name}'`, router.tools));
  for (const [name, project] of Object.entries(config.projects)) {
    if (project.tools === undefined) continue;
    if (project.tools.strip_tools_when_unsupported) issues.push({ path: ['projects', name, 'tools', 'strip_tools_when_unsupported'], message: 'strip_tools_when_unsupported applies to routers (where targets are chosen), not projects' });
    tools.projects.set(name, compileToolPolicy(`project '${name}'`, project.tools));
  }
  const compress = new Map<string, CompressPolicy>();
  for (const [name, router] of Object.entries(config.routers)) {
    const raw = router.compress;
    if (raw === undefined) continue;
    if (raw.summarize_with !== undefined && !(raw.summarize_with in config.models)) {
      issues.push({ path: ['routers', name, 'compress', 'summarize_with'], message: `unknown model '${raw.summarize_with}' (known: ${Object.keys(config.models).join(', ')})` });
    } else if (raw.summarize_with !== undefined && config.models[raw.summarize_with]?.kind === 'embedding') {
      issues.push({ path: ['routers', name, 'compress', 'summarize_with'], message: `model '${raw.summarize_with}' is an embedding model (kind: embedding): summarising is a chat call it cannot take; name a chat model` });
    }
    compress.set(name, Object.freeze({ keepLastMessages: raw.keep_last_messages, toolResultMaxChars: raw.tool_result_max_chars, budgetTokens: raw.budget_tokens, targetRatio: raw.target_ratio, summarizeWith: raw.summarize_with, summarizeTimeoutMs: raw.summarize_timeout_ms }));
  }
  return Object.freeze({ checks, global: resolve(config.guardrails.global, ['guardrails', 'global'], 'global'), projects, routers, rules, tools, compress });
}

function compileToolPolicy(scope: string, raw: RawToolPolicy): CompiledToolPolicy {
  const allow = raw.allow === undefined ? undefined : compileNameAllowList(raw.allow);
  const deny = raw.deny === undefined ? undefined : compileNameAllowList(raw.deny);
  return Object.freeze({
    scope,
    passes: (name: string) => (allow === undefined || allow.allows(name)) && !(deny?.allows(name) ?? false),
    maxTools: raw.max_tools,
    stripWhenUnsupported: raw.strip_tools_when_unsupported,
  });
}
