// Loads the native kernels: native/build/nnfast.node (compiled by scripts/build-native.mjs when the
// package is installed, or by `nnc build-native`), else a prebuilt native/prebuilt/<platform>-<arch>/
// nnfast.node shipped with the package. Returns null when neither loads here, with the reason in
// `nativeProblem()`; callers then keep TF.js's JavaScript kernels. The add-on picks the best
// instruction set of this CPU (AVX-512, AVX2 or baseline); NNC_NATIVE_ISA forces one.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

type F32 = Float32Array;
type Params = Int32Array;

/** The functions of native/addon.cc. Shapes travel as the 15 ints of a ConvShape (see kernels.h). */
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
  /**
   * Winograd for 3×3 stride-1 convolutions: sets the mode when given (0 off, 1 by shape, 2 F(2,3)
   * and 4 F(4,3) wherever they apply); returns [mode, then the calls that took it: forward, input
   * gradient and filter gradient in F(2,3), the same in F(4,3)]. Absent from add-ons built before
   * it, and shorter from those built before the filter gradient and F(4,3).
   */
  winograd?(mode?: number): number[];
  /**
   * The compiled step for chains of dense layers (native/step.h): a handle over the weights'
   * own arrays (header, 10 numbers and 14 arrays per layer: see step_addon.cc), a training step on
   * the rows idx[start..end) (out: [Σ loss, correct, penalty after]; Adam's 1 − β₁ᵗ, 1 − β₂ᵗ),
   * inference, and the L1/L2 penalty. Absent from add-ons built before it.
   */
  stepNet?(header: Float64Array, layers: Float64Array, arrays: (F32 | null)[]): StepHandle;
  /** Milliseconds per phase of the compiled step since the last call (STEP_PHASES's order). */
  stepProfile?(net: StepHandle): Float64Array;
  stepTrain?(net: StepHandle, x: F32, y: F32, idx: Int32Array, start: number, end: number, out: Float64Array, a1?: number, a2?: number, states?: Float64Array | null): void;
  stepEval?(net: StepHandle, x: F32, y: F32 | null, n: number, probs: F32 | null, out: Float64Array | null): void;
  stepPenalty?(net: StepHandle): number;
  /** Sets the number of threads when given; returns the number in use. */
  threads(n?: number): number;
  /** Switches to the named instruction set when given (throws when this CPU lacks it); returns the one in use. */
  isa(name?: Isa): Isa;
  /** The instruction sets usable here, best first (the last is always 'baseline'). */
  isas(): Isa[];
}

/** An opaque native StepNet (see stepNet). */
export type StepHandle = { readonly __dense: unique symbol };

/** The kernels' instruction-set paths: AVX-512, AVX2 with FMA, and baseline (SSE2 on x86-64, NEON on ARM64). */
export const ISAS = ['avx512', 'avx2', 'baseline'] as const;
export type Isa = (typeof ISAS)[number];

let loaded: NativeKernels | null | undefined;
let problem = '';
let origin = '';

/** The package root: the nearest folder above this file with a native/ folder. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'native')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Where the add-on is looked for, in order: a local build, then the package's prebuilt binary. */
export function addonCandidates(root = packageRoot()): string[] {
  return [
    path.join(root, 'native', 'build', 'nnfast.node'),
    path.join(root, 'native', 'prebuilt', `${process.platform}-${process.arch}`, 'nnfast.node'),
  ];
}

export function loadNative(): NativeKernels | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env.NNC_NO_NATIVE) {
    problem = 'NNC_NO_NATIVE is set';
    return loaded;
  }
  const files = addonCandidates().filter((f) => existsSync(f));
  if (!files.length) {
    problem = notBuilt();
    return loaded;
  }
  const failures: string[] = [];
  for (const file of files) {
    try {
      const kernels = createRequire(import.meta.url)(file) as NativeKernels;
      const forced = forceIsa(kernels);
      if (forced) {
        problem = forced;
        return loaded;
      }
      origin = file;
      winogradFromEnv(kernels);
      loaded = kernels;
      return loaded;
    } catch (e) {
      failures.push(`${path.relative(packageRoot(), file)} does not load: ${String((e as Error).message).split('\n')[0]}`);
    }
  }
  problem = `${failures.join('; ')}; rebuild them with \`npx nnc build-native\``;
  return loaded;
}

/**
 * Why there is no add-on: the reason the install's build recorded (build-failure.txt), and when
 * nnspec is a dependency, npm 11's rule that its install script runs only once approved.
 */
function notBuilt(): string {
  const root = packageRoot();
  let failed = '';
  try {
    failed = readFileSync(path.join(root, 'native', 'build', 'build-failure.txt'), 'utf8').trim();
  } catch {
    // no build was tried, or it was removed
  }
  if (failed) return `the build failed (${failed}); with a C++ compiler (g++) build them with \`npx nnc build-native\``;
  if (root.split(path.sep).includes('node_modules')) {
    return "not built: npm 11 runs a dependency's install script, which builds them, only once approved " +
      '(npm install-scripts approve nnspec, then npm rebuild nnspec); or build them with `npx nnc build-native` (needs g++)';
  }
  return 'not built: they need a C++ compiler (g++); build them with `npx nnc build-native`';
}

/** Applies NNC_NATIVE_ISA; returns why it cannot be honoured ('' when it can or is unset). */
function forceIsa(kernels: NativeKernels): string {
  const want = process.env.NNC_NATIVE_ISA;
  if (!want) return '';
  const why = isaProblem(want, kernels.isas());
  if (!why) kernels.isa(want as Isa);
  return why;
}

/**
 * Applies NNC_WINOGRAD (0 off, 1 by shape, the default, 2 F(2,3) and 4 F(4,3) wherever they
 * apply); other values are ignored.
 */
function winogradFromEnv(kernels: NativeKernels): void {
  const mode = process.env.NNC_WINOGRAD;
  if (mode === '0' || mode === '1' || mode === '2' || mode === '4') kernels.winograd?.(Number(mode));
}

/** Why the instruction set `want` cannot be used when those `usable` are ('' when it can). */
export function isaProblem(want: string, usable: readonly Isa[]): string {
  if (!(ISAS as readonly string[]).includes(want)) return `NNC_NATIVE_ISA must be one of ${ISAS.join(', ')}; got "${want}"`;
  if (!usable.includes(want as Isa)) return `NNC_NATIVE_ISA=${want}, but this CPU runs only ${usable.join(', ')}`;
  return '';
}

/** Why the native kernels are not available ('' when they are). */
export function nativeProblem(): string {
  loadNative();
  return problem;
}

/**
 * The loaded add-on's file, the instruction set in use, those usable here, and whether
 * NNC_NATIVE_ISA chose it; null when none loads.
 */
export function nativeInfo(): { file: string; isa: Isa; usable: Isa[]; forced: boolean } | null {
  const kernels = loadNative();
  if (!kernels) return null;
  return { file: origin, isa: kernels.isa(), usable: kernels.isas(), forced: Boolean(process.env.NNC_NATIVE_ISA) };
}
