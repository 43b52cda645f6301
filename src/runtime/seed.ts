// Reproducible randomness for TF.js. TF.js's initializers, dropout and fit's shuffling draw
// their seeds from Math.random when given none, so replacing Math.random by a seeded generator
// while a model is built and trained makes a run a function of (seed, backend). Each phase
// (building, epoch e) gets its own stream, so a resumed run draws what an uninterrupted one would.
import { mixSeed, mulberry32 } from '../random.js';

const original = Math.random;

/** Makes Math.random the seeded stream of (seed, phase) until `restoreRandom`. */
export function seedRandom(seed: number, phase: number): void {
  Math.random = mulberry32(mixSeed(seed, phase));
}

export function restoreRandom(): void {
  Math.random = original;
}
