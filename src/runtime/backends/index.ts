// The TF.js backends nnc can train on, how to find out whether each loads here, and loading one.
// `tensorflow-gpu` and `tensorflow` are the optional native bindings (libtensorflow); `fast` is
// the embedded default (TF.js's cpu backend with nnc's native C++ kernels from ../fast, compiled
// at install); `wasm` is the fallback when those kernels are not built (WebAssembly, with the
// gradient kernels it lacks added from ../kernels); `cpu` is TF.js's pure-JavaScript reference
// backend. Nothing here loads TF.js until asked.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadNative, nativeInfo, nativeProblem } from '../fast/addon.js';
import { explainGpuFailure, GPU_PACKAGE, GPU_REQUIREMENTS } from './gpu.js';
import type { Tf } from '../tf.js';

import { BACKENDS, type BackendChoice, type BackendName } from './names.js';

export { BACKENDS, type BackendChoice, type BackendName } from './names.js';

export interface BackendStatus {
  name: BackendName;
  loads: boolean;
  /** What it is, when it loads; why not and how to get it, when it does not. */
  note: string;
  /** For `fast`, when it loads: the instruction set of the native kernels in use (avx512, avx2 or baseline). */
  isa?: string;
}

/** A backend that cannot be used here; the message says why and what to do. */
export class BackendUnavailable extends Error {}

const NATIVE: Record<'tensorflow-gpu' | 'tensorflow', { pkg: string; how: string }> = {
  'tensorflow-gpu': {
    pkg: GPU_PACKAGE,
    how: `npm install ${GPU_PACKAGE}@4.22.0 (${GPU_REQUIREMENTS}; its install script downloads libtensorflow, so it needs internet access, and npm 11 runs it only once approved: npm install-scripts approve ${GPU_PACKAGE})`,
  },
  tensorflow: {
    pkg: '@tensorflow/tfjs-node',
    how: 'npm install @tensorflow/tfjs-node@4.22.0 (its install script downloads libtensorflow for this platform, so it needs internet access, and npm 11 runs it only once approved: npm install-scripts approve @tensorflow/tfjs-node)',
  },
};

const DESCRIPTION: Record<BackendName, string> = {
  'tensorflow-gpu': 'libtensorflow with CUDA: the fastest when an NVIDIA GPU is present',
  tensorflow: 'libtensorflow on the CPU, all cores',
  fast: 'embedded: TF.js cpu backend with native C++ kernels (SIMD, all cores) for convolutions, pooling, matrix products, batch norm and element-wise ops',
  wasm: 'embedded WebAssembly (SIMD, one thread in Node), with composed gradient kernels so every v1 layer trains',
  cpu: 'embedded pure-JavaScript reference backend; correct but very slow on convolutions',
};

const require = createRequire(import.meta.url);

function isInstalled(pkg: string): boolean {
  try {
    require.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0]!;

let base: Promise<Tf> | undefined;
/** Set once a native binding's libtensorflow is in the process (even one that then cannot use the GPU). */
let bindingImported = false;
const active = new Map<BackendName, Promise<string[]>>();

async function loadBase(): Promise<Tf> {
  base ??= (async () => {
    const { loadTf } = await import('../tf.js');
    return loadTf();
  })();
  return base;
}

/** Makes one backend available in TF.js; returns the kernels added to it. Throws BackendUnavailable. */
async function prepare(tf: Tf, name: BackendName): Promise<string[]> {
  if (name === 'cpu') return [];
  if (name === 'fast') {
    const { registerFast } = await import('../fast/backend.js');
    const added = await registerFast(tf.core);
    if (!added) throw new BackendUnavailable(`fast: native kernels unavailable: ${nativeProblem()}`);
    return added;
  }
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.core.setBackend('wasm'))) throw new BackendUnavailable('wasm: the WebAssembly module failed to initialize');
    const { registerMissingKernels } = await import('../kernels/index.js');
    return registerMissingKernels(tf.core, 'wasm');
  }
  const { pkg, how } = NATIVE[name];
  if (!isInstalled(pkg)) throw new BackendUnavailable(`${name}: ${pkg} is not installed; to get it: ${how}`);
  const other = name === 'tensorflow' ? NATIVE['tensorflow-gpu'].pkg : NATIVE.tensorflow.pkg;
  try {
    await import(pkg);
    bindingImported = true;
  } catch (e) {
    const message = String((e as Error)?.message ?? e);
    if (name === 'tensorflow-gpu') throw new BackendUnavailable(`${name}: ${explainGpuFailure(message)}`);
    throw new BackendUnavailable(`${name}: ${pkg} is installed but does not load (${firstLine(e)}); reinstall it: ${how}`);
  }
  if (!tf.core.findBackend('tensorflow')) throw new BackendUnavailable(`${name}: ${pkg} loaded but registered no 'tensorflow' backend (is ${other} loaded too?)`);
  if (name === 'tensorflow-gpu') await checkGpuInUse(tf);
  return [];
}

/**
 * libtensorflow loads without the CUDA libraries and then runs on the CPU, saying why only in its
 * log on stderr; when the GPU binding reports no GPU device, a child process loads it again to read
 * that log and name the missing libraries.
 */
