// GatherV2 without batch dimensions as block copies (model.fit gathers every shuffled batch with
// it; the reference kernel goes element by element through index arithmetic).
import { alloc, type Core, type Kernel, type KernelArgs, reference, size } from './common.js';

type Numeric = Float32Array | Int32Array | Uint8Array;

export function gatherKernels(core: Core): Record<string, Kernel> {
  const ref = reference(core, 'GatherV2');
  return {
    GatherV2: (args: KernelArgs) => {
      const { x, indices } = args.inputs;
      const { axis, batchDims } = args.attrs as { axis: number; batchDims?: number };
      const b = args.backend;
      const xv = b.data.get(x!.dataId).values as Numeric;
      const iv = b.data.get(indices!.dataId).values as Numeric;
      const numeric = (v: unknown) => v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array;
      if ((batchDims ?? 0) !== 0 || x!.dtype === 'complex64' || x!.dtype === 'string' || !numeric(xv) || !numeric(iv)) return ref(args);
      const ax = core.util.parseAxisParam(axis, x!.shape)[0]!;
      const dim = x!.shape[ax]!;
      for (let i = 0; i < iv.length; i++) if (!(iv[i]! >= 0 && iv[i]! < dim)) return ref(args); // the reference names the bad index
      const outer = size(x!.shape.slice(0, ax)), inner = size(x!.shape.slice(ax + 1));
      const outShape = [...x!.shape.slice(0, ax), ...indices!.shape, ...x!.shape.slice(ax + 1)];
      const n = outer * iv.length * inner;
      const out: Numeric = xv instanceof Float32Array ? alloc(b, n) : new (xv.constructor as new (n: number) => Numeric)(n);
      for (let o = 0; o < outer; o++)
        for (let k = 0; k < iv.length; k++) {
          const from = (o * dim + iv[k]!) * inner;
          out.set(xv.subarray(from, from + inner), (o * iv.length + k) * inner);
        }
      return b.makeTensorInfo(outShape, x!.dtype, out);
    },
  };
}
