import type { SpanDetector } from './compiled-guardrail.ts';
import { compileKeywordDetector } from './compile-keyword-detector.ts';
import { mergeMatches } from './find-secret-matches.ts';
import type { TextMatch } from './text-match.ts';

/**
 * A heuristic, not a classifier: phrasings that prompt-injection and jailbreak attempts use
 * ("ignore all previous instructions", "reveal your system prompt", "you are now DAN"…). Each
 * is compiled once, case-insensitive, with bounded gaps so it stays linear. Its false-positive
 * and detection rates on our labelled set are in README ("Guardrails"); an attacker who knows the
 * list can word around it, so pair it with an external classifier where it matters.
 */
const BUILTIN: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|overrides?|skip|bypass)\b[\w\s,'"-]{0,40}?\b(?:previous|prior|above|earlier|preceding|foregoing|initial|original|system|all|any|your)\b[\w\s,'"-]{0,30}?\b(?:instructions?|prompts?|rules|directions|directives|guidelines|guardrails|constraints|programming|context)\b/gi,
  /\b(?:reveal|print|show|output|repeat|display|leak|dump|tell me|give me|what (?:is|are|was|were))\b[\w\s,'"-]{0,30}?\byour\s+(?:(?:full|entire|exact|original|initial|hidden|secret|internal)\s+){0,3}(?:system\s+(?:prompt|message|instructions?)|(?:hidden|initial|secret|original)\s+(?:instructions?|prompt))\b/gi,
  /\byou\s+are\s+(?:now\s+)?(?:DAN|STAN|AIM|jailbroken|unfiltered|uncensored|unrestricted|free\s+of\s+(?:all\s+)?(?:rules|restrictions))\b/gi,
  /\b(?:do\s+anything\s+now|developer\s+mode\s+(?:enabled|activated)|jailbreak\s+mode|jailbroken|god\s+mode\s+enabled)\b/gi,
  /\b(?:reveal|print|show|output|repeat|display|leak|dump|tell\s+me|give\s+me)\b[\w\s,'"-]{0,40}?\b(?:prompt|instructions?)\s+you\s+(?:were|have\s+been)\s+(?:given|configured|told|provided)(?:\s+with)?\b|\b(?:reveal|print|show|leak|dump|give\s+me)\b[\w\s,'"-]{0,40}?\binstructions?\s+you\s+received\b/gi,
  /\bforget\s+(?:everything|all)\s+(?:you\s+(?:were|have\s+been)\s+(?:told|given)|above|before)\b/gi,
  /\b(?:pretend|imagine|act\s+as\s+if|roleplay\s+as\s+if|from\s+now\s+on)\b[\w\s,'"-]{0,50}?\b(?:no|without|free\s+of|not\s+bound\s+by|zero)\s+(?:any\s+)?(?:restrictions|rules|filters|limits|guidelines|censorship|ethical\s+(?:guidelines|constraints))\b/gi,
  /\b(?:new|updated|real|actual)\s+(?:system\s+)?instructions\s*:/gi,
  /(?:<\/?\s*system\s*>|\[\s*\/?\s*system\s*\]|<\|im_start\|>\s*system|###\s*system\s*(?:override|prompt)\b)/gi,
  /\bsystem\s+(?:override|prompt\s+override|administrator\s+override)\s*:/gi,
];

export function compileInjectionDetector(options: { builtin: boolean; extraPhrases: readonly string[]; deniedTopics: readonly string[] }): SpanDetector {
  const phrases = [...options.extraPhrases, ...options.deniedTopics];
  const keywords = phrases.length > 0 ? compileKeywordDetector(phrases, false, 'INJECTION', 'injection') : undefined;
  const builtin = options.builtin ? BUILTIN : [];
  return {
    kind: 'spans',
    type: 'injection',
    window: Math.max(160, keywords?.window ?? 0),
    find(text: string): TextMatch[] {
      const matches: TextMatch[] = keywords?.find(text) ?? [];
      for (const pattern of builtin) {
        pattern.lastIndex = 0;
        for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) matches.push({ start: match.index, end: match.index + match[0].length, label: 'INJECTION' });
      }
      return mergeMatches(matches);
    },
  };
}
