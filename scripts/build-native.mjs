// Compiles the native kernels in native/ into native/build/nnfast.node with g++ (or $CXX), using
// Node's own headers; run by `npm run prepare`. Without a compiler nothing fails: nnc then trains
// on the pure-JavaScript kernels and says so once. NNC_NO_NATIVE=1 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'native');
const out = path.join(dir, 'build', 'nnfast.node');
const headers = [path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node'), '/usr/include/node', '/usr/local/include/node']
  .find((d) => existsSync(path.join(d, 'node_api.h')));
const cxx = process.env.CXX || 'g++';

function notice(why) {
  console.log(`nnspec: native kernels not built (${why}); training uses the slower JavaScript kernels.`);
}

if (process.env.NNC_NO_NATIVE) notice('NNC_NO_NATIVE is set');
else if (!headers) notice("Node's C headers (node_api.h) not found");
else {
  mkdirSync(path.dirname(out), { recursive: true });
  const sources = readdirSync(dir).filter((f) => f.endsWith('.cc')).map((f) => path.join(dir, f));
  const flags = ['-O3', '-march=native', '-std=c++17', '-fPIC', '-shared', '-pthread', '-fno-exceptions',
    '-DNODE_GYP_MODULE_NAME=nnfast', `-I${headers}`, '-o', out, ...sources];
  if (process.platform === 'darwin') flags.push('-undefined', 'dynamic_lookup');
  const r = spawnSync(cxx, flags, { encoding: 'utf8' });
  if (r.error) notice(`${cxx} not found`);
  else if (r.status !== 0) notice(`${cxx} failed: ${(r.stderr || '').split('\n').find((l) => /error/.test(l)) ?? 'see its output'}`);
}
