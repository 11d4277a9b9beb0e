/**
 * The candidates within a small edit distance of `name` (typos, a missing `s`, a swapped word
 * part), closest first. Used for "unknown signal 'input_token'; did you mean 'input_tokens'?".
 */
export function findCloseMatches(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lowered = name.toLowerCase();
  const scored: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const distance = editDistance(lowered, other);
    const related = other.includes(lowered) || lowered.includes(other);
    if (distance <= Math.max(2, Math.floor(other.length / 3)) || (related && Math.min(other.length, lowered.length) >= 3)) {
      scored.push({ candidate, distance: related ? Math.min(distance, 1) : distance });
    }
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

/** Levenshtein distance, one row of memory. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
