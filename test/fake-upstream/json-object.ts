/** A parsed JSON object as the fake upstream reads and writes it. */
export type JsonObject = Record<string, unknown>;
