/** A seeded pseudo-random source (mulberry32): `uniform()` in [0, 1), `normal()` standard normal. */
export interface Random {
  uniform(): number;
  normal(): number;
  /** An integer in [0, bound). */
  integer(bound: number): number;
  /** Shuffles in place (Fisher–Yates). */
  shuffle<T>(items: T[]): T[];
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b_79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const integer = (bound: number) => Math.floor(uniform() * bound);
  return {
    uniform,
    integer,
    normal() {
      const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
      return radius * Math.cos(2 * Math.PI * uniform());
    },
    shuffle(items) {
      for (let index = items.length - 1; index > 0; index -= 1) {
        const other = integer(index + 1);
        [items[index], items[other]] = [items[other]!, items[index]!];
      }
      return items;
    },
  };
}
