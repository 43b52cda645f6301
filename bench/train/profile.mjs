// `bench/train --profile`: where one training step of a seed model spends its time, kernel by
// kernel, in nnspec (TF.js's profiler, which times every kernel the backend runs, forward,
// gradient and optimizer alike) and in PyTorch (torch.profiler's self CPU time per operator).
// Averages over a few profiled steps after warm-up; the unprofiled step time is given beside the
// sum of the kernels', the difference being the framework's own work between kernels.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { torchRound } from './sides.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Profiled steps (averaged): a few of the CNN's, more of a small step's. */
const STEPS = 3;
const TOP = 16;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function table(title, stepMs, profiledMs, rows) {
  rows.sort((a, b) => b.ms - a.ms);
  const total = rows.reduce((s, r) => s + r.ms, 0);
  const shown = rows.slice(0, TOP);
  const rest = rows.slice(TOP);
  if (rest.length) shown.push({ name: `(${rest.length} other kinds)`, calls: rest.reduce((s, r) => s + r.calls, 0), ms: rest.reduce((s, r) => s + r.ms, 0) });
  console.log(`${title}: one step ${stepMs.toFixed(1)} ms unprofiled, ${profiledMs.toFixed(1)} ms profiled; kernels ${total.toFixed(1)} ms (${((100 * total) / profiledMs).toFixed(0)}% of the profiled step)`);
  const width = Math.max(...shown.map((r) => r.name.length), 6);
  console.log(`  ${'kernel'.padEnd(width)}  calls   ms/step  share`);
  for (const r of shown) {
    console.log(`  ${r.name.padEnd(width)}  ${r.calls.toFixed(0).padStart(5)}  ${r.ms.toFixed(2).padStart(8)}  ${((100 * r.ms) / total).toFixed(1).padStart(4)}%`);
  }
  console.log('');
}

export async function profile(tf, ir, batch) {
  const { buildModel } = await import(path.join(root, 'dist/runtime/build.js'));
  const core = tf.core;
  const model = buildModel(tf, ir);
  const opt = ir.train.optimizer;
  const optimizer = opt.name === 'adam' ? core.train.adam(opt.lr ?? 0.001) : core.train.sgd(opt.lr ?? 0.01);
  const sparse = ir.train.loss === 'sparse_categorical_crossentropy';
  model.compile({ optimizer, loss: sparse ? 'sparseCategoricalCrossentropy' : 'categoricalCrossentropy' });
  const steps = batch < 8 ? 50 : STEPS;
  const classes = ir.nodes.at(-1).outputShape.at(-1);
  const x = core.randomNormal([batch, ...ir.input.shape], 0, 1, 'float32', 1);
  const labels = core.randomUniform([batch], 0, classes, 'int32', 2);
  const y = sparse ? labels.cast('float32').reshape([batch, 1]) : core.oneHot(labels, classes);
  for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
  const plain = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    await model.trainOnBatch(x, y);
    plain.push(performance.now() - t);
  }
  // Each output is otherwise read back and checked for NaN, which is not what is being timed.
  core.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  const t = performance.now();
  const info = await core.profile(async () => {
    for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  });
  const profiled = (performance.now() - t) / steps;
  const byName = new Map();
  // `name__op` entries are ops with a custom gradient, timed around the kernels they run: not kernels.
  for (const k of info.kernels.filter((k) => !k.name.endsWith('__op'))) {
    const r = byName.get(k.name) ?? { name: k.name, calls: 0, ms: 0 };
    r.calls += 1 / steps;
    r.ms += k.kernelTimeMs / steps;
    byName.set(k.name, r);
  }
  table(`nnspec (${core.getBackend()})`, median(plain), profiled, [...byName.values()]);

  const torch = torchRound(ir, { batch, steps: 4, inferSteps: 1 }, root, { profile: steps });
  if (torch.missing) console.log(`PyTorch skipped: ${torch.missing}`);
  else table(`PyTorch ${torch.version}, 2 threads, self CPU time per operator`, torch.step_ms, torch.profiled_ms, torch.profile);
}
