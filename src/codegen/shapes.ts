// Shape comments of generated code: `62x62x64, 1,792 params` from an IR node.
import type { IrNode } from '../ir/types.js';
import type { Shape } from '../layers/types.js';
import { thousands } from './names.js';

const product = (s: Shape): number => s.reduce((a, b) => a * b, 1);

export const paramCount = (node: IrNode): number => node.weights.reduce((sum, w) => sum + product(w.shape), 0);

export const describe = (shape: Shape, params: number): string =>
  `${shape.join('x')}${params > 0 ? `, ${thousands(params)} param${params === 1 ? '' : 's'}` : ''}`;
