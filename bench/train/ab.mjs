// One training step of the seed's CNN (specs/hw4/part2.nn `cnn`, batch 32, Adam) on the `fast`
// backend with two builds of the native kernels, alternating step by step in one process, so a
// machine whose speed changes from minute to minute slows both alike:
//   node bench/train/ab.mjs --addon OLD.node [--addon NEW.node] [--steps N] [--model cnn|mlp] [--infer N]
// NEW defaults to the build the loader picks. --infer N times instead the predictions for N samples
// (default 32,000 for the MLP, 480 for the CNN) through the function `nnc` uses (runtime/epoch.js:
// the compiled step's forward pass for the MLP). Prints each build's median and best time
// and the ratio of the medians. The builds' functions are swapped under the loaded add-on's
// names before each step; each build keeps its own thread pool (idle while the other runs).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const option = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const addons = argv.flatMap((a, i) => (argv[i - 1] === '--addon' ? [path.resolve(a)] : []));
if (!addons.length) throw new Error('usage: node bench/train/ab.mjs --addon OLD.node [--addon NEW.node] [--steps N]');
const steps = Number(option('--steps', 15));
const which = option('--model', 'cnn');
const file = which === 'cnn' ? 'specs/hw4/part2.nn' : 'specs/hw4/part1.nn';
const infer = argv.includes('--infer') ? Number(option('--infer')) || (which === 'cnn' ? 480 : 32000) : 0;

const { loadBackend } = await import(path.join(root, 'dist/runtime/backends/index.js'));
const { loadNative } = await import(path.join(root, 'dist/runtime/fast/addon.js'));
const { buildModel } = await import(path.join(root, 'dist/runtime/build.js'));
const { predictModel } = await import(path.join(root, 'dist/runtime/epoch.js'));
const { tf } = await loadBackend('fast');
const live = loadNative();
const require = createRequire(import.meta.url);
const builds = addons.map((f) => ({ name: path.basename(f), fns: { ...require(f) } }));
if (builds.length === 1) builds.push({ name: 'loaded build', fns: { ...live } });
const names = Object.keys(live).filter((k) => typeof live[k] === 'function');
const use = (b) => {
  for (const k of names) if (b.fns[k]) live[k] = b.fns[k];
};

const ir = JSON.parse(execFileSync(process.execPath, [path.join(root, 'bin/nnc.js'), 'ir', file, '--model', which], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })).models[0];
const core = tf.core;
const model = buildModel(tf, ir);
model.compile({ optimizer: core.train.adam(0.001), loss: 'categoricalCrossentropy' });
const classes = ir.nodes.at(-1).outputShape.at(-1);
const x = core.randomNormal([32, ...ir.input.shape], 0, 1, 'float32', 1);
const y = core.oneHot(core.randomUniform([32], 0, classes, 'int32', 2), classes);
const xi = infer ? core.randomNormal([infer, ...ir.input.shape], 0, 1, 'float32', 3) : undefined;
// Nothing is returned from tidy (it would walk a returned array element by element).
const once = infer ? async () => core.tidy(() => { predictModel(tf, model, xi, 32).dataSync(); }) : () => model.trainOnBatch(x, y);
for (const b of builds) {
  use(b);
  await once();
}
const ms = builds.map(() => []);
for (let i = 0; i < steps; i++) {
  for (const [j, b] of (i % 2 ? [...builds.entries()].reverse() : [...builds.entries()])) {
    use(b);
    const t = performance.now();
    await once();
    ms[j].push(performance.now() - t);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(infer ? `${which.toUpperCase()} predictions for ${infer} samples, ${steps} times each, alternating:`
  : `${which.toUpperCase()} training step, batch 32, ${steps} steps each, alternating:`);
builds.forEach((b, j) => console.log(`  ${b.name}: median ${median(ms[j]).toFixed(1)} ms, best ${Math.min(...ms[j]).toFixed(1)} ms`));
const r = median(ms[0]) / median(ms.at(-1));
console.log(`  ${builds.at(-1).name} is ${r.toFixed(2)}× as fast as ${builds[0].name} (medians)`);
