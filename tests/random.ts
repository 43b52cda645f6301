// Seeded randomness for generated and mutated test inputs, so any failure can be reproduced.

/** mulberry32, the generator training uses for its seeds. */
export { mulberry32 as rng } from '../src/random.js';

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** One to four random edits: deletions, inserted pieces, duplicated runs, numbers, raw characters. */
export function mutate(text: string, r: () => number, pieces: readonly string[]): string {
  let s = text;
  const edits = 1 + Math.floor(r() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (s.length + 1));
    const len = 1 + Math.floor(r() * 12);
    const op = Math.floor(r() * 5);
    if (op === 0) s = s.slice(0, at) + s.slice(at + len);
    else if (op === 1) s = s.slice(0, at) + pick(r, pieces) + s.slice(at);
    else if (op === 2) s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
    else if (op === 3) s = s.slice(0, at) + String(Math.floor(r() * 2000) - 500) + s.slice(at + 1);
    else s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 128)) + s.slice(at);
  }
  return s;
}
