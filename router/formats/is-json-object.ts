/** A JSON object (not null, not an array): the members of a part the request schema leaves open are read through this. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
