import { createLocalClock, type LocalClock } from './create-local-clock.ts';

const clocks = new Map<string, LocalClock>();

/**
 * The clock of a time zone, shared by every policy of a config (and across reloads with the same
 * zone). Called at config compile only.
 * @throws RangeError for a time zone Intl does not know.
 */
export function localClockFor(timeZone: string): LocalClock {
  let clock = clocks.get(timeZone);
  if (clock === undefined) {
    clock = createLocalClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}
