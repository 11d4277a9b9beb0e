const MINUTE_MS = 60_000;
const STEPS_MS = [86_400_000, 3_600_000, MINUTE_MS];

/** Calendar months in one time zone: the month of an instant ("2026-11") and when the next begins. */
export type MonthClock = {
  monthOf(epochMs: number): string;
  nextMonthStart(epochMs: number): number;
};

/**
 * Builds the month clock of an IANA time zone. The formatter is created once; the month of the
 * last minute asked is reused (time-zone offsets are whole minutes, so a month never changes inside
 * a minute), which keeps the per-request cost to a division and a comparison.
 * @throws RangeError for a time zone Intl does not know.
 */
export function createMonthClock(timeZone: string): MonthClock {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' });
  const compute = (epochMs: number): string => {
    let year = '';
    let month = '';
    for (const part of format.formatToParts(epochMs)) {
      if (part.type === 'year') year = part.value;
      else if (part.type === 'month') month = part.value;
    }
    return `${year}-${month}`;
  };
  let cachedMinute = Number.NaN;
  let cached = '';
  return {
    monthOf(epochMs) {
      const minute = Math.floor(epochMs / MINUTE_MS);
      if (minute !== cachedMinute) {
        cached = compute(epochMs);
        cachedMinute = minute;
      }
      return cached;
    },
    nextMonthStart(epochMs) {
      // Off the hot path (a refused call's Retry-After): walk days, then hours, then minutes.
      const month = compute(epochMs);
      let at = epochMs;
      for (const step of STEPS_MS) while (compute(at + step) === month) at += step;
      return Math.floor(at / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    },
  };
}
