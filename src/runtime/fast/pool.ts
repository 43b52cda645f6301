// Native MaxPool, MaxPoolGrad, AvgPool and AvgPoolGrad for NHWC float32 tensors (ties in max pooling go to
// the first maximum of the window, as in the reference cpu kernels).
import { alloc, allF32, convParams, type Core, f32, type Kernel, type KernelArgs, output, reference, size } from './common.js';
import type { NativeKernels } from './addon.js';

type A = Record<string, any>;

export function poolKernels(core: Core, nk: NativeKernels): Record<string, Kernel> {
  const info = (shape: number[], a: A) => core.backend_util.computePool2DInfo(shape as any, a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
  const refMax = reference(core, 'MaxPool');
  const refMaxGrad = reference(core, 'MaxPoolGrad');
  const refAvg = reference(core, 'AvgPool');
  const refAvgGrad = reference(core, 'AvgPoolGrad');
  return {
    MaxPool: (args: KernelArgs) => {
      const { x } = args.inputs;
      if (!allF32(args.backend, x) || x!.shape.length !== 4) return refMax(args);
      const pi = info(x!.shape, args.attrs as A);
      const y = alloc(args.backend, size(pi.outShape));
      nk.maxPool(convParams(pi), f32(args.backend, x!), y);
      return output(args.backend, pi.outShape, y);
    },
    MaxPoolGrad: (args: KernelArgs) => {
      const { dy, input } = args.inputs;
      if (!allF32(args.backend, dy, input)) return refMaxGrad(args);
      const pi = info(input!.shape, args.attrs as A);
      const dx = alloc(args.backend, size(input!.shape));
      nk.maxPoolGrad(convParams(pi), f32(args.backend, input!), f32(args.backend, dy!), dx);
      return output(args.backend, input!.shape, dx);
    },
    AvgPool: (args: KernelArgs) => {
      const { x } = args.inputs;
      if (!allF32(args.backend, x) || x!.shape.length !== 4) return refAvg(args);
      const pi = info(x!.shape, args.attrs as A);
      const y = alloc(args.backend, size(pi.outShape));
      nk.avgPool(convParams(pi), f32(args.backend, x!), y);
      return output(args.backend, pi.outShape, y);
    },
    AvgPoolGrad: (args: KernelArgs) => {
      const { dy, input } = args.inputs;
      if (!allF32(args.backend, dy)) return refAvgGrad(args);
      const pi = info(input!.shape, args.attrs as A);
      const dx = alloc(args.backend, size(input!.shape));
      nk.avgPoolGrad(convParams(pi), f32(args.backend, dy!), dx);
      return output(args.backend, input!.shape, dx);
    },
  };
}
