// Per-layer times of the seed CNN's convolutions (specs/hw4/part2.nn `cnn`, batch 32, 'same'
// padding) in the native kernels: forward, input gradient and filter gradient, under each of the
// given Winograd modes (NNC_WINOGRAD's values; default 0, 2 and 4: im2col, F(2,3) and F(4,3)
// wherever they apply). Each (layer, kernel, mode) is timed in alternation with the others, and
// the median and best of the repetitions are printed, so a busy machine stretches all alike.
//   node bench/train/conv.mjs [--reps N] [--batch N] [--modes 0,1,2,4] [--addon FILE]...
// With --addon files (e.g. a copy of an earlier build), each is timed in turn, in the same
// alternation (default mode 1, the default); without, the build the loader picks.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const option = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const reps = Number(option('--reps', 7));
const batch = Number(option('--batch', 32));
const addons = argv.flatMap((a, i) => (argv[i - 1] === '--addon' ? [path.resolve(a)] : []));
const require = createRequire(import.meta.url);

const LAYERS = [[64, 3, 64], [32, 64, 128], [16, 128, 128], [8, 128, 256], [4, 256, 256]];
const KERNELS = ['forward', 'input gradient', 'filter gradient'];

function rand(n) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}

/** The calls of one layer: [kernel name, () => void]. */
function layer(nk, [hw, c, co]) {
  const p = Int32Array.of(batch, hw, hw, c, 3, 3, co, hw, hw, 1, 1, 1, 1, 1, 1);
  const x = rand(batch * hw * hw * c), w = rand(9 * c * co), y = new Float32Array(batch * hw * hw * co);
  const dy = rand(y.length), dx = new Float32Array(x.length), dw = new Float32Array(w.length);
  return [
    () => nk.conv2d(p, x, w, null, y, 0, 0),
    () => nk.conv2dBackpropInput(p, dy, w, dx),
    () => nk.conv2dBackpropFilter(p, x, dy, dw),
  ];
}

const modes = option('--modes', addons.length ? '1' : '0,2,4').split(',').map(Number);
const label = { 0: 'im2col', 1: 'default', 2: 'F(2,3)', 4: 'F(4,3)' };
let builds;
if (addons.length) {
  builds = addons.map((file) => ({ name: `${path.relative(root, file)} `, nk: require(file) }));
} else {
  const { loadNative } = await import(path.join(root, 'dist/runtime/fast/addon.js'));
  const nk = loadNative();
  if (!nk) throw new Error('the native kernels are not built: node scripts/build-native.mjs');
  builds = [{ name: '', nk }];
}
const sides = builds.flatMap((b) => modes.map((mode) => ({ name: `${b.name}${label[mode] ?? mode}`, nk: b.nk, mode })));

const runs = [];
for (const s of sides) {
  for (const [li, shape] of LAYERS.entries()) {
    const calls = layer(s.nk, shape);
    calls.forEach((f, ki) => runs.push({ side: s, li, ki, f, ms: [] }));
  }
}
for (let r = 0; r <= reps; r++) {
  for (const run of runs) {
    run.side.nk.winograd?.(run.side.mode);
    const t = performance.now();
    run.f();
    if (r > 0) run.ms.push(performance.now() - t);  // the first repetition warms up
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`batch ${batch}, 'same' 3×3 convolutions, ms: median (best) of ${reps}`);
const head = ['layer', 'kernel', ...sides.map((s) => s.name)];
const rows = [];
for (const [li, [hw, c, co]] of LAYERS.entries()) {
  for (const [ki, k] of KERNELS.entries()) {
    const cells = sides.map((s) => {
      const run = runs.find((x) => x.side === s && x.li === li && x.ki === ki);
      return `${median(run.ms).toFixed(1)} (${Math.min(...run.ms).toFixed(1)})`;
    });
    rows.push([`${hw}×${hw}×${c}→${co}`, k, ...cells]);
  }
}
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
