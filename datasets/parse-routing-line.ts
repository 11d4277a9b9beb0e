import { DatasetLineError } from './dataset-line-error.ts';
import { routingRowSchema, type RoutingRowInput } from './routing-row-schema.ts';

/** One JSONL line in the common routing schema, parsed and validated; throws a DatasetLineError naming `file:line` and the field. */
export function parseRoutingLine(line: string, file: string, lineNumber: number): RoutingRowInput {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new DatasetLineError(file, lineNumber, `invalid JSON (${(error as Error).message})`);
  }
  const parsed = routingRowSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length > 0 ? issue.path.join('.') : '(line)';
    throw new DatasetLineError(file, lineNumber, `${path}: ${issue.message}`);
  }
  return parsed.data;
}

/** Every non-blank line of a JSONL routing file, parsed and validated, with ids checked unique. */
export function* parseRoutingLines(text: string, file: string): Generator<{ row: RoutingRowInput; lineNumber: number }> {
  const seenIds = new Set<string>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const lineNumber = index + 1;
    const row = parseRoutingLine(line, file, lineNumber);
    if (seenIds.has(row.id)) throw new DatasetLineError(file, lineNumber, `id: duplicate id "${row.id}"`);
    seenIds.add(row.id);
    yield { row, lineNumber };
  }
}
