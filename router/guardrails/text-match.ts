/** A detector's finding in a text: where it is and the placeholder label it redacts to (`EMAIL` → `[EMAIL_1]`). */
export type TextMatch = { start: number; end: number; label: string };
