import type { z } from 'zod';
import { DatasetLineError } from './dataset-line-error.ts';
import { routingRowSchema } from './routing-row-schema.ts';

/** A row schema: the registry's strict one, or the routing-file one that ignores unknown fields. */
type RowSchema = z.ZodType<{ id: string }>;

/** One JSONL line in the common routing schema, parsed and validated; throws a DatasetLineError naming `file:line` and the field. */
export function parseRoutingLine<Schema extends RowSchema = typeof routingRowSchema>(line: string, file: string, lineNumber: number, schema?: Schema): z.infer<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new DatasetLineError(file, lineNumber, `invalid JSON (${(error as Error).message})`);
  }
  const parsed = (schema ?? routingRowSchema).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length > 0 ? issue.path.join('.') : '(line)';
    throw new DatasetLineError(file, lineNumber, `${path}: ${issue.message}`);
  }
  return parsed.data as z.infer<Schema>;
}

/** Every non-blank line of a JSONL routing file, parsed and validated, with ids checked unique. */
export function* parseRoutingLines<Schema extends RowSchema = typeof routingRowSchema>(text: string, file: string, schema?: Schema): Generator<{ row: z.infer<Schema>; lineNumber: number }> {
  const seenIds = new Set<string>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const lineNumber = index + 1;
    const row = parseRoutingLine(line, file, lineNumber, schema);
    if (seenIds.has(row.id)) throw new DatasetLineError(file, lineNumber, `id: duplicate id "${row.id}"`);
    seenIds.add(row.id);
    yield { row, lineNumber };
  }
}
