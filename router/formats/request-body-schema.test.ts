import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requestBodySchema } from './request-body-schema.ts';

describe('requestBodySchema (zod → the JSON Schema Fastify validates with)', () => {
  const schema = requestBodySchema(
    z.looseObject({
      temperature: z.number().min(0).max(2).nullable().optional(),
      seed: z.int().nullable().optional(),
      stop: z.union([z.string(), z.array(z.string()), z.null()]).optional(),
      metadata: z.record(z.string(), z.string()).optional(),
      messages: z.array(z.looseObject({ role: z.string().min(1) })).min(1),
    }),
  );

  it('keeps objects open: a client field the schema does not name is carried, not refused', () => {
    expect(schema).toMatchObject({ type: 'object', additionalProperties: {}, required: ['messages'] });
    expect(schema.properties).toMatchObject({ messages: { items: { additionalProperties: {}, required: ['role'] } } });
  });

  it('writes a nullable field as a type list, so the first error is "must be number,null"', () => {
    expect(schema.properties).toMatchObject({ temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 } });
    expect(JSON.stringify(schema)).not.toContain('"anyOf":[{"type":"number"');
  });

  it('adds no bounds the wire API does not have (zod implies ±2^53 on integers) and no $schema', () => {
    expect((schema.properties as Record<string, unknown>).seed).toEqual({ type: ['integer', 'null'] });
    expect(schema).not.toHaveProperty('$schema');
    expect((schema.properties as Record<string, unknown>).metadata).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
  });

  it('leaves a union of more than a type and null as anyOf', () => {
    expect((schema.properties as Record<string, unknown>).stop).toEqual({ anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'null' }] });
  });
});
