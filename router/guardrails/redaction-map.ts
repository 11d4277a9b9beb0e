import type { TextMatch } from './text-match.ts';

const PLACEHOLDER = /\[[A-Z_]+_\d+\]/g;

/**
 * One request's placeholders: each distinct original gets a stable placeholder per label
 * (`[EMAIL_1]`, `[EMAIL_2]`, `[SECRET_1]`…), the same wherever it appears (request body, history,
 * the translated request), so an answer that repeats a placeholder can be restored. Per request,
 * never shared; originals never leave it except through `restore`.
 */
export class RedactionMap {
  readonly #byOriginal = new Map<string, string>();
  readonly #byPlaceholder = new Map<string, string>();
  readonly #counts = new Map<string, number>();
  #longest = 0;

  get size(): number {
    return this.#byOriginal.size;
  }

  /** The longest placeholder handed out: what a stream holds back to restore one split across chunks. */
  get longestPlaceholder(): number {
    return this.#longest;
  }

  placeholderFor(label: string, original: string): string {
    const known = this.#byOriginal.get(original);
    if (known !== undefined) return known;
    const count = (this.#counts.get(label) ?? 0) + 1;
    this.#counts.set(label, count);
    const placeholder = `[${label}_${count}]`;
    this.#byOriginal.set(original, placeholder);
    this.#byPlaceholder.set(placeholder, original);
    this.#longest = Math.max(this.#longest, placeholder.length);
    return placeholder;
  }

  /** `text` with each match replaced by its placeholder. */
  redact(text: string, matches: readonly TextMatch[]): string {
    if (matches.length === 0) return text;
    let result = '';
    let from = 0;
    for (const match of matches) {
      result += text.slice(from, match.start) + this.placeholderFor(match.label, text.slice(match.start, match.end));
      from = match.end;
    }
    return result + text.slice(from);
  }

  /** `text` with every placeholder of this map put back to its original; unknown brackets stay. */
  restore(text: string): string {
    if (this.#byPlaceholder.size === 0 || !text.includes('[')) return text;
    return text.replace(PLACEHOLDER, (placeholder) => this.#byPlaceholder.get(placeholder) ?? placeholder);
  }
}
