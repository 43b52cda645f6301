// Chevrotain, as the parts of the front end that need it reach it: only a file with an error (or
// the grammar's diagrams) does. Here it is imported as usual; the CLI bundle swaps in
// chevrotain-lazy.ts (scripts/bundle.mjs), which loads it from its own file on first use, so that
// `nnc check` and `nnc summary` of a file without errors never load it.
import * as C from 'chevrotain';

export type Chevrotain = typeof C;

export function chevrotain(): Chevrotain {
  return C;
}
