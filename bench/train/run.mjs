// Training and inference speed of the seed's CNN (specs/hw4/part2.nn `cnn`: 64×64×3, batch 32, Adam,
// L2) and MLP (specs/hw4/part1.nn `mlp`: 28×28 inputs flattened, batch 32, SGD) on nnspec's default
// backend and on PyTorch (Debian's python3-torch through /usr/bin/python3, 2 threads, the same
// architecture built from the same IR by torch_bench.py). Prints samples/s, the ratios
// nnspec/PyTorch, and the fraction of the machine's peak FLOP/s each reaches (a training step
// counted as 3× the forward FLOPs of `nnc summary`). Synthetic data; installs nothing.
// Run after `npm ci` (which builds dist/ and the native kernels); the peak measurement (peak.cc)
// is compiled here with g++ (or $CXX):
//   node bench/train/run.mjs [--quick] [--backend NAME]   (default: what `nnc train` picks)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const quick = process.argv.includes('--quick');
const backendFlag = process.argv.indexOf('--backend');
const choice = backendFlag > 0 ? process.argv[backendFlag + 1] : 'auto';
const PYTHON = '/usr/bin/python3';
const nnc = (...args) => JSON.parse(execFileSync(process.execPath, [path.join(root, 'bin/nnc.js'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }));

const MODELS = [
  { label: 'CNN (hw4 part 2, 64×64×3)', file: 'specs/hw4/part2.nn', name: 'cnn', steps: quick ? 3 : 8, inferSteps: quick ? 5 : 20 },
  { label: 'MLP (hw4 part 1, 28×28)', file: 'specs/hw4/part1.nn', name: 'mlp', steps: quick ? 100 : 400, inferSteps: quick ? 300 : 1500 },
];
const BATCH = 32;
const REPEATS = quick ? 1 : 3;

/**
 * Peak single-precision FLOP/s: measured with register-only FMA chains on all cores by peak.cc,
 * compiled here for this CPU (this counts turbo clocks), else, without a compiler, cores × nominal
 * clock × FLOPs per cycle (two FMA pipes; AVX-512 counts double only on Intel).
 */
function peak() {
  const cpus = os.cpus();
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const mhz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(info)?.[1] ?? cpus[0]?.speed ?? 0);
  const intel512 = /GenuineIntel/.test(info) && /\bavx512f\b/.test(info);
  const perCycle = intel512 ? 64 : /\bfma\b/.test(info) && /\bavx2\b/.test(info) ? 32 : 8;
  const model = /model name\s*:\s*(.*)/.exec(info)?.[1] ?? cpus[0]?.model ?? 'unknown CPU';
  const nominal = cpus.length * mhz * 1e6 * perCycle;
  const text = `${cpus.length} cores of ${model}, nominal ${(mhz / 1000).toFixed(2)} GHz × ${perCycle} FLOPs/cycle = ${(nominal / 1e9).toFixed(0)} GFLOP/s`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nnc-peak-'));
  try {
    const exe = path.join(dir, 'peak');
    const cc = spawnSync(process.env.CXX || 'g++', ['-O2', '-march=native', '-std=c++17', '-pthread', '-o', exe, path.join(root, 'bench/train/peak.cc')], { encoding: 'utf8' });
    if (cc.status !== 0) return { flops: nominal, text: `${text} (used as the peak; peak.cc did not compile)` };
    let measured = 0;
    for (let i = 0; i < 5; i++) measured = Math.max(measured, Number(execFileSync(exe, [String(cpus.length), '20000000'], { encoding: 'utf8' })));
    return { flops: measured, text: `${text}; measured FMA peak ${(measured / 1e9).toFixed(0)} GFLOP/s (used as the peak)` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const best = async (fn) => {
  let top = 0;
  for (let i = 0; i < REPEATS; i++) top = Math.max(top, await fn());
  return top;
};

async function nnspecSpeed(tf, backend, ir, m) {
  const { buildModel } = await import(path.join(root, 'dist/runtime/build.js'));
  const core = tf.core;
  core.setBackend(backend);
  const model = buildModel(tf, ir);
  const opt = ir.train.optimizer;
  const optimizer = opt.name === 'adam' ? core.train.adam(opt.lr ?? 0.001) : core.train.sgd(opt.lr ?? 0.01);
  const sparse = ir.train.loss === 'sparse_categorical_crossentropy';
  model.compile({ optimizer, loss: sparse ? 'sparseCategoricalCrossentropy' : 'categoricalCrossentropy', metrics: ['accuracy'] });
  const classes = ir.nodes.at(-1).outputShape.at(-1);
  const n = BATCH * m.steps;
  const x = core.randomNormal([n, ...ir.input.shape], 0, 1, 'float32', 1);
  const labels = core.randomUniform([n], 0, classes, 'int32', 2);
  const y = sparse ? labels.cast('float32') : core.oneHot(labels, classes);
  await model.fit(x.slice(0, BATCH * 2), y.slice(0, BATCH * 2), { batchSize: BATCH, epochs: 1, verbose: 0 });
  const train = await best(async () => {
    const t = performance.now();
    await model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0, shuffle: true });
    return n / ((performance.now() - t) / 1000);
  });
  const xi = core.randomNormal([BATCH * m.inferSteps, ...ir.input.shape], 0, 1, 'float32', 3);
  core.tidy(() => model.predict(xi.slice(0, BATCH), { batchSize: BATCH }).dataSync());
  const infer = await best(async () => {
    const t = performance.now();
    core.tidy(() => model.predict(xi, { batchSize: BATCH }).dataSync());
    return (BATCH * m.inferSteps) / ((performance.now() - t) / 1000);
  });
  core.dispose([x, labels, y, xi]);
  model.dispose();
  return { train, infer };
}

function torchSpeed(ir, m) {
  if (!existsSync(PYTHON)) return { missing: `${PYTHON} not found` };
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { missing: 'PyTorch is not installed for /usr/bin/python3 (Debian: apt-get install python3-torch); nothing was installed' };
  let top = { train: 0, infer: 0 };
  for (let i = 0; i < REPEATS; i++) {
    const r = spawnSync(PYTHON, [path.join(root, 'bench/train/torch_bench.py')], {
      input: JSON.stringify({ model: ir, batch: BATCH, steps: m.steps, infer_steps: m.inferSteps }), encoding: 'utf8', maxBuffer: 64 << 20,
    });
    if (r.status !== 0) return { missing: `torch_bench.py failed: ${r.stderr.trim().split('\n').at(-1)}` };
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    top = { version: out.torch, train: Math.max(top.train, out.train), infer: Math.max(top.infer, out.infer) };
  }
  return top;
}

// The backend `nnc train` uses out of the box (`auto`), or the one named with --backend.
const { loadBackend } = await import(path.join(root, 'dist/runtime/backends/index.js'));
const loaded = await loadBackend(choice);
const { tf } = loaded;
const backend = tf.core.getBackend();
const note = loaded.notice ?? (choice === 'auto' ? 'what `nnc train` picks by default' : 'chosen with --backend');
const p = peak();
console.log(`machine: ${p.text}; Node ${process.version}`);
const { nativeInfo } = await import(path.join(root, 'dist/runtime/fast/addon.js'));
const isa = backend === 'fast' ? `, ${nativeInfo()?.isa} kernels` : '';
console.log(`nnspec backend: ${backend}${isa}${note ? ` (${note})` : ''}; batch ${BATCH}; best of ${REPEATS}${quick ? ' (quick)' : ''}\n`);
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const rows = [];
for (const m of MODELS) {
  const ir = nnc('ir', m.file, '--model', m.name).models[0];
  const flops = nnc('summary', m.file, '--model', m.name, '--format', 'json').models[0].totals.flops;
  const ours = await nnspecSpeed(tf, backend, ir, m);
  const torch = torchSpeed(ir, m);
  for (const phase of ['train', 'infer']) {
    const perSample = phase === 'train' ? 3 * flops : flops;
    const ratio = torch.missing ? '—' : `${(ours[phase] / torch[phase]).toFixed(2)}×`;
    rows.push([m.label, phase === 'train' ? 'training' : 'inference', fmt(ours[phase]), torch.missing ? '—' : fmt(torch[phase]), ratio,
      `${((100 * ours[phase] * perSample) / p.flops).toFixed(1)}%`, torch.missing ? '—' : `${((100 * torch[phase] * perSample) / p.flops).toFixed(1)}%`]);
  }
  if (torch.missing) console.log(`PyTorch skipped: ${torch.missing}`);
  else if (!rows.torch) rows.torch = torch.version;
}
const head = ['model', 'phase', 'nnspec samples/s', 'PyTorch samples/s', 'nnspec/PyTorch', 'nnspec % of peak', 'PyTorch % of peak'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
if (rows.torch) console.log(`\nPyTorch ${rows.torch}, torch.set_num_threads(2). Targets: CNN training ≥ 0.5×, inference ≥ 0.7×, MLP ≥ 0.5×.`);
