// What `nnc backends` says when @tensorflow/tfjs-node-gpu is installed but cannot use the GPU, from
// the texts its binding and libtensorflow 2.9.1 print (a load error, or libtensorflow's log), and
// through `nnc backends` with stand-ins for the binding that fail the way the real one does.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { explainGpuFailure, missingLibraries } from '../../src/runtime/backends/gpu.js';
import { installedCopy } from '../installed.js';

// What libtensorflow 2.9.1 logs on a machine with the driver but without CUDA 11.2 and cuDNN 8.1.
const noToolkit = [
  "2026-03-02 10:14:07.418201: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file or directory",
  "2026-03-02 10:14:07.418511: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcublas.so.11'; dlerror: libcublas.so.11: cannot open shared object file: No such file or directory",
  "2026-03-02 10:14:07.418538: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcublasLt.so.11'; dlerror: libcublasLt.so.11: cannot open shared object file: No such file or directory",
  "2026-03-02 10:14:07.418602: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory",
  '2026-03-02 10:14:07.418611: W tensorflow/core/common_runtime/gpu/gpu_device.cc:1850] Cannot dlopen some GPU libraries. Please make sure the missing libraries mentioned above are installed properly if you would like to use GPU. Follow the guide at https://www.tensorflow.org/install/gpu for how to download and setup the required libraries for your platform.',
  'Skipping registering GPU devices...',
].join('\n');