async function checkGpuInUse(tf: Tf): Promise<void> {
  await tf.core.setBackend('tensorflow');
  if ((tf.core.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice !== false) return;
  const probe = `const tf = require(${JSON.stringify(require.resolve(GPU_PACKAGE))}); tf.tensor([1]).add(1).dataSync();`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '0' } });
  const log = `${r.stderr ?? ''}\n${r.stdout ?? ''}`;
  const why = /cannot open shared object file|Could not load dynamic library/.test(log)
    ? explainGpuFailure(log)
    : `${GPU_PACKAGE} loads but finds no GPU device (no NVIDIA GPU, or one its CUDA 11.2 build does not support); it needs ${GPU_REQUIREMENTS}`;
  throw new BackendUnavailable(`tensorflow-gpu: ${why}`);
}

/** The TF.js name of a backend: both native bindings register themselves as `tensorflow`. */
const tfjsName = (name: BackendName) => (name === 'tensorflow-gpu' ? 'tensorflow' : name);

export interface LoadedBackend {
  tf: Tf;
  name: BackendName;
  /** Kernels nnc registered because the backend lacked them (or, for `fast`, replaced). */
  addedKernels: string[];
  /** With `auto`: a one-line note when the embedded default could not be used, and why. */
  notice?: string;
}

/**
 * TF.js's cpu backend prints, on first use in Node, advice to install tfjs-node; `nnc backends`
 * already says which backends exist and how to get them, so the banner is turned off.
 */
function quietFirstUse(backend: object): void {
  if ('firstUse' in backend) (backend as { firstUse: boolean }).firstUse = false;
}

/** Loads TF.js on the chosen backend; `auto` takes the first of BACKENDS that loads. */
export async function loadBackend(choice: BackendChoice): Promise<LoadedBackend> {
  const tf = await loadBase();
  const names = choice === 'auto' ? autoOrder() : [choice];
  let lastError: unknown;
  for (const name of names) {
    try {
      if (!active.has(name)) active.set(name, prepare(tf, name));
      const addedKernels = await active.get(name)!;
      await tf.core.setBackend(tfjsName(name));
      await tf.core.ready();
      quietFirstUse(tf.core.backend());
      const skipped = choice === 'auto' && name !== 'fast' && !isNativeBinding(name) && !loadNative();
      const notice = skipped ? `native kernels unavailable (${nativeProblem()}); using the slower ${name} backend` : undefined;
      return { tf, name, addedKernels, ...(notice ? { notice } : {}) };
    } catch (e) {
      active.delete(name);
      lastError = e;
    }
  }
  throw lastError instanceof BackendUnavailable ? lastError : new BackendUnavailable(firstLine(lastError));
}

const isNativeBinding = (name: BackendName) => name === 'tensorflow' || name === 'tensorflow-gpu';

/**
 * What `auto` tries, fastest first: native bindings only when installed (loading both conflicts),
 * then the native kernels when they are built and load on this CPU, then wasm and cpu.
 */
function autoOrder(): BackendName[] {
  const natives = (['tensorflow-gpu', 'tensorflow'] as const).filter((n) => isInstalled(NATIVE[n].pkg)).slice(0, 1);
  return [...natives, ...(loadNative() ? (['fast'] as const) : []), 'wasm', 'cpu'];
}

/** Whether each backend loads here, trying each for real (native bindings only when installed). */
export async function probeBackends(): Promise<BackendStatus[]> {
  const out: BackendStatus[] = [];
  for (const name of BACKENDS) {
    if ((name === 'tensorflow' || name === 'tensorflow-gpu') && bindingImported) {
      out.push({ name, loads: false, note: 'not tried: only one of the two native bindings can be loaded in one process' });
      continue;
    }
    try {
      const { addedKernels } = await loadBackend(name);
      const added = addedKernels.length ? `; ${name === 'fast' ? 'native' : 'added'} kernels: ${addedKernels.join(', ')}` : '';
      const native = name === 'fast' ? nativeInfo() : null;
      if (native) out.push({ name, loads: true, note: `${DESCRIPTION[name]}; ${isaNote(native)}${added}`, isa: native.isa });
      else out.push({ name, loads: true, note: DESCRIPTION[name] + added });
    } catch (e) {
      out.push({ name, loads: false, note: (e as Error).message.replace(`${name}: `, '') });
    }
  }
  return out;
}

/** "instruction set: avx512 (usable here: avx512, avx2, baseline)", or "… (forced by NNC_NATIVE_ISA; …)". */
function isaNote(native: NonNullable<ReturnType<typeof nativeInfo>>): string {
  const forced = native.forced ? 'forced by NNC_NATIVE_ISA; ' : '';
  return `instruction set: ${native.isa} (${forced}usable here: ${native.usable.join(', ')})`;
}

/** The backend `auto` picks, without loading TF.js. */
export const autoChoice = (): BackendName => autoOrder()[0]!;

/**
 * Why a model cannot be trained correctly on the stock wasm backend even with nnc's kernels:
 * its gradients of 3-D convolution (Conv3DBackpropFilterV2/InputV2) and of upsampling
 * (ResizeNearestNeighborGrad, ResizeBilinearGrad) differ from the reference cpu backend's
 * (tests/runtime/layers-train.test.ts). Undefined when there is no such layer.
 */
export function wasmTrainingGap(model: { nodes: { name: string; kind: string; inputs: string[]; id: string; outputShape: number[] }[] }): string | undefined {
  const shapes = new Map(model.nodes.map((n) => [n.id, n.outputShape]));
  const bad = model.nodes.find((n) => n.kind === 'upsample' || (n.kind === 'conv' && shapes.get(n.inputs[0] ?? '')?.length === 4));
  if (!bad) return undefined;
  return `${bad.name} (${bad.kind}): the wasm backend's gradient for it is wrong, so models with it train on cpu (--backend cpu) or a native backend`;
}
