// Loads the native kernels (native/build/nnfast.node, compiled by scripts/build-native.mjs during
// `npm ci`/`npm run prepare`). Returns null when they are not built or do not load here, with the
// reason in `nativeProblem()`; callers then keep TF.js's JavaScript kernels.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

type F32 = Float32Array;
type Params = Int32Array;

/** The functions of native/addon.cc. Shapes travel as the 15 ints of a ConvShape (see conv.h). */
export interface NativeKernels {
  conv2d(p: Params, x: F32, w: F32, bias: F32 | null, y: F32, act: number, alpha: number): void;
  conv2dBackpropInput(p: Params, dy: F32, w: F32, dx: F32): void;
  conv2dBackpropFilter(p: Params, x: F32, dy: F32, dw: F32): void;
  depthwise(p: Params, x: F32, w: F32, y: F32): void;
  depthwiseBackpropInput(p: Params, dy: F32, w: F32, dx: F32): void;
  depthwiseBackpropFilter(p: Params, x: F32, dy: F32, dw: F32): void;
  maxPool(p: Params, x: F32, y: F32): void;
  maxPoolGrad(p: Params, x: F32, dy: F32, dx: F32): void;
  avgPool(p: Params, x: F32, y: F32): void;
  avgPoolGrad(p: Params, dy: F32, dx: F32): void;
  /** params: [batch, M, N, K, transposeA, transposeB, batchA, batchB] */
  matmul(p: Params, a: F32, b: F32, c: F32, bias: F32 | null, act: number, alpha: number): void;
  binary(op: number, dims: Int32Array, stridesA: Int32Array, stridesB: Int32Array, a: F32, b: F32, out: F32): void;
  unary(op: number, x: F32, out: F32, n: number, alpha: number): void;
  /** x viewed as [outer, r, inner]; out[outer, inner] = scale · Σ over r */
  reduceSum(x: F32, out: F32, outer: number, r: number, inner: number, scale: number): void;
  tile(xShape: Int32Array, outShape: Int32Array, x: F32, out: F32): void;
  batchNorm(x: F32, mean: F32, variance: F32, offset: F32 | null, scale: F32 | null, out: F32, n: number, c: number, eps: number): void;
  moments(x: F32, mean: F32, variance: F32, n: number, c: number): void;
  momentsGrad(x: F32, mean: F32, dmean: F32, dvar: F32, dx: F32, n: number, c: number): void;
  /** nc: [n, c]; outputs dx, dmean, dvar, dscale, doffset */
  batchNormGrad(nc: Int32Array, x: F32, mean: F32, variance: F32, scale: F32 | null, dy: F32, eps: number, dx: F32 | null, dmean: F32, dvar: F32, dscale: F32, doffset: F32): void;
  dropoutMask(out: F32, n: number, s0: number, s1: number, s2: number, c: number, keep: number): void;
  /** FLOP/s of register-only FMA chains on every thread (the machine's practical peak). */
  fmaPeak(iterations: number): number;
  /** Sets the number of threads when given; returns the number in use. */
  threads(n?: number): number;
}

let loaded: NativeKernels | null | undefined;
let problem = '';

/** The package root: the nearest folder above this file with a native/ folder. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'native')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function loadNative(): NativeKernels | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env.NNC_NO_NATIVE) {
    problem = 'NNC_NO_NATIVE is set';
    return loaded;
  }
  const file = path.join(packageRoot(), 'native', 'build', 'nnfast.node');
  if (!existsSync(file)) {
    problem = 'not built; they need a C++ compiler (g++) when `npm ci` runs, or `npm run build:native` afterwards';
    return loaded;
  }
  const missing = missingFeatures(path.join(path.dirname(file), 'nnfast.json'));
  if (missing.length) {
    problem = `built for a CPU with ${missing.join(', ')}, which this one lacks; rebuild with \`npm run build:native\``;
    return loaded;
  }
  try {
    loaded = createRequire(import.meta.url)(file) as NativeKernels;
  } catch (e) {
    problem = `does not load: ${String((e as Error).message).split('\n')[0]}`;
  }
  return loaded;
}

/** Instruction sets the build used (nnfast.json) that this CPU does not report (Linux only). */
function missingFeatures(manifest: string): string[] {
  try {
    const { features } = JSON.parse(readFileSync(manifest, 'utf8')) as { features: string[] };
    const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim().split(/\s+/);
    return flags ? features.filter((f) => !flags.includes(f)) : [];
  } catch {
    return [];
  }
}

/** Why the native kernels are not available ('' when they are). */
export function nativeProblem(): string {
  loadNative();
  return problem;
}
