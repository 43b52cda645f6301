// Native element-wise kernels: the broadcasting binary ops, the common unary ops, Sum/Mean over a
// contiguous block of axes, Tile and FusedBatchNorm (what batch norm, dropout, losses and Adam
// spend their time on). Non-float32 inputs and other axis patterns go to the reference cpu kernels.
import { alloc, allF32, type Core, f32, type Kernel, type KernelArgs, output, reference, size } from './common.js';
import type { NativeKernels } from './addon.js';

const BINARY = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, SquaredDifference: 4, Maximum: 5, Minimum: 6 } as const;
const UNARY = { Relu: 0, Step: 1, Floor: 2, Sqrt: 3, Rsqrt: 4, Square: 5, Neg: 6, Exp: 7, Log: 8, Sigmoid: 9, Abs: 10, Reciprocal: 11 } as const;

/** Output shape and per-dimension strides of a and b (0 where broadcast), with mergeable dims merged. */
export function broadcastLayout(sa: number[], sb: number[]): { out: number[]; dims: number[]; strA: number[]; strB: number[] } | null {
  const rank = Math.max(sa.length, sb.length, 1);
  const pa = [...Array(rank - sa.length).fill(1), ...sa], pb = [...Array(rank - sb.length).fill(1), ...sb];
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    if (pa[d] !== pb[d] && pa[d] !== 1 && pb[d] !== 1) return null;
    out.push(pa[d] === 1 ? pb[d] : pa[d]);
  }
  const strides = (p: number[]) => {
    const s = new Array<number>(rank);
    let acc = 1;
    for (let d = rank - 1; d >= 0; d--) {
      s[d] = p[d] === 1 ? 0 : acc;
      acc *= p[d];
    }
    return s;
  };
  const s1 = strides(pa), s2 = strides(pb);
  const dims: number[] = [], strA: number[] = [], strB: number[] = [];
  for (let d = 0; d < rank; d++) {
    if (out[d] === 1 && dims.length > 0) continue;
    const k = dims.length - 1;
    if (k >= 0 && strA[k] === s1[d]! * out[d]! && strB[k] === s2[d]! * out[d]!) {
      dims[k] *= out[d]!;
      strA[k] = s1[d]!;
      strB[k] = s2[d]!;
    } else if (k === 0 && dims[0] === 1) {
      dims[0] = out[d]!;
      strA[0] = s1[d]!;
      strB[0] = s2[d]!;
    } else {
      dims.push(out[d]!);
      strA.push(s1[d]!);
      strB.push(s2[d]!);
    }
  }
  const realRank = Math.max(sa.length, sb.length);
  return dims.length > 8 ? null : { out: out.slice(rank - realRank), dims, strA, strB };
}

export function elementwiseKernels(core: Core, nk: NativeKernels): Record<string, Kernel> {
  const kernels: Record<string, Kernel> = {};
  for (const [name, op] of Object.entries(BINARY)) {
    const ref = reference(core, name);
    kernels[name] = (args: KernelArgs) => {
      const { a, b } = args.inputs;
      if (!allF32(args.backend, a, b)) return ref(args);
      const lay = broadcastLayout(a!.shape, b!.shape);
      if (!lay) return ref(args);
      const o = alloc(args.backend, size(lay.out));
      if (o.length > 0)
        nk.binary(op, Int32Array.from(lay.dims), Int32Array.from(lay.strA), Int32Array.from(lay.strB), f32(args.backend, a!), f32(args.backend, b!), o);
      return output(args.backend, lay.out, o);
    };
  }
  for (const [name, op] of Object.entries(UNARY)) {
    const ref = reference(core, name);
    kernels[name] = (args: KernelArgs) => {
      const { x } = args.inputs;
      if (!allF32(args.backend, x)) return ref(args);
      const o = alloc(args.backend, size(x!.shape));
      nk.unary(op, f32(args.backend, x!), o, o.length, Number((args.attrs as any)?.alpha ?? 0));
      return output(args.backend, x!.shape, o);
    };
  }
  for (const name of ['Sum', 'Mean']) {
    const ref = reference(core, name);
    kernels[name] = (args: KernelArgs) => {
      const { x } = args.inputs;
      const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
      if (!allF32(args.backend, x)) return ref(args);
      const shape = x!.shape;
      const axes = [...new Set(core.util.parseAxisParam(axis, shape))].sort((p, q) => p - q);
      if (axes.length === 0 || axes.some((ax, i) => ax !== axes[0]! + i)) return ref(args);
      const first = axes[0]!, last = axes.at(-1)!;
      const outer = size(shape.slice(0, first)), r = size(shape.slice(first, last + 1)), inner = size(shape.slice(last + 1));
      const outShape = keepDims ? shape.map((d, i) => (i >= first && i <= last ? 1 : d)) : shape.filter((_, i) => i < first || i > last);
      const o = alloc(args.backend, outer * inner);
      if (r === 0) return ref(args);
      nk.reduceSum(f32(args.backend, x!), o, outer, r, inner, name === 'Mean' ? 1 / r : 1);
      return output(args.backend, outShape, o);
    };
  }
  const refTile = reference(core, 'Tile');
  kernels.Tile = (args: KernelArgs) => {
    const { x } = args.inputs;
    const reps = (args.attrs as { reps: number[] }).reps;
    if (!allF32(args.backend, x) || x!.shape.length === 0 || reps.length !== x!.shape.length) return refTile(args);
    const outShape = x!.shape.map((d, i) => d * reps[i]!);
    const o = alloc(args.backend, size(outShape));
    if (o.length > 0) nk.tile(Int32Array.from(x!.shape), Int32Array.from(outShape), f32(args.backend, x!), o);
    return output(args.backend, outShape, o);
  };
  const refBn = reference(core, 'FusedBatchNorm');
  kernels.FusedBatchNorm = (args: KernelArgs) => {
    const { x, mean, variance, offset, scale } = args.inputs;
    const c = x!.shape.at(-1) ?? 1;
    const fits = (t: typeof x) => !t || size(t.shape) === c;
    if (!allF32(args.backend, x, mean, variance, offset, scale) || !fits(mean) || !fits(variance) || !fits(offset) || !fits(scale) || !mean || !variance) return refBn(args);
    const b = args.backend;
    const o = alloc(b, size(x!.shape));
    const eps = (args.attrs as { varianceEpsilon?: number }).varianceEpsilon ?? 0.001;
    nk.batchNorm(f32(b, x!), f32(b, mean), f32(b, variance), offset ? f32(b, offset) : null, scale ? f32(b, scale) : null, o, o.length / c, c, eps);
    return output(b, x!.shape, o);
  };
  return kernels;
}
