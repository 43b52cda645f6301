// A small seeded random generator, shared by the synthetic data sets and by training's
// reproducible runs: the same seed gives the same stream on every platform.

/** A 32-bit generator (mulberry32): small, fast and good enough for seeding. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed and a phase number into one 32-bit seed. */
export const mixSeed = (seed: number, phase: number): number =>
  (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(phase + 1, 0xc2b2ae35)) >>> 0;
