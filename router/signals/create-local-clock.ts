import type { Weekday } from '../rules/signal-values.ts';

export type LocalTime = { hour_local: number; weekday: Weekday; time_of_day: string };

/** Epoch ms → the time-of-day signals in one time zone. */
export type LocalClock = (epochMs: number) => LocalTime;

const WEEKDAYS: Readonly<Record<string, Weekday>> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const MINUTE_MS = 60_000;

/**
 * Builds the clock of an IANA time zone: the Intl.DateTimeFormat is created here, once, at config
 * compile (creating one costs tens of microseconds; formatting with it, about one). Every signal
 * changes only on the minute, so the last minute's answer is reused until the next one.
 * @throws RangeError for a time zone Intl does not know.
 */
export function createLocalClock(timeZone: string): LocalClock {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit' });
  let cachedMinute = Number.NaN;
  let cached: LocalTime | undefined;
  return (epochMs) => {
    const minute = Math.floor(epochMs / MINUTE_MS);
    if (minute === cachedMinute && cached !== undefined) return cached;
    let hour = '00';
    let minutes = '00';
    let weekday: Weekday = 'mon';
    for (const part of format.formatToParts(epochMs)) {
      if (part.type === 'hour') hour = part.value;
      else if (part.type === 'minute') minutes = part.value;
      else if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 'mon';
    }
    cached = Object.freeze({ hour_local: Number(hour), weekday, time_of_day: `${hour}:${minutes}` });
    cachedMinute = minute;
    return cached;
  };
}
