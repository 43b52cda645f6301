// dense(units): a fully connected layer (Keras Dense). On a 2-D (timesteps, features) input it
// applies to the last axis, as Keras does; on 3-D or more it is an error (flatten or gap first).
import { bool, kernelAttrs, label, num } from './common.js';
import { kernelArgs, tfjsFromMap, tsFromMap, type TfjsMap } from './tfjs-map.js';
import { describeInput, product } from './shape-utils.js';
import { shapeError, shapeOk, type LayerKind } from './types.js';

const tfjsMap: TfjsMap = { fn: 'dense', args: [['units', 'units'], ...kernelArgs()] };

export const dense: LayerKind = {
  name: 'dense',
  doc: 'Fully connected layer: every output unit sees every input feature (Keras Dense).',
  family: 'dense',
  hasKernel: true,
  attrs: [
    { name: 'units', type: { t: 'int', min: 1 }, positional: true, doc: 'number of output units' },
    ...kernelAttrs,
  ],
  keras: () => 'Dense',
  inferShape([input], attrs) {
    if (input!.length === 1 || input!.length === 2) return shapeOk([...input!.slice(0, -1), num(attrs, 'units')]);
    const fix = input!.length === 0 ? 'give the input at least one dimension' : 'add flatten or gap';
    return shapeError('NN0401',
      `${label('dense', dense.attrs, attrs)} after ${describeInput(input!)}: dense needs a 1-D input (or 2-D for sequences); ${fix}`);
  },
  weights([input], attrs) {
    const units = num(attrs, 'units');
    const kernel = { name: 'kernel', shape: [input!.at(-1)!, units], trainable: true };
    return bool(attrs, 'bias') ? [kernel, { name: 'bias', shape: [units], trainable: true }] : [kernel];
  },
  macs: ([input], _output, attrs) => product(input!) * num(attrs, 'units'),
  tfjs: tfjsFromMap(tfjsMap),
  ts: (ctx) => tsFromMap(tfjsMap, dense.attrs, 'dense')(ctx),
};
