// Running a backend's own kernels from inside another kernel: composed kernels call the
// registered kernel functions directly (not tf ops, which would be recorded on the gradient
// tape and tracked by the engine), and free every intermediate result they made.
import type * as Tfc from '@tensorflow/tfjs-core';

type TensorInfo = Tfc.TensorInfo;
type Backend = Tfc.KernelBackend;

export class KernelScope {
  private readonly made: TensorInfo[] = [];

  constructor(private readonly tf: typeof Tfc, private readonly backend: Backend, private readonly backendName: string) {}

  /** Runs kernel `name` of this backend; the result is freed by `finish` unless it is the one kept. */
  run(name: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: object = {}): TensorInfo {
    const kernel = this.tf.getKernel(name, this.backendName);
    if (!kernel) throw new Error(`kernel ${name} is not registered for the ${this.backendName} backend`);
    const out = kernel.kernelFunc({ inputs: inputs as Tfc.NamedTensorInfoMap, backend: this.backend, attrs: attrs as Tfc.NamedAttrMap });
    const info = (Array.isArray(out) ? out[0] : out) as TensorInfo;
    this.made.push(info);
    return info;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Zero padding; `pads` gives [before, after] per axis, and a negative amount crops. */
  padOrCrop(x: TensorInfo, pads: [number, number][]): TensorInfo {
    let y = x;
    if (pads.some(([a, b]) => a < 0 || b < 0)) {
      const begin = pads.map(([a]) => Math.max(-a, 0));
      const size = pads.map(([a, b], i) => y.shape[i]! - Math.max(-a, 0) - Math.max(-b, 0));
      y = this.run('Slice', { x: y }, { begin, size });
    }
    if (pads.some(([a, b]) => a > 0 || b > 0)) {
      y = this.run('PadV2', { x: y }, { paddings: pads.map(([a, b]) => [Math.max(a, 0), Math.max(b, 0)]), constantValue: 0 });
    }
    return y;
  }

  /** Frees every intermediate result except `keep`, which becomes the kernel's output. */
  finish(keep: TensorInfo): TensorInfo {
    for (const t of this.made) if (t !== keep) this.backend.disposeData(t.dataId);
    return keep;
  }
}
