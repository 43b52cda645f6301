// What the GPU binding needs, and what to tell a user when it cannot use the GPU. The package
// @tensorflow/tfjs-node-gpu 4.22 loads libtensorflow 2.9.1, which is built for CUDA 11.2 and
// cuDNN 8.1: it opens the CUDA libraries by their exact file names (libcudart.so.11.0,
// libcudnn.so.8, …), so a newer toolkit does not satisfy it. When one is missing, libtensorflow
// either fails to load ("<lib>: cannot open shared object file") or logs
// "Could not load dynamic library '<lib>'" and runs on the CPU; both name the file.

export const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
export const GPU_REQUIREMENTS =
  'Linux x64, an NVIDIA GPU with its driver, CUDA 11.2 and cuDNN 8.1, the versions the libtensorflow 2.9.1 it loads is built for';

/** The CUDA 11.2 file names libtensorflow 2.9.1 opens, and what provides each. */
const PROVIDERS: [RegExp, string][] = [
  [/^libcuda\.so/, 'the NVIDIA driver (460 or newer; check with nvidia-smi)'],
  [/^libcudart\.so/, 'the CUDA 11.2 runtime (CUDA Toolkit 11.2, or the cuda-cudart-11-2 package)'],
  [/^libcublas(Lt)?\.so/, 'cuBLAS of CUDA 11.2 (libcublas-11-2)'],
  [/^libcufft\.so/, 'cuFFT of CUDA 11.2 (libcufft-11-2)'],
  [/^libcurand\.so/, 'cuRAND of CUDA 11.2 (libcurand-11-2)'],
  [/^libcusolver\.so/, 'cuSOLVER of CUDA 11.2 (libcusolver-11-2)'],
  [/^libcusparse\.so/, 'cuSPARSE of CUDA 11.2 (libcusparse-11-2)'],
  [/^libcudnn/, 'cuDNN 8.1 for CUDA 11.2 (libcudnn8=8.1.*-1+cuda11.2)'],
  [/^libnvinfer/, 'TensorRT (optional: libtensorflow runs without it)'],
];

/** The shared libraries a load error or libtensorflow's log says could not be opened, in order, without repeats. */
export function missingLibraries(text: string): string[] {
  const found: string[] = [];
  const add = (lib: string) => found.includes(lib) || found.push(lib);
  // dlopen's own words: "<file>: cannot open shared object file"
  for (const m of text.matchAll(/([\w.+-]+\.so[\w.]*): cannot open shared object file/g)) add(m[1]!);
  // libtensorflow's log: "Could not load dynamic library '<file>'" (the dlerror may name a dependency of it)
  for (const m of text.matchAll(/Could not load dynamic library '([^']+)'/g)) add(m[1]!);
  return found;
}

/**
 * One message for a GPU binding that is installed but cannot use the GPU: which libraries are
 * missing and what provides them, or, without a recognisable library, the error's first line.
 */
export function explainGpuFailure(text: string): string {
  if (/tfjs_binding\.node/.test(text) && /Cannot find module|MODULE_NOT_FOUND/.test(text)) return bindingNotInstalled();
  const libs = missingLibraries(text);
  if (libs.some((l) => /^libtensorflow/.test(l))) return bindingNotInstalled();
  const needed = libs.filter((l) => !/^libnvinfer/.test(l));
  if (!needed.length) {
    const first = text.split('\n').find((l) => l.trim()) ?? 'unknown error';
    return `${GPU_PACKAGE} is installed but does not load (${first.trim()}); it needs ${GPU_REQUIREMENTS}`;
  }
  const what = needed.map((lib) => `${lib} (${PROVIDERS.find(([re]) => re.test(lib))?.[1] ?? 'a CUDA 11.2 library'})`);
  const driverOnly = needed.every((l) => /^libcuda\.so/.test(l));
  const where = driverOnly
    ? ''
    : '; CUDA 12 or cuDNN 9 do not provide these file names. Put their folder (e.g. /usr/local/cuda-11.2/lib64) on LD_LIBRARY_PATH';
  return `${GPU_PACKAGE} cannot use the GPU: missing ${what.join(', ')}${where}`;
}

function bindingNotInstalled(): string {
  return `${GPU_PACKAGE} is installed without libtensorflow: its install script, which downloads it, did not run ` +
    `(npm 11 runs a dependency's install script only once approved: npm install-scripts approve ${GPU_PACKAGE}, ` +
    `then npm rebuild ${GPU_PACKAGE}, with internet access)`;
}
