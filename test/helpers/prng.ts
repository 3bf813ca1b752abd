/** A small seeded PRNG, so a failure can be replayed with the same generated requests. */
export function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

export type Prng = ReturnType<typeof prng>;
