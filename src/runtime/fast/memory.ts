// Output memory for the `fast` backend. A fresh multi-megabyte Float32Array costs more in page
// faults than the native kernel that fills it, so the arrays of disposed tensors are reused —
// but only arrays a native kernel made, and only while nothing else can see them: an array read
// out of the backend (dataSync, data, bufferSync) or shared with another tensor (a kernel that
// returns a view of its input, such as Slice) is never reused.
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { TensorInfo } from './common.js';

type DataId = object;
const MIN = 1 << 14; // arrays below 64 KiB come from the ordinary heap
const CAP = 1 << 30; // at most 1 GiB of idle arrays

export interface Recycler {
  /** A Float32Array of n elements; contents are undefined (kernels overwrite all of it). */
  take(n: number): Float32Array;
  /** Marks the array of a tensor as visible outside the backend: it will never be reused. */
  escape(dataId: DataId): void;
}

/** A MathBackendCPU subclass that recycles its native kernels' output arrays. */
export function recyclingBackend(Base: typeof MathBackendCPU): new () => MathBackendCPU & Recycler {
  return class FastBackend extends Base implements Recycler {
    private free = new Map<number, Float32Array[]>();
    private idle = 0;
    private ours = new WeakSet<Float32Array>();
    private seen = new WeakSet<ArrayBufferLike>();

    take(n: number): Float32Array {
      if (n < MIN) return new Float32Array(n);
      const reused = this.free.get(n)?.pop();
      if (reused) this.idle -= n * 4;
      const a = reused ?? new Float32Array(n);
      this.ours.add(a);
      return a;
    }

    escape(dataId: DataId): void {
      const v = this.data.get(dataId as any)?.values as Float32Array | undefined;
      if (v?.buffer) this.seen.add(v.buffer);
    }

    override readSync(dataId: DataId) {
      this.escape(dataId);
      return super.readSync(dataId as any);
    }

    override disposeData(dataId: DataId, force = false): boolean {
      const v = this.data.get(dataId as any)?.values as Float32Array | undefined;
      const done = super.disposeData(dataId as any, force);
      if (done && v && this.ours.has(v) && !this.seen.has(v.buffer) && this.idle + v.length * 4 <= CAP) {
        this.ours.delete(v);
        let list = this.free.get(v.length);
        if (!list) this.free.set(v.length, (list = []));
        list.push(v);
        this.idle += v.length * 4;
      }
      return done;
    }
  };
}

/** After a JavaScript kernel ran: any output sharing memory with an input pins both. */
export function pinShared(backend: MathBackendCPU & Recycler, inputs: Record<string, unknown>, outs: TensorInfo | TensorInfo[]) {
  const list = Array.isArray(outs) ? outs : [outs];
  for (const o of list) {
    const ov = backend.data.get(o.dataId)?.values as Float32Array | undefined;
    if (!ov?.buffer) continue;
    for (const i of Object.values(inputs)) {
      const t = i as TensorInfo | null | undefined;
      if (!t?.dataId || t.dataId === o.dataId) continue;
      const iv = backend.data.get(t.dataId)?.values as Float32Array | undefined;
      if (iv?.buffer === ov.buffer) {
        backend.escape(t.dataId);
        backend.escape(o.dataId);
      }
    }
  }
}
