/**
 * JSON Schema → the OpenAPI 3.0 subset Gemini accepts for function parameters and responseSchema.
 * `type: [x, "null"]` becomes `nullable`, `oneOf` becomes `anyOf`, `const` becomes a one-value
 * `enum`; keywords Gemini rejects (additionalProperties, $schema, $ref, allOf…) are left out and
 * named, so the caller can warn. Pure: the input schema is not modified.
 */
const KEPT = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'minProperties', 'maxProperties',
  'required', 'minLength', 'maxLength', 'pattern', 'example', 'propertyOrdering', 'default', 'minimum', 'maximum',
]);

type Converted = { value: Record<string, unknown>; dropped: string[] };

function convertNode(schema: Record<string, unknown>, path: string, dropped: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((type) => type !== 'null');
      if (types.length < value.length) result.nullable = true;
      if (types.length === 1) result.type = types[0];
      else result.anyOf = types.map((type) => ({ type }));
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      result.properties = Object.fromEntries(
        Object.entries(value as Record<string, Record<string, unknown>>).map(([name, child]) => [name, convertNode(child, `${path}.properties.${name}`, dropped)]),
      );
    } else if (key === 'items' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      result.items = convertNode(value as Record<string, unknown>, `${path}.items`, dropped);
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      result.anyOf = value.map((child: Record<string, unknown>, index) => convertNode(child, `${path}.${key}[${index}]`, dropped));
    } else if (key === 'const') {
      result.enum = [value];
    } else if (KEPT.has(key)) {
      result[key] = value;
    } else {
      dropped.push(`${path}.${key}`);
    }
  }
  return result;
}

export function convertToGeminiSchema(schema: Record<string, unknown>, path = '$'): Converted {
  const dropped: string[] = [];
  return { value: convertNode(schema, path, dropped), dropped };
}

/** Gemini rejects an OBJECT with no properties: such parameters are better left out entirely. */
export function isEmptyObjectSchema(schema: Record<string, unknown>): boolean {
  const properties = schema.properties as Record<string, unknown> | undefined;
  return schema.type === 'object' && (properties === undefined || Object.keys(properties).length === 0);
}
