// Compiles the native kernels in native/ into <out>/nnfast.node (default: native/build/ of this
// package) with g++ (or $CXX), using Node's own headers. Run by `npm install`/`npm ci` (the
// package's install script), by `nnc build-native`, or directly:
//   node scripts/build-native.mjs [--out DIR] [--strict]
// It never fails an install: without a compiler it prints one notice and exits 0, and nnc trains on
// the JavaScript/WebAssembly kernels (--strict: exit 1 instead, for packaging). NNC_NO_NATIVE=1
// skips the build.
//
// The add-on runs on any CPU of its architecture: on x86-64 the kernel sources are compiled three
// times (AVX-512, AVX2 with FMA, baseline SSE2), each copy in its own namespace (native/isa.h), and
// dispatch.cc picks one at run time; the rest is compiled for baseline x86-64. Objects are linked
// baseline first: the copies of inline library functions (std::vector's, std::function's) that
// several objects define are then taken from the baseline object, so no shared function carries
// AVX instructions. Other architectures (ARM64) get the baseline copy only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.join(root, 'native');
/** Where the loader looks first (src/runtime/fast/addon.ts). */
export const defaultOut = path.join(sourceDir, 'build');

/** Compiled once per instruction set. */
const KERNELS = ['gemm.cc', 'conv.cc', 'winograd.cc', 'direct.cc', 'pool2d.cc', 'norm.cc', 'elementwise.cc', 'step.cc', 'dense_gemm.cc', 'table.cc'];
/** Compiled once, for the architecture's baseline. */
const COMMON = ['addon.cc', 'step_addon.cc', 'threads.cc', 'dispatch.cc'];
/** Instruction sets built on x86-64, in link order (baseline first; see above). */
const X86_ISAS = {
  baseline: [],
  avx2: ['-mavx2', '-mfma'],
  avx512: ['-mavx512f', '-mavx512bw', '-mavx512dq', '-mavx512vl', '-mavx2', '-mfma'],
};

const NOTICE = 'nnspec: native kernels not built';

function nodeHeaders() {
  const own = path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node');
  return [own, '/usr/include/node', '/usr/local/include/node']
    .find((d) => existsSync(path.join(d, 'node_api.h')));
}

/** Runs the compiler; resolves to '' on success, else the reason. */
function run(cxx, args) {
  return new Promise((resolve) => {
    const child = spawn(cxx, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', () => resolve(`${cxx} was not found`));
    child.on('close', (code) => {
      const line = err.split('\n').find((l) => /error/.test(l)) ?? 'see its output';
      resolve(code === 0 ? '' : `${cxx} failed: ${line}`);
    });
  });
}

/** Runs the jobs (functions returning promises of '' or a reason) a few at a time; the first reason wins. */
async function all(jobs) {
  let next = 0;
  let failure = '';
  const worker = async () => {
    while (next < jobs.length && !failure) failure = (await jobs[next++]()) || failure;
  };
  await Promise.all(Array.from({ length: Math.max(1, os.availableParallelism()) }, worker));
  return failure;
}

/**
 * Builds <out>/nnfast.node. Never throws: returns { ok: true, file, target, isas } or { ok: false,
 * reason }; a failure's reason is also left in <out>/build-failure.txt for `nnc backends`.
 * Options: out (folder), cxx (compiler; default $CXX or g++).
 */
export async function buildNative({ out = defaultOut, cxx = process.env.CXX || 'g++' } = {}) {
  if (process.env.NNC_NO_NATIVE) return { ok: false, reason: 'NNC_NO_NATIVE is set' };
  const result = await build(out, cxx);
  try {
    if (result.ok) rmSync(path.join(out, 'build-failure.txt'), { force: true });
    else {
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(out, 'build-failure.txt'), `${result.reason}\n`);
    }
  } catch {
    // the folder is not writable: the reason is still returned
  }
  return result;
}

async function build(out, cxx) {
  const headers = nodeHeaders();
  if (!headers) return { ok: false, reason: "Node's C headers (node_api.h) were not found" };
  const probe = spawnSync(cxx, ['-dumpmachine'], { encoding: 'utf8' });
  if (probe.error) return { ok: false, reason: `${cxx} was not found` };
  const target = probe.stdout.trim();
  const isas = /^(x86_64|i[3-6]86)/.test(target) ? X86_ISAS : { baseline: [] };
  const file = path.join(out, 'nnfast.node');
  let tmp;
  try {
    mkdirSync(out, { recursive: true });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nnfast-'));
  } catch (e) {
    return { ok: false, reason: `cannot write ${out}: ${e.code ?? e.message}` };
  }
  try {
    const flags = ['-O3', '-std=c++17', '-fPIC', '-pthread', '-fno-exceptions', '-fvisibility=hidden',
      '-DNODE_GYP_MODULE_NAME=nnfast', `-I${headers}`, `-I${sourceDir}`];
    const objects = [];
    const jobs = [];
    const compile = (source, isa, extra) => {
      const obj = path.join(tmp, `${path.basename(source, '.cc')}${isa ? `.${isa}` : ''}.o`);
      objects.push(obj);
      const defs = isa ? [`-DNNFAST_ISA=${isa}`] : [];
      jobs.push(() => run(cxx, [...flags, ...extra, ...defs, '-c', path.join(sourceDir, source), '-o', obj]));
    };
    for (const source of COMMON) compile(source, '', []);
    for (const [isa, extra] of Object.entries(isas)) for (const source of KERNELS) compile(source, isa, extra);
    const failed = await all(jobs);
    if (failed) return { ok: false, reason: failed };
    // Linked to a temporary name, then renamed: a running process keeps the add-on it loaded.
    const partial = path.join(out, `.nnfast-${process.pid}.node`);
    const link = ['-shared', '-pthread', '-o', partial, ...objects];
    if (process.platform === 'darwin') link.push('-undefined', 'dynamic_lookup');
    const linked = await run(cxx, link);
    if (linked) return { ok: false, reason: linked };
    renameSync(partial, file);
    rmSync(path.join(out, 'nnfast.json'), { force: true });  // written by earlier versions
    return { ok: true, file, target, isas: Object.keys(isas).reverse() };
  } catch (e) {
    return { ok: false, reason: `cannot write ${out}: ${e.code ?? e.message}` };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The one line printed when the kernels were not built. */
export const notice = (reason) =>
  `${NOTICE} (${reason}); nnc will train on the slower JavaScript/WebAssembly kernels. ` +
  'Build them later with: npx nnc build-native';

async function main(argv) {
  const at = argv.indexOf('--out');
  if (at >= 0 && !argv[at + 1]) {
    console.error('build-native: --out needs a folder');
    return 2;
  }
  const result = await buildNative(at >= 0 ? { out: path.resolve(argv[at + 1]) } : {});
  if (result.ok) return 0;
  console.log(notice(result.reason));
  return argv.includes('--strict') ? 1 : 0;
}

const invoked = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) process.exitCode = await main(process.argv.slice(2));
