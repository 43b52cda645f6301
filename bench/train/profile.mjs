// `bench/train --profile`: where one training step of a seed model spends its time, kernel by
// kernel, in nnspec and in PyTorch (torch.profiler's self CPU time per operator). A model that
// trains through the compiled step (runtime/fast/compiled-step.ts) is timed by its own phase clocks;
// one that trains through model.fit by TF.js's profiler, which times every kernel the backend
// runs, forward, gradient and optimizer alike.
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
  if (rest.length) shown.push({ name: `(${rest.length} other kinds)`, calls: rest[0].calls == null ? null : rest.reduce((s, r) => s + r.calls, 0), ms: rest.reduce((s, r) => s + r.ms, 0) });
  console.log(`${title}: one step ${stepMs.toFixed(1)} ms unprofiled, ${profiledMs.toFixed(1)} ms profiled; kernels ${total.toFixed(1)} ms (${((100 * total) / profiledMs).toFixed(0)}% of the profiled step)`);
  const width = Math.max(...shown.map((r) => r.name.length), 6);
  console.log(`  ${'kernel'.padEnd(width)}  calls   ms/step  share`);
  for (const r of shown) {
    const calls = r.calls == null ? '' : r.calls.toFixed(0);
    console.log(`  ${r.name.padEnd(width)}  ${calls.padStart(5)}  ${r.ms.toFixed(2).padStart(8)}  ${((100 * r.ms) / total).toFixed(1).padStart(4)}%`);
  }
  console.log('');
}

/** The compiled step's phases, timed by its own clocks over a few steps after warm-up; false when the model does not take it. */
async function compiledProfile(tf, ir, batch) {
  const { buildModel } = await import(path.join(root, 'dist/runtime/build.js'));
  const { compileModel } = await import(path.join(root, 'dist/runtime/compile-model.js'));
  const { compiledStep } = await import(path.join(root, 'dist/runtime/fast/compiled-step.js'));
  const core = tf.core;
  const model = buildModel(tf, ir);
  compileModel(tf, model, ir);
  const step = compiledStep(tf, model);
  if (!step) return false;
  const classes = ir.nodes.at(-1).outputShape.at(-1);
  const x = core.randomNormal([batch, ...ir.input.shape], 0, 1, 'float32', 1);
  const labels = core.randomUniform([batch], 0, classes, 'int32', 2);
  const y = ir.train.loss === 'sparse_categorical_crossentropy' ? labels.cast('float32').reshape([batch, 1]) : core.oneHot(labels, classes).cast('float32');
  const idx = new Int32Array(batch).map((_, i) => i);
  step.ready(batch);
  const steps = batch < 8 ? 200 : 2 * STEPS;
  for (let i = 0; i < 3; i++) step.step(x, y, idx, 0, batch);
  step.profile();
  const times = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    step.step(x, y, idx, 0, batch);
    times.push(performance.now() - t);
  }
  const rows = Object.entries(step.profile()).filter(([, ms]) => ms > 0).map(([name, ms]) => ({ name, ms: ms / steps }));
  const mean = times.reduce((a, b) => a + b, 0) / steps;
  table(`nnspec (${core.getBackend()}, the compiled step: one native call per batch, its phases timed inside)`, median(times), mean, rows);
  core.dispose([x, y, labels]);
  model.dispose();
  return true;
}

export async function profile(tf, ir, batch) {
  if (!(await compiledProfile(tf, ir, batch))) await fitProfile(tf, ir, batch);
  const torch = torchRound(ir, { batch, steps: 4, inferSteps: 1 }, root, { profile: batch < 8 ? 50 : STEPS });
  if (torch.missing) console.log(`PyTorch skipped: ${torch.missing}`);
  else table(`PyTorch ${torch.version}, 2 threads, self CPU time per operator`, torch.step_ms, torch.profiled_ms, torch.profile);
}

async function fitProfile(tf, ir, batch) {
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
  table(`nnspec (${core.getBackend()}, model.fit)`, median(plain), profiled, [...byName.values()]);
}
