import { CONSOLE_WINDOWS, type WindowSummary } from './summarize-window.ts';

/** How long a window's summary is reused: a tick of its charts' resolution, at least 2 s. */
function reuseMs(window: string): number {
  return Math.max(2_000, (CONSOLE_WINDOWS[window] ?? 0) / 1_440);
}

/**
 * The console's window summaries, each computed at most once per `reuseMs` (2 s for 5 min, 2.5 s
 * for 1 h, 60 s for 24 h) however many tabs poll, and never twice at once: a day of a busy audit
 * log is a scan of many rows (100,000 summarize in ~130 ms, before the store's read).
 */
export class CachedWindowSummaries {
  readonly #entries = new Map<string, { at: number; summary: Promise<WindowSummary> }>();
  readonly #load: (window: string, until: number) => Promise<WindowSummary>;
  readonly #now: () => number;

  constructor(load: (window: string, until: number) => Promise<WindowSummary>, now: () => number) {
    this.#load = load;
    this.#now = now;
  }

  get(window: string): Promise<WindowSummary> {
    const now = this.#now();
    const cached = this.#entries.get(window);
    if (cached !== undefined && now - cached.at < reuseMs(window)) return cached.summary;
    const summary = this.#load(window, now + 1);
    this.#entries.set(window, { at: now, summary });
    // A failed read is not kept: the next poll tries again.
    summary.catch(() => {
      if (this.#entries.get(window)?.summary === summary) this.#entries.delete(window);
    });
    return summary;
  }
}
