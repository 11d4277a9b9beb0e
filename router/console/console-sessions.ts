import { randomBytes } from 'node:crypto';

/** How long a console login lasts without being used again. */
export const CONSOLE_SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Logins held at once; past it the oldest is forgotten (its browser logs in again). */
const MAX_SESSIONS = 1000;

/**
 * The console's logins: a random id (256 bits) per login, held in this process's memory only, with
 * a sliding expiry. The id is all the browser holds (in an HttpOnly cookie); the admin token never
 * leaves the login form. A restart logs everyone out.
 */
export class ConsoleSessions {
  readonly #expiresAt = new Map<string, number>();
  readonly #now: () => number;
  readonly #ttlMs: number;

  constructor(now: () => number = Date.now, ttlMs: number = CONSOLE_SESSION_TTL_MS) {
    this.#now = now;
    this.#ttlMs = ttlMs;
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** A new session's id. */
  create(): string {
    const id = randomBytes(32).toString('base64url');
    this.#sweep();
    if (this.#expiresAt.size >= MAX_SESSIONS) this.#expiresAt.delete(this.#expiresAt.keys().next().value as string);
    this.#expiresAt.set(id, this.#now() + this.#ttlMs);
    return id;
  }

  /** Whether the id is a live session; a live one is extended. */
  touch(id: string | undefined): boolean {
    if (id === undefined) return false;
    const expiresAt = this.#expiresAt.get(id);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.#now()) {
      this.#expiresAt.delete(id);
      return false;
    }
    // Re-inserted so the map stays in order of last use (the oldest is evicted first).
    this.#expiresAt.delete(id);
    this.#expiresAt.set(id, this.#now() + this.#ttlMs);
    return true;
  }

  revoke(id: string | undefined): void {
    if (id !== undefined) this.#expiresAt.delete(id);
  }

  get size(): number {
    return this.#expiresAt.size;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [id, expiresAt] of this.#expiresAt) if (expiresAt <= now) this.#expiresAt.delete(id);
  }
}
