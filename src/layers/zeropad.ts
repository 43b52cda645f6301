// zeropad(p): zero rows and columns around a 2D input (Keras ZeroPadding2D);
// p is a number, (h, w) or ((top, bottom), (left, right)).
import { tsLayer } from './common.js';
import { needs2d } from './shape-utils.js';
import { shapeError, shapeOk, type AttrValue, type LayerKind } from './types.js';

/** [[top, bottom], [left, right]] from any of the three forms, or null when malformed. */
export function paddingPairs(p: AttrValue): [[number, number], [number, number]] | null {
  if (typeof p === 'number') return [[p, p], [p, p]];
  if (!Array.isArray(p) || p.length !== 2) return null;
  const [rows, cols] = p as AttrValue[];
  if (typeof rows === 'number' && typeof cols === 'number') return [[rows, rows], [cols, cols]];
  const pair = (v: AttrValue | undefined): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');
  return pair(rows) && pair(cols) ? [rows, cols] : null;
}

export const zeropad: LayerKind = {
  name: 'zeropad',
  doc: 'Adds rows and columns of zeros around a 2D input (Keras ZeroPadding2D).',
  family: 'reshape',
  attrs: [{ name: 'padding', type: { t: 'padding' }, positional: true, default: 1, doc: 'p on every side, (h, w) per axis, or ((top, bottom), (left, right))' }],
  keras: () => 'ZeroPadding2D',
  inferShape([input], attrs) {
    const at = `zeropad(${JSON.stringify(attrs['padding']).replaceAll('[', '(').replaceAll(']', ')')})`;
    if (input!.length !== 3) return needs2d(at, 'zeropad', input!);
    const pairs = paddingPairs(attrs['padding']!);
    if (!pairs) return shapeError('NN0210', `${at}: padding is a number, (h, w) or ((top, bottom), (left, right))`, undefined, 'padding');
    if (pairs.flat().some((v) => !Number.isInteger(v) || v < 0)) return shapeError('NN0207', `${at}: padding must be integers of at least 0`, undefined, 'padding');
    const [[t, b], [l, r]] = pairs;
    return shapeOk([input![0]! + t + b, input![1]! + l + r, input![2]!]);
  },
  weights: () => [],
  tfjs: (tf, attrs, name) => tf.layers.zeroPadding2d({ name, padding: paddingPairs(attrs['padding']!)! }),
  // TF.js takes the same three forms: p, [h, w] and [[top, bottom], [left, right]].
  ts: (ctx) => tsLayer('zeroPadding2d', { padding: ctx.args['padding'] }),
};
