// identity: passes its input through unchanged; no weights and no TF.js layer (the model
// builder skips it). Useful as a default for optional layers and as a residual/concat branch.
import { shapeOk, type LayerKind } from './types.js';

export const identity: LayerKind = {
  name: 'identity',
  doc: 'Does nothing: the output is the input. A default for optional layer parameters and a valid branch.',
  family: 'reshape',
  attrs: [],
  keras: () => 'Identity',
  inferShape: ([input]) => shapeOk([...input!]),
  weights: () => [],
  tfjs: () => null,
  ts: () => null,
};
