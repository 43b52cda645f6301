// Compile speed: a generated spec of 10,000 layers compiled in-process (after warm-up), and
// `nnc check` of a typical spec as a whole process. Targets: ≤ 100 ms and ≤ 0.2 s. Wall-clock
// times are given with the CPU time of the same runs (user + system), which holds better on a
// machine shared with other jobs.
// Run after `npm ci` (which builds dist/): node bench/compile/run.mjs
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { describeTimes, median, timeProcess } from '../process-time.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { compile } = await import(path.join(root, 'dist/check/compile.js'));
const { parseSource } = await import(path.join(root, 'dist/syntax/parse.js'));

function bigSpec(layers) {
  const lines = ['block unit(f) {', '  conv(f, padding = same) + bn + relu', '}', 'model big {', '  input(8, 8, 4)'];
  for (let i = 0; i < layers / 4; i++) lines.push(`  conv(8, 3, padding = same) + bn + l2(0.001) + relu\n  dropout(0.1)`);
  lines.push('  gap', '  dense(10) + softmax', '}');
  return lines.join('\n');
}

const text = bigSpec(10_000);
const host = { readFile: () => new Error('no imports here') };
let nodes = 0;
for (let i = 0; i < 20; i++) compile('big.nn', { text, host });
const times = [];
const cpuTimes = [];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  const c = cpuMs();
  const r = compile('big.nn', { text, host });
  times.push(performance.now() - t);
  cpuTimes.push(cpuMs() - c);
  if (!r.ir) throw new Error('the generated spec did not compile');
  nodes = r.ir.models[0].nodes.length;
}
const inProc = median(times);
// What `nnc check`, `nnc summary` and the language server's re-check on every edit compile: the
// models without the IR's structure section, which none of them reads.
const checkTimes = [];
const checkCpu = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  const c = cpuMs();
  compile('big.nn', { text, host, structure: false });
  checkTimes.push(performance.now() - t);
  checkCpu.push(cpuMs() - c);
}
const parseTimes = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  parseSource('big.nn', text);
  parseTimes.push(performance.now() - t);
}
const parse = median(parseTimes);
console.log(`compile ${nodes} layers (${(text.length / 1024).toFixed(0)} KiB) in-process: median ${inProc.toFixed(1)} ms wall, ${median(cpuTimes).toFixed(1)} ms CPU (target ≤ 100 ms): parsing ${parse.toFixed(1)} ms, checking and IR ${(inProc - parse).toFixed(1)} ms`);
console.log(`the same as check, summary and an editor re-check compile it (no structure section): median ${median(checkTimes).toFixed(1)} ms wall, ${median(checkCpu).toFixed(1)} ms CPU`);

const runs = Array.from({ length: 9 }, () => timeProcess(process.execPath, [path.join(root, 'bin/nnc.js'), 'check', path.join(root, 'specs/hw4/part2.nn')]));
const bare = Array.from({ length: 9 }, () => timeProcess(process.execPath, ['-e', '0']));
console.log(`nnc check specs/hw4/part2.nn as a process: ${describeTimes(runs)} (target ≤ 0.2 s); \`node -e 0\` alone: ${describeTimes(bare)}`);