describe('the GPU binding failure message', () => {
  it('lists every library libtensorflow could not open, once each, in order', () => {
    expect(missingLibraries(noToolkit)).toEqual(['libcudart.so.11.0', 'libcublas.so.11', 'libcublasLt.so.11', 'libcudnn.so.8']);
  });

  it('names what provides each missing CUDA 11.2 library', () => {
    expect(explainGpuFailure(noToolkit)).toBe(
      '@tensorflow/tfjs-node-gpu cannot use the GPU: missing libcudart.so.11.0 (the CUDA 11.2 runtime (CUDA Toolkit 11.2, or the cuda-cudart-11-2 package)), ' +
        'libcublas.so.11 (cuBLAS of CUDA 11.2 (libcublas-11-2)), libcublasLt.so.11 (cuBLAS of CUDA 11.2 (libcublas-11-2)), ' +
        'libcudnn.so.8 (cuDNN 8.1 for CUDA 11.2 (libcudnn8=8.1.*-1+cuda11.2)); CUDA 12 or cuDNN 9 do not provide these file names. ' +
        'Put their folder (e.g. /usr/local/cuda-11.2/lib64) on LD_LIBRARY_PATH');
  });

  it('reads a load error thrown by require', () => {
    const thrown = 'libcudnn.so.8: cannot open shared object file: No such file or directory';
    expect(missingLibraries(thrown)).toEqual(['libcudnn.so.8']);
    expect(explainGpuFailure(thrown)).toMatch(/^@tensorflow\/tfjs-node-gpu cannot use the GPU: missing libcudnn\.so\.8 \(cuDNN 8\.1 for CUDA 11\.2/);
  });

  it('names a missing dependency of a CUDA library as well as the library', () => {
    const log = "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcusolver.so.11'; dlerror: libnvJitLink.so.12: cannot open shared object file: No such file or directory";
    expect(missingLibraries(log)).toEqual(['libnvJitLink.so.12', 'libcusolver.so.11']);
    expect(explainGpuFailure(log)).toContain('libcusolver.so.11 (cuSOLVER of CUDA 11.2 (libcusolver-11-2))');
  });

  it('asks for the NVIDIA driver alone when only libcuda.so.1 is missing', () => {
    const log = [
      "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcuda.so.1'; dlerror: libcuda.so.1: cannot open shared object file: No such file or directory",
      'W tensorflow/stream_executor/cuda/cuda_driver.cc:269] failed call to cuInit: UNKNOWN ERROR (303)',
    ].join('\n');
    expect(explainGpuFailure(log)).toBe('@tensorflow/tfjs-node-gpu cannot use the GPU: missing libcuda.so.1 (the NVIDIA driver (460 or newer; check with nvidia-smi))');
  });

  it('ignores TensorRT, which libtensorflow does without', () => {
    const log = "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libnvinfer.so.7'; dlerror: libnvinfer.so.7: cannot open shared object file: No such file or directory\n" +
      "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory";
    expect(explainGpuFailure(log)).toMatch(/missing libcudnn\.so\.8 \(cuDNN 8\.1[^;]*\); CUDA 12/);
    expect(explainGpuFailure(log)).not.toContain('libnvinfer');
  });

  it('explains a binding whose install script did not run (no libtensorflow, or no binding at all)', () => {
    const noLib = 'libtensorflow.so.2: cannot open shared object file: No such file or directory';
    const noBinding = "Cannot find module '/home/u/p/node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node'";
    const expected = '@tensorflow/tfjs-node-gpu is installed without libtensorflow: its install script, which downloads it, did not run ' +
      "(npm 11 runs a dependency's install script only once approved: npm install-scripts approve @tensorflow/tfjs-node-gpu, " +
      'then npm rebuild @tensorflow/tfjs-node-gpu, with internet access)';
    expect(explainGpuFailure(noLib)).toBe(expected);
    expect(explainGpuFailure(noBinding)).toBe(expected);
  });

  it('falls back to the first line of an unrecognised error, with the requirements', () => {
    const err = "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.30' not found (required by libtensorflow.so.2)\n    at Module._extensions..node";
    expect(explainGpuFailure(err)).toBe("@tensorflow/tfjs-node-gpu is installed but does not load (/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.30' " +
      "not found (required by libtensorflow.so.2)); it needs Linux x64, an NVIDIA GPU with its driver, CUDA 11.2 and cuDNN 8.1, the versions the libtensorflow 2.9.1 it loads is built for");
  });
});

/** `nnc backends --json`'s tensorflow-gpu entry with a stand-in @tensorflow/tfjs-node-gpu whose index.js is `code`. */
function gpuEntry(code: string): { loads: boolean; note: string } {
  const { project, nnc } = installedCopy({ '@tensorflow/tfjs-node-gpu': { 'package.json': '{"name":"@tensorflow/tfjs-node-gpu","version":"4.22.0","main":"index.js"}', 'index.js': code } });
  const out = execFileSync(process.execPath, [nnc, 'backends', '--json'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const json = JSON.parse(out) as { backends: { name: string; loads: boolean; note: string }[] };
  const { name: _, ...entry } = json.backends.find((b) => b.name === 'tensorflow-gpu')!;
  return entry;
}

describe('nnc backends with a GPU binding that cannot use the GPU', () => {
  it('names the library missing when the binding fails to load', () => {
    expect(gpuEntry("throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory');")).toEqual({
      loads: false,
      note: '@tensorflow/tfjs-node-gpu cannot use the GPU: missing libcudart.so.11.0 (the CUDA 11.2 runtime (CUDA Toolkit 11.2, or the cuda-cudart-11-2 package)); ' +
        'CUDA 12 or cuDNN 9 do not provide these file names. Put their folder (e.g. /usr/local/cuda-11.2/lib64) on LD_LIBRARY_PATH',
    });
  });

  it('reads libtensorflow\'s log when the binding loads but finds no GPU device', () => {
    // As libtensorflow does: logs the libraries it could not open, then registers a backend on the CPU.
    const code = [
      "process.stderr.write(\"W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory\\n\");",
      "const tf = require('@tensorflow/tfjs-core');",
      "const { MathBackendCPU } = require('@tensorflow/tfjs-backend-cpu');",
      "tf.registerBackend('tensorflow', () => Object.assign(new MathBackendCPU(), { isGPUPackage: true, isUsingGpuDevice: false }), 3);",
    ].join('\n');
    expect(gpuEntry(code)).toEqual({
      loads: false,
      note: '@tensorflow/tfjs-node-gpu cannot use the GPU: missing libcudnn.so.8 (cuDNN 8.1 for CUDA 11.2 (libcudnn8=8.1.*-1+cuda11.2)); ' +
        'CUDA 12 or cuDNN 9 do not provide these file names. Put their folder (e.g. /usr/local/cuda-11.2/lib64) on LD_LIBRARY_PATH',
    });
  });
});
