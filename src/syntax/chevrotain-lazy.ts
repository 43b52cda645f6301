// The CLI bundle's chevrotain.ts (scripts/bundle.mjs swaps it in): Chevrotain is loaded on first
// use, synchronously, from dist/bundle/chevrotain.cjs, a CommonJS build of it made by the bundle
// script; a file without errors never needs it.
import { createRequire } from 'node:module';
import type { Chevrotain } from './chevrotain.js';

let loaded: Chevrotain | undefined;

export function chevrotain(): Chevrotain {
  return (loaded ??= createRequire(import.meta.url)('./chevrotain.cjs') as Chevrotain);
}
