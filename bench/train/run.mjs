// Training and inference speed of the seed's CNN (specs/hw4/part2.nn `cnn`: 64×64×3, batch 32, Adam,
// L2), MLP (specs/hw4/part1.nn `mlp`: 28×28 inputs flattened, batch 32, SGD) and the same MLP at
// batch 1 (per-example SGD) on nnspec's default backend and on PyTorch (Debian's python3-torch
// through /usr/bin/python3, 2 threads, the same architecture built from the same IR by
// torch_bench.py). Synthetic data; installs nothing.
//
// The machine may be shared: its speed changes from minute to minute. So the bench runs in rounds;
// each round measures nnspec and PyTorch one after the other (which goes first alternates) and the
// machine's FMA peak just before and after (peak.cc, compiled here with g++ or $CXX). It reports
// medians over the rounds, the spread (min–max) of the per-round ratio nnspec/PyTorch, and the
// fraction of the round's peak each reaches (a training step counted as 3× the forward FLOPs of
// `nnc summary`).
//
// Run after `npm ci` (which builds dist/ and the native kernels):
//   node bench/train/run.mjs [--quick] [--rounds N] [--backend NAME] [--model cnn|mlp]
//     (default backend: what `nnc train` picks; default models: all three)
//   node bench/train/run.mjs --profile [--model cnn|mlp] [--batch N] [--backend NAME]
//     time per kernel in one training step (default: the CNN at batch 32)
//   node bench/train/run.mjs --sweep [--model cnn|mlp] [--batches 1,8,32] [--backend NAME]
//     samples/s of nnspec and PyTorch against thread count and batch size (default: the CNN)
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, measurePeak, nnspecSession, torchRound } from './sides.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const quick = flag('--quick');
const choice = option('--backend', 'auto');
const rounds = Number(option('--rounds', quick ? 2 : 5));
const nnc = (...args) => JSON.parse(execFileSync(process.execPath, [path.join(root, 'bin/nnc.js'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }));

const MODELS = [
  { label: 'CNN (hw4 part 2, 64×64×3)', file: 'specs/hw4/part2.nn', name: 'cnn', batch: 32, steps: quick ? 3 : 6, inferSteps: quick ? 5 : 15 },
  { label: 'MLP (hw4 part 1, 28×28)', file: 'specs/hw4/part1.nn', name: 'mlp', batch: 32, steps: quick ? 100 : 300, inferSteps: quick ? 300 : 1000 },
  { label: 'MLP, batch 1 (per-example SGD)', file: 'specs/hw4/part1.nn', name: 'mlp', batch: 1, steps: quick ? 300 : 1500, inferSteps: quick ? 300 : 1500 },
];

// The backend `nnc train` uses out of the box (`auto`), or the one named with --backend.
const { loadBackend } = await import(path.join(root, 'dist/runtime/backends/index.js'));
const loaded = await loadBackend(choice);
const { tf } = loaded;
const backend = tf.core.getBackend();
const note = loaded.notice ?? (choice === 'auto' ? 'what `nnc train` picks by default' : 'chosen with --backend');
const { nativeInfo } = await import(path.join(root, 'dist/runtime/fast/addon.js'));
const isa = backend === 'fast' ? `, ${nativeInfo()?.isa} kernels` : '';

if (flag('--profile')) {
  const { profile } = await import('./profile.mjs');
  const which = option('--model', 'cnn');
  const m = MODELS.find((x) => x.name === which);
  if (!m) throw new Error(`--model takes cnn or mlp, not '${which}'`);
  const batch = Number(option('--batch', m.batch));
  console.log(`nnspec backend: ${backend}${isa}; one training step of the ${which.toUpperCase()}, batch ${batch}\n`);
  await profile(tf, nnc('ir', m.file, '--model', m.name).models[0], batch);
  process.exit(0);
}

if (flag('--sweep')) {
  const { sweep } = await import('./sweep.mjs');
  const which = option('--model', 'cnn');
  const m = MODELS.find((x) => x.name === which);
  if (!m) throw new Error(`--model takes cnn or mlp, not '${which}'`);
  const batches = argv.includes('--batches') ? option('--batches').split(',').map(Number) : undefined;
  console.log(`nnspec backend: ${backend}${isa}; the ${which.toUpperCase()} against thread count and batch size\n`);
  await sweep(tf, backend, nnc('ir', m.file, '--model', m.name).models[0], which, root, batches);
  process.exit(0);
}

const only = option('--model', '');
if (only && !MODELS.some((m) => m.name === only)) throw new Error(`--model takes cnn or mlp, not '${only}'`);
const chosen = MODELS.filter((m) => !only || m.name === only);

const first = measurePeak(root);
console.log(`machine: ${first.text}; Node ${process.version}`);
console.log(`nnspec backend: ${backend}${isa}${note ? ` (${note})` : ''}; ${rounds} rounds, nnspec and PyTorch alternating${quick ? ' (quick)' : ''}\n`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const pct = (v) => `${v.toFixed(1)}%`;
const rows = [];
const peaks = [];
const paths = [];
let torchVersion;
let torchBlas;
let torchMissing;
for (const m of chosen) {
  const ir = nnc('ir', m.file, '--model', m.name).models[0];
  const flops = nnc('summary', m.file, '--model', m.name, '--format', 'json').models[0].totals.flops;
  const session = await nnspecSession(tf, backend, ir, m, root);
  paths.push(`${m.label}: ${session.path}`);
  const per = { train: [], infer: [] };
  for (let r = 0; r < rounds; r++) {
    const before = measurePeak(root, true).flops;
    const { ours, torch } = await alternate(r, () => session.round(), () => torchRound(ir, m, root));
    // The better of the peaks measured just before and just after: a short measurement caught in
    // a busy moment would make the fractions of it too high.
    const peak = Math.max(before, measurePeak(root, true).flops);
    peaks.push(peak);
    if (torch.missing) torchMissing = torch.missing;
    else [torchVersion, torchBlas] = [torch.version, torch.blas];
    for (const phase of ['train', 'infer']) per[phase].push({ ours: ours[phase], torch: torch[phase], peak });
  }
  session.dispose();
  for (const phase of ['train', 'infer']) {
    const perSample = phase === 'train' ? 3 * flops : flops;
    const xs = per[phase];
    const ratios = xs.map((x) => x.ours / x.torch);
    const has = !torchMissing;
    rows.push([m.label, phase === 'train' ? 'training' : 'inference', fmt(median(xs.map((x) => x.ours))), has ? fmt(median(xs.map((x) => x.torch))) : '—',
      has ? `${median(ratios).toFixed(2)}×` : '—', has ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×` : '—',
      pct(median(xs.map((x) => (100 * x.ours * perSample) / x.peak))), has ? pct(median(xs.map((x) => (100 * x.torch * perSample) / x.peak))) : '—']);
  }
}
const head = ['model', 'phase', 'nnspec samples/s', 'PyTorch samples/s', 'nnspec/PyTorch', 'ratio min–max', 'nnspec % of peak', 'PyTorch % of peak'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
const g = (f) => `${(f / 1e9).toFixed(0)}`;
console.log(`\nSamples/s and % of peak: medians over ${rounds} rounds; the measured FMA peak ranged ${g(Math.min(...peaks))}–${g(Math.max(...peaks))} GFLOP/s over the rounds (median ${g(median(peaks))}).`);
console.log(`nnspec trained through ${paths.join('; ')}.`);
if (torchMissing) console.log(`PyTorch skipped: ${torchMissing}`);
else {
  console.log(`PyTorch ${torchVersion}, torch.set_num_threads(2)${torchBlas ? `, BLAS ${torchBlas}` : ''}. Targets: CNN training ≥ 2×, inference ≥ 1.5×; MLP ≥ 2×; MLP batch 1 training ≥ 1×.`);
  // Debian's reference libblas3 (/usr/lib/<arch>/blas/): PyTorch's matrix products unoptimized.
  if (torchBlas && /\/blas\/libblas\.so/.test(torchBlas)) {
    console.log('warning: PyTorch is using the reference BLAS, so its dense layers run unoptimized and the ratios above flatter nnspec; install an optimized BLAS (Debian: apt-get install libopenblas0-pthread) for a fair peer');
  }
}
