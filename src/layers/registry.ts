// Every layer kind the compiler knows, as one plain array: adding a kind means adding it here.
// Tests loop over this list, so a kind cannot be added without its tests running on it.
import { activations } from './activation.js';
import { add } from './add.js';
import { bn } from './bn.js';
import { concat } from './concat.js';
import { conv } from './conv.js';
import { deconv } from './deconv.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { dwconv } from './dwconv.js';
import { embedding } from './embedding.js';
import { flatten } from './flatten.js';
import { gap, gmp } from './global-pool.js';
import { identity } from './identity.js';
import { inputKind } from './input.js';
import { leakyRelu } from './leaky-relu.js';
import { ln } from './ln.js';
import { avgpool, maxpool } from './pool.js';
import { gru, lstm, rnn } from './recurrent.js';
import { reshape } from './reshape.js';
import { sepconv } from './sepconv.js';
import type { LayerKind } from './types.js';
import { upsample } from './upsample.js';
import { zeropad } from './zeropad.js';

export const layers: readonly LayerKind[] = [
  dense, conv, dwconv, sepconv, deconv,
  maxpool, avgpool, gap, gmp,
  flatten, reshape, zeropad, upsample, dropout,
  bn, ln,
  ...activations, leakyRelu,
  embedding, rnn, lstm, gru,
  identity,
  // Not written by users as layers: the model's input and the merges of add/concat blocks.
  inputKind, add, concat,
];

const byName = new Map(layers.map((kind) => [kind.name, kind]));

export const findLayer = (name: string): LayerKind | undefined => byName.get(name);
