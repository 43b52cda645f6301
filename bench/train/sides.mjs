// The three measurements of a bench/train round: the machine's FMA peak now, nnspec's samples/s
// (one model built once, one pass over the data per round) and PyTorch's (one torch_bench.py
// process per round).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PYTHON = '/usr/bin/python3';
let peakExe;

/** Compiles peak.cc once per run; removed when the process exits. */
function peakProgram(root) {
  if (peakExe !== undefined) return peakExe;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nnc-peak-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const exe = path.join(dir, 'peak');
  const cc = spawnSync(process.env.CXX || 'g++', ['-O2', '-march=native', '-std=c++17', '-pthread', '-o', exe, path.join(root, 'bench/train/peak.cc')], { encoding: 'utf8' });
  peakExe = cc.status === 0 ? exe : null;
  return peakExe;
}

/**
 * Peak single-precision FLOP/s at this moment: register-only FMA chains on all cores (peak.cc,
 * compiled for this CPU, so turbo clocks count), best of a few short runs; without a compiler,
 * cores × nominal clock × FLOPs per cycle (two FMA pipes; AVX-512 counts double only on Intel).
 */
export function measurePeak(root, short = false) {
  const cpus = os.cpus();
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const mhz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(info)?.[1] ?? cpus[0]?.speed ?? 0);
  const intel512 = /GenuineIntel/.test(info) && /\bavx512f\b/.test(info);
  const perCycle = intel512 ? 64 : /\bfma\b/.test(info) && /\bavx2\b/.test(info) ? 32 : 8;
  const model = /model name\s*:\s*(.*)/.exec(info)?.[1] ?? cpus[0]?.model ?? 'unknown CPU';
  const nominal = cpus.length * mhz * 1e6 * perCycle;
  const text = `${cpus.length} cores of ${model}, nominal ${(mhz / 1000).toFixed(2)} GHz × ${perCycle} FLOPs/cycle = ${(nominal / 1e9).toFixed(0)} GFLOP/s`;
  const exe = peakProgram(root);
  if (!exe) return { flops: nominal, text: `${text} (used as the peak; peak.cc did not compile)` };
  let measured = 0;
  for (let i = 0; i < (short ? 3 : 5); i++) {
    measured = Math.max(measured, Number(execFileSync(exe, [String(cpus.length), short ? '5000000' : '20000000'], { encoding: 'utf8' })));
  }
  return { flops: measured, text: `${text}; measured FMA peak now ${(measured / 1e9).toFixed(0)} GFLOP/s` };
}

/**
 * The model compiled once, with its data; each round() is one pass of training and one of
 * inference, through the functions `nnc train` uses (runtime/epoch.js: the compiled step on
 * the fast backend for a model it covers, else model.fit; predict likewise).
 */
export async function nnspecSession(tf, backend, ir, m, root) {
  const { buildModel } = await import(path.join(root, 'dist/runtime/build.js'));
  const { compileModel } = await import(path.join(root, 'dist/runtime/compile-model.js'));
  const { compiledStepProblem, predictModel, trainEpoch } = await import(path.join(root, 'dist/runtime/epoch.js'));
  const core = tf.core;
  core.setBackend(backend);
  const model = buildModel(tf, ir);
  compileModel(tf, model, ir);
  const sparse = ir.train.loss === 'sparse_categorical_crossentropy';
  const classes = ir.nodes.at(-1).outputShape.at(-1);
  const n = m.batch * m.steps;
  const x = core.randomNormal([n, ...ir.input.shape], 0, 1, 'float32', 1);
  const labels = core.randomUniform([n], 0, classes, 'int32', 2);
  const y = sparse ? labels.cast('float32') : core.oneHot(labels, classes);
  const xi = core.randomNormal([m.batch * m.inferSteps, ...ir.input.shape], 0, 1, 'float32', 3);
  const warm = Math.max(2, Math.min(m.steps, 20)) * m.batch;
  const epoch = (xs, ys) => trainEpoch(tf, model, xs, ys, 0, { batch: m.batch, shuffle: true, onBatchEnd: () => {} });
  const [xw, yw] = [x.slice(0, warm), y.slice(0, warm)];
  await epoch(xw, yw);
  core.dispose([xw, yw]);
  // Nothing is returned from tidy: it would walk a returned array element by element.
  const infer = (xs) => core.tidy(() => {
    predictModel(tf, model, xs, m.batch).dataSync();
  });
  const xw1 = xi.slice(0, m.batch);
  infer(xw1);
  xw1.dispose();
  const why = compiledStepProblem(tf, model);
  return {
    path: why ? `model.fit (${why})` : 'the compiled step',
    async round() {
      let t = performance.now();
      await epoch(x, y);
      const train = n / ((performance.now() - t) / 1000);
      t = performance.now();
      infer(xi);
      const inferred = (m.batch * m.inferSteps) / ((performance.now() - t) / 1000);
      return { train, infer: inferred };
    },
    dispose() {
      core.dispose([x, labels, y, xi]);
      model.dispose();
    },
  };
}

/** One torch_bench.py process: { version, train, infer } samples/s, or { missing: why }. */
export function torchRound(ir, m, root, extra = {}) {
  if (!existsSync(PYTHON)) return { missing: `${PYTHON} not found` };
  const r = spawnSync(PYTHON, [path.join(root, 'bench/train/torch_bench.py')], {
    input: JSON.stringify({ model: ir, batch: m.batch, steps: m.steps, infer_steps: m.inferSteps, ...extra }), encoding: 'utf8', maxBuffer: 64 << 20,
  });
  if (r.status !== 0) {
    if (/No module named 'torch'/.test(r.stderr)) return { missing: 'PyTorch is not installed for /usr/bin/python3 (Debian: apt-get install python3-torch); nothing was installed' };
    return { missing: `torch_bench.py failed: ${r.stderr.trim().split('\n').at(-1)}` };
  }
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
  return { version: out.torch, ...out };
}

/**
 * One measurement of each side, nnspec first when `round` is even, PyTorch first when odd, so that
 * neither always runs on the machine the other has just warmed or loaded: { ours, torch }.
 */
export async function alternate(round, ours, torch) {
  if (round % 2 === 0) {
    const a = await ours();
    return { ours: a, torch: torch() };
  }
  const b = torch();
  return { ours: await ours(), torch: b };
}
