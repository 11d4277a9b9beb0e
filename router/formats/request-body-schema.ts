import { z } from 'zod';
import { isJsonObject } from './is-json-object.ts';

type JsonSchema = Record<string, unknown>;

/** A schema node that is exactly `{ type: name }`. */
function isBareType(node: unknown, name: string): boolean {
  return isJsonObject(node) && Object.keys(node).length === 1 && node.type === name;
}

/**
 * `anyOf: [{ type: T, … }, { type: 'null' }]` → `{ type: [T, 'null'], … }`: the same set of
 * values, and ajv's first error stays "must be number,null" at the field instead of the first
 * branch's "must be number". Integers lose zod's implied ±2^53 bounds (JSON has none; the wire APIs
 * neither); a record's `propertyNames: { type: 'string' }` goes (JSON keys are strings).
 */
function tidy(node: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = tidyValue(value);
  const [branch, other, ...more] = Array.isArray(out.anyOf) ? out.anyOf : [];
  if (more.length === 0 && isBareType(other, 'null') && isJsonObject(branch) && typeof branch.type === 'string' && branch.anyOf === undefined && Object.keys(out).length === 1) {
    return { ...branch, type: [branch.type, 'null'] };
  }
  if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
  if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  if (isBareType(out.propertyNames, 'string')) delete out.propertyNames;
  return out;
}

function tidyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidyValue);
  return isJsonObject(value) ? tidy(value) : value;
}

/**
 * The JSON Schema Fastify validates a request body with, generated from the zod schema its wire
 * type is inferred from (one source for both). Validation stays ajv's compiled code on the request
 * path; zod only describes. Loose objects stay open (`additionalProperties: {}`): a client's
 * unknown field is carried, never refused.
 */
export function requestBodySchema(schema: z.ZodType): JsonSchema {
  const { $schema: _draft, ...json } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' });
  return tidy(json);
}
