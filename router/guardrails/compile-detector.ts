import type { ChatRequest } from '../core/chat-request.ts';
import { findRegexError } from '../rules/find-regex-error.ts';
import { findPiiMatches, type PiiType } from '../signals/detect-pii.ts';
import { estimateInputTokens } from '../signals/estimate-input-tokens.ts';
import type { CompiledDetector, SpanDetector } from './compiled-guardrail.ts';
import { compileInjectionDetector } from './compile-injection-detector.ts';
import { compileKeywordDetector } from './compile-keyword-detector.ts';
import { findSecretMatches, mergeMatches } from './find-secret-matches.ts';
import type { RawDetector } from './guardrail-schema.ts';
import type { TextMatch } from './text-match.ts';

export type DetectorIssue = { path: Array<string | number>; message: string };

/** Placeholder labels of the PII kinds: `[EMAIL_1]`, `[CREDIT_CARD_1]`… */
const PII_LABELS: Readonly<Record<PiiType, string>> = { email: 'EMAIL', phone: 'PHONE', credit_card: 'CREDIT_CARD', iban: 'IBAN', api_key: 'SECRET', private_key: 'PRIVATE_KEY' };

/** Held back from a stream: the longest address or number the PII patterns can still be growing. */
const PII_WINDOW = 128;
/** Keys, JWTs and tokens: a token still growing already matches, so this bounds only the unmatched prefix. */
const SECRETS_WINDOW = 256;

/** A raw detector → its compiled form; regexes compiled here, once. Problems go to `issues` (then undefined). */
export function compileDetector(raw: RawDetector, issues: DetectorIssue[]): CompiledDetector | undefined {
  switch (raw.type) {
    case 'pii': {
      const kinds: ReadonlySet<PiiType> = new Set(raw.kinds ?? (Object.keys(PII_LABELS) as PiiType[]));
      return {
        kind: 'spans',
        type: 'pii',
        window: PII_WINDOW,
        find: (text) => findPiiMatches(text, kinds).map((match) => ({ start: match.start, end: match.end, label: PII_LABELS[match.type] })),
      };
    }
    case 'secrets':
      return { kind: 'spans', type: 'secrets', window: SECRETS_WINDOW, find: findSecretMatches };
    case 'keywords':
      return compileKeywordDetector(raw.words, raw.case_sensitive);
    case 'regex':
      return compileRegexDetector(raw, issues);
    case 'injection':
      return compileInjectionDetector({ builtin: raw.builtin, extraPhrases: raw.extra_phrases ?? [], deniedTopics: raw.denied_topics ?? [] });
    case 'size': {
      const { max_input_tokens: maxInputTokens, max_messages: maxMessages, max_tools: maxTools } = raw;
      if (maxInputTokens === undefined && maxMessages === undefined && maxTools === undefined) {
        issues.push({ path: [], message: 'a size detector needs at least one of max_input_tokens, max_messages, max_tools' });
        return undefined;
      }
      return {
        kind: 'size',
        type: 'size',
        check(request: ChatRequest): string | undefined {
          if (maxMessages !== undefined && request.messages.length > maxMessages) return `${request.messages.length} messages, over the limit of ${maxMessages}`;
          const tools = request.tools?.length ?? 0;
          if (maxTools !== undefined && tools > maxTools) return `${tools} tools, over the limit of ${maxTools}`;
          if (maxInputTokens !== undefined) {
            const tokens = estimateInputTokens(request);
            if (tokens > maxInputTokens) return `about ${tokens} input tokens, over the limit of ${maxInputTokens}`;
          }
          return undefined;
        },
      };
    }
    case 'external':
      return { kind: 'external', type: 'external', flavor: raw.kind, deployment: raw.model, timeoutMs: raw.timeout_ms, onError: raw.on_error, categories: raw.categories };
  }
}

function compileRegexDetector(raw: Extract<RawDetector, { type: 'regex' }>, issues: DetectorIssue[]): SpanDetector | undefined {
  const patterns: RegExp[] = [];
  for (const [index, source] of raw.patterns.entries()) {
    const error = findRegexError(source, `${raw.flags}g`);
    if (error !== undefined) issues.push({ path: ['patterns', index], message: error });
    else if (new RegExp(source, raw.flags).test('')) issues.push({ path: ['patterns', index], message: `pattern /${source}/ matches the empty string` });
    else patterns.push(new RegExp(source, `${raw.flags}g`));
  }
  if (patterns.length < raw.patterns.length) return undefined;
  return {
    kind: 'spans',
    type: 'regex',
    window: raw.max_match_length,
    find(text: string): TextMatch[] {
      const matches: TextMatch[] = [];
      for (const pattern of patterns) {
        pattern.lastIndex = 0;
        for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
          if (match[0].length === 0) {
            pattern.lastIndex++;
            continue;
          }
          matches.push({ start: match.index, end: match.index + match[0].length, label: 'MATCH' });
        }
      }
      return mergeMatches(matches);
    },
  };
}
