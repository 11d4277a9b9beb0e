import { GuardrailBlockedError } from '../errors/guardrail-blocked-error.ts';
import type { CompiledGuardrail, SpanDetector } from './compiled-guardrail.ts';
import type { GuardrailVerdict } from './guardrail-verdict.ts';
import { RedactionMap } from './redaction-map.ts';
import type { TextMatch } from './text-match.ts';
import { mergeMatches } from './find-secret-matches.ts';

type SpanGuard = CompiledGuardrail & { detector: SpanDetector };

/**
 * The answer side of one request's guardrails, for one text channel at a time (a text block, a
 * tool call's arguments): first the input's placeholders are put back (`restore`), then every
 * output check with a span detector runs: `block` throws, `redact` masks with its own placeholders
 * (never restored), `warn` counts. For streams, `push` returns what may be sent now and holds back
 * the rest: an unclosed `[` that may still become a placeholder, and the last `window` characters
 * (or from the start of a match that reaches into them), so a match split across chunks is whole
 * before it is judged. `flush` releases the held text at the end of the channel.
 */
export class OutputScanner {
  readonly #restore: RedactionMap | undefined;
  readonly #guards: readonly SpanGuard[];
  readonly #window: number;
  readonly #masks = new RedactionMap();
  readonly #counts = new Map<SpanGuard, number>();

  constructor(guards: readonly CompiledGuardrail[], restore: RedactionMap | undefined) {
    this.#guards = guards.filter((guard): guard is SpanGuard => guard.output && guard.detector.kind === 'spans');
    this.#restore = restore;
    this.#window = Math.max(0, ...this.#guards.map((guard) => guard.detector.window));
  }

  /** Whether there is anything to do (checks or placeholders to restore). */
  get active(): boolean {
    return this.#guards.length > 0 || (this.#restore?.size ?? 0) > 0;
  }

  /** A channel's scanner: `push(delta)` → text to send now; `flush()` → the rest. */
  channel(): { push(delta: string): string; flush(): string } {
    let raw = '';
    let restored = '';
    const restore = (final: boolean): void => {
      const map = this.#restore;
      if (map === undefined || map.size === 0) {
        restored += raw;
        raw = '';
        return;
      }
      let cut = raw.length;
      if (!final) {
        const open = raw.lastIndexOf('[');
        if (open !== -1 && !raw.includes(']', open) && raw.length - open < map.longestPlaceholder) cut = open;
      }
      restored += map.restore(raw.slice(0, cut));
      raw = raw.slice(cut);
    };
    const scan = (final: boolean): string => {
      if (this.#guards.length === 0) {
        const out = restored;
        restored = '';
        return out;
      }
      const found = this.#guards.map((guard) => ({ guard, matches: guard.detector.find(restored) }));
      let cut = final ? restored.length : Math.max(0, restored.length - this.#window);
      for (const { matches } of found) {
        for (const match of matches) if (match.start < cut && match.end > cut) cut = match.start;
      }
      const masked: TextMatch[] = [];
      for (const { guard, matches } of found) {
        const settled = matches.filter((match) => match.end <= cut);
        if (settled.length === 0) continue;
        this.#counts.set(guard, (this.#counts.get(guard) ?? 0) + settled.length);
        if (guard.action.kind === 'block') throw new GuardrailBlockedError(guard.name, guard.detector.type, 'output', guard.action.status);
        if (guard.action.kind === 'redact') masked.push(...settled);
      }
      const out = this.#masks.redact(restored.slice(0, cut), mergeMatches(masked));
      restored = restored.slice(cut);
      return out;
    };
    return {
      push: (delta: string) => {
        raw += delta;
        restore(false);
        return scan(false);
      },
      flush: () => {
        restore(true);
        return scan(true);
      },
    };
  }

  /** A whole text (a non-streamed answer's part). */
  scanWhole(text: string): string {
    const channel = this.channel();
    return channel.push(text) + channel.flush();
  }

  /** The output verdicts so far, one per check that fired. */
  verdicts(): GuardrailVerdict[] {
    return [...this.#counts].map(([guard, matches]) => ({
      guardrail: guard.name,
      detector: guard.detector.type,
      action: guard.action.kind === 'route' ? 'route_to' : guard.action.kind === 'redact' ? 'redact' : guard.action.kind,
      stage: 'output',
      matches,
    }));
  }
}
