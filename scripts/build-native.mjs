// Compiles the native kernels in native/ into native/build/nnfast.node with g++ (or $CXX), using
// Node's own headers; run by `npm ci` / `npm run prepare` / `npm run build:native`. It never fails
// the install: without a compiler, nnc trains on the JavaScript/WebAssembly kernels and says so.
// The build targets this machine's CPU (-march=native); native/build/nnfast.json records the
// instruction sets it uses, and the loader refuses the addon on a CPU that lacks them.
// NNC_NO_NATIVE=1 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'native');
const outDir = path.join(dir, 'build');
const out = path.join(outDir, 'nnfast.node');
const headers = [path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node'), '/usr/include/node', '/usr/local/include/node']
  .find((d) => existsSync(path.join(d, 'node_api.h')));
const cxx = process.env.CXX || 'g++';
const arch = process.env.NNC_NATIVE_ARCH || 'native';

function notice(why) {
  console.log(`nnspec: native kernels not built (${why}); nnc will train on the slower JavaScript/WebAssembly kernels.`);
}

/** The instruction sets the compiler enables for -march=…, as /proc/cpuinfo flag names. */
function targetFeatures() {
  const r = spawnSync(cxx, [`-march=${arch}`, '-dM', '-E', '-x', 'c++', '-'], { input: '', encoding: 'utf8' });
  const macros = r.stdout ?? '';
  return ['avx512f', 'avx512bw', 'avx512vl', 'avx512dq', 'avx2', 'fma', 'avx', 'f16c', 'bmi2'].filter((f) =>
    macros.includes(`#define __${f.toUpperCase()}__ 1`));
}

function build() {
  if (process.env.NNC_NO_NATIVE) return notice('NNC_NO_NATIVE is set');
  if (!headers) return notice("Node's C headers (node_api.h) were not found");
  mkdirSync(outDir, { recursive: true });
  rmSync(out, { force: true });
  rmSync(path.join(outDir, 'nnfast.json'), { force: true });
  const sources = readdirSync(dir).filter((f) => f.endsWith('.cc')).map((f) => path.join(dir, f));
  const flags = ['-O3', `-march=${arch}`, '-std=c++17', '-fPIC', '-shared', '-pthread', '-fno-exceptions',
    '-DNODE_GYP_MODULE_NAME=nnfast', `-I${headers}`, '-o', out, ...sources];
  if (process.platform === 'darwin') flags.push('-undefined', 'dynamic_lookup');
  const r = spawnSync(cxx, flags, { encoding: 'utf8' });
  if (r.error) return notice(`${cxx} was not found`);
  if (r.status !== 0) return notice(`${cxx} failed: ${(r.stderr || '').split('\n').find((l) => /error/.test(l)) ?? 'see its output'}`);
  writeFileSync(path.join(outDir, 'nnfast.json'), JSON.stringify({ compiler: cxx, arch, features: targetFeatures() }) + '\n');
}

build();
