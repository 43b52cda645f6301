// embedding(vocab, dim): looks up a learned vector of `dim` values for each integer id,
// adding a last axis (Keras Embedding). The input should be int32.
import { num } from './common.js';
import { tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { shapeError, shapeOk, type LayerKind } from './types.js';

const tfjsMap: TfjsMap = { fn: 'embedding', args: [['inputDim', 'vocab'], ['outputDim', 'dim']] };

export const embedding: LayerKind = {
  name: 'embedding',
  doc: 'Maps integer ids in [0, vocab) to learned vectors of `dim` values (Keras Embedding).',
  family: 'embedding',
  attrs: [
    { name: 'vocab', type: { t: 'int', min: 1 }, positional: true, doc: 'number of distinct ids (largest id + 1)' },
    { name: 'dim', type: { t: 'int', min: 1 }, positional: true, doc: 'length of each vector' },
  ],
  keras: () => 'Embedding',
  inferShape: ([input], attrs) =>
    input!.length === 0 ? shapeError('NN0401', 'embedding after a scalar input: embedding needs a sequence of ids') : shapeOk([...input!, num(attrs, 'dim')]),
  weights: (_inputs, attrs) => [{ name: 'embeddings', shape: [num(attrs, 'vocab'), num(attrs, 'dim')], trainable: true }],
  tfjs: tfjsFromMap(tfjsMap),
  ts: (ctx) => tsFromMap(tfjsMap, embedding.attrs, 'embedding')(ctx),
};
