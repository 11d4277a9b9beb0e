/**
 * The judge's reply → a score in [0, 1] per letter (grade / 10). The first JSON object in the reply
 * is read (a judge may wrap it in prose or a code fence); undefined when it has no grade in 0–10
 * for every letter asked about, so a malformed verdict stores nothing.
 */
export function parseJudgeVerdict(reply: string, letters: readonly string[]): Map<string, number> | undefined {
  const start = reply.indexOf('{');
  if (start < 0) return undefined;
  for (let end = reply.indexOf('}', start); end >= 0; end = reply.indexOf('}', end + 1)) {
    let value: unknown;
    try {
      value = JSON.parse(reply.slice(start, end + 1));
    } catch {
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const grades = new Map<string, number>();
    for (const letter of letters) {
      const grade = (value as Record<string, unknown>)[letter];
      if (typeof grade !== 'number' || !Number.isFinite(grade) || grade < 0 || grade > 10) return undefined;
      grades.set(letter, grade / 10);
    }
    return grades;
  }
  return undefined;
}
