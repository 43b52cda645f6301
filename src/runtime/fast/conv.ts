// Native Conv2D / FusedConv2D and their two gradients, and the depthwise convolutions, for NHWC
// float32 tensors; other layouts and types (and prelu) go to the reference cpu kernels.
import { alloc, actCode, allF32, convParams, type Core, f32, type Kernel, type KernelArgs, output, reference, size } from './common.js';
import type { NativeKernels } from './addon.js';

type A = Record<string, any>;

export function convKernels(core: Core, nk: NativeKernels): Record<string, Kernel> {
  const bu = core.backend_util;
  const info = (xShape: number[], fShape: number[], a: A, depthwise = false, dilations = a.dilations ?? 1) =>
    bu.computeConv2DInfo(xShape as any, fShape as any, a.strides, dilations, a.pad, a.dimRoundingMode, depthwise, bu.convertConv2DDataFormat(a.dataFormat ?? 'NHWC'));
  const nhwc = (a: A) => (a.dataFormat ?? 'NHWC') === 'NHWC';

  const fwd = (name: string, fused: boolean): Kernel => {
    const ref = reference(core, name);
    return (args: KernelArgs) => {
      const { x, filter, bias, preluActivationWeights } = args.inputs;
      const a = args.attrs as A;
      const act = actCode(fused ? a.activation : 'linear');
      const ci = info(x!.shape, filter!.shape, a);
      if (!nhwc(a) || !allF32(args.backend, x, filter, bias) || act === undefined || preluActivationWeights || (bias && size(bias.shape) !== ci.outChannels))
        return ref(args);
      const y = alloc(args.backend, size(ci.outShape));
      nk.conv2d(convParams(ci), f32(args.backend, x!), f32(args.backend, filter!), bias ? f32(args.backend, bias) : null, y, act, a.leakyreluAlpha ?? 0.2);
      return output(args.backend, ci.outShape, y);
    };
  };

  const backpropInput = (name: string, depthwise: boolean): Kernel => {
    const ref = reference(core, name);
    return (args: KernelArgs) => {
      const { dy, filter } = args.inputs;
      const a = args.attrs as A;
      if ((!depthwise && !nhwc(a)) || !allF32(args.backend, dy, filter)) return ref(args);
      const ci = info(a.inputShape, filter!.shape, a, depthwise, depthwise ? a.dilations : 1);
      const dx = alloc(args.backend, size(ci.inShape));
      const p = convParams(ci, depthwise ? filter!.shape[3] : ci.outChannels);
      (depthwise ? nk.depthwiseBackpropInput : nk.conv2dBackpropInput)(p, f32(args.backend, dy!), f32(args.backend, filter!), dx);
      return output(args.backend, ci.inShape, dx);
    };
  };

  const backpropFilter = (name: string, depthwise: boolean): Kernel => {
    const ref = reference(core, name);
    return (args: KernelArgs) => {
      const { x, dy } = args.inputs;
      const a = args.attrs as A;
      if ((!depthwise && !nhwc(a)) || !allF32(args.backend, x, dy)) return ref(args);
      const ci = info(x!.shape, a.filterShape, a, depthwise, depthwise ? a.dilations : 1);
      const dw = alloc(args.backend, size(a.filterShape));
      const p = convParams(ci, depthwise ? a.filterShape[3] : ci.outChannels);
      (depthwise ? nk.depthwiseBackpropFilter : nk.conv2dBackpropFilter)(p, f32(args.backend, x!), f32(args.backend, dy!), dw);
      return output(args.backend, a.filterShape, dw);
    };
  };

  const depthwiseFwd = (name: string, fused: boolean): Kernel => {
    const ref = reference(core, name);
    return (args: KernelArgs) => {
      const { x, filter, bias } = args.inputs;
      const a = args.attrs as A;
      if (!nhwc(a) || !allF32(args.backend, x, filter, bias)) return ref(args);
      const ci = info(x!.shape, filter!.shape, a, true);
      const y = alloc(args.backend, size(ci.outShape));
      nk.depthwise(convParams(ci, filter!.shape[3]), f32(args.backend, x!), f32(args.backend, filter!), y);
      const out = output(args.backend, ci.outShape, y);
      return fused ? finishFused(core, args, out) : out;
    };
  };

  return {
    Conv2D: fwd('Conv2D', false),
    FusedConv2D: fwd('FusedConv2D', true),
    Conv2DBackpropInput: backpropInput('Conv2DBackpropInput', false),
    Conv2DBackpropFilter: backpropFilter('Conv2DBackpropFilter', false),
    DepthwiseConv2dNative: depthwiseFwd('DepthwiseConv2dNative', false),
    FusedDepthwiseConv2D: depthwiseFwd('FusedDepthwiseConv2D', true),
    DepthwiseConv2dNativeBackpropInput: backpropInput('DepthwiseConv2dNativeBackpropInput', true),
    DepthwiseConv2dNativeBackpropFilter: backpropFilter('DepthwiseConv2dNativeBackpropFilter', true),
  };
}

/** Adds the bias and applies the activation of a fused op to `y` with the reference cpu kernels. */
function finishFused(core: Core, args: KernelArgs, y: any) {
  const a = args.attrs as A;
  const b = args.backend;
  let cur = y;
  if (args.inputs.bias) {
    const next = reference(core, 'Add')({ inputs: { a: cur, b: args.inputs.bias }, backend: b }) as any;
    b.disposeIntermediateTensorInfo(cur);
    cur = next;
  }
  const act = a.activation ?? 'linear';
  if (act !== 'linear') {
    const names: Record<string, string> = { relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid', leakyrelu: 'LeakyRelu', prelu: 'Prelu' };
    const inputs = act === 'prelu' ? { x: cur, alpha: args.inputs.preluActivationWeights } : { x: cur };
    const next = reference(core, names[act]!)({ inputs, backend: b, attrs: { alpha: a.leakyreluAlpha ?? 0.2 } }) as any;
    b.disposeIntermediateTensorInfo(cur);
    cur = next;
  }
  return cur;
}
