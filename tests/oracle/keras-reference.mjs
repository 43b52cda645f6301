#!/usr/bin/env node
// Reference parameter counts for the example specs under specs/.
//
// Every model of every spec file is rebuilt here by hand with the TF.js Layers API (the same
// layers Keras has), independently of the compiler, and its total / trainable / non-trainable
// parameter counts and per-layer output shapes are printed. The results are the figures recorded
// in specs/expected-counts.json.
//
//   node tests/oracle/keras-reference.mjs            # summary of every model
//   node tests/oracle/keras-reference.mjs --layers   # plus every layer's output shape and params
//   node tests/oracle/keras-reference.mjs --json     # the expected-counts.json object
//   node tests/oracle/keras-reference.mjs --check    # compare with specs/expected-counts.json
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

await tf.setBackend('cpu');

const L = tfl.layers;

// ---------------------------------------------------------------------------------------------
// A small helper: a chain of layers applied in order to a symbolic tensor (functional API), so
// that sequential models and residual ones are written the same way.

/** Apply layers (or functions of a tensor) in order. */
const chain = (x, ...fs) => fs.reduce((t, f) => (typeof f === 'function' ? f(t) : f.apply(t)), x);

const build = (name, inputShape, body) => {
  const input = tfl.input({ shape: inputShape });
  const output = body(input);
  return tfl.model({ inputs: input, outputs: output, name });
};

const bn = (cfg = {}) => L.batchNormalization(cfg);
const act = (activation) => L.activation({ activation });
const relu6 = () => L.reLU({ maxValue: 6 });
const l2 = (f) => tfl.regularizers.l2({ l2: f });

// ---------------------------------------------------------------------------------------------
// specs/hw4/part1.nn: the MLP on flattened 28x28 digits.
//   dense(128) + norm + act; dense(64) + norm + act; dense(10) + softmax

const mlp = (name, { act: a = 'relu', norm = false } = {}) =>
  build(name, [784], (x) =>
    chain(
      x,
      L.dense({ units: 128 }),
      ...(norm ? [bn()] : []),
      act(a),
      L.dense({ units: 64 }),
      ...(norm ? [bn()] : []),
      act(a),
      L.dense({ units: 10 }),
      act('softmax'),
    ),
  );

// ---------------------------------------------------------------------------------------------
// specs/hw4/part2.nn: the CNN with a width factor, and the all-dense fc8.

const convBlock = (f, drop = 0) => (x) =>
  chain(
    x,
    L.conv2d({ filters: f, kernelSize: 3, padding: 'same', kernelRegularizer: l2(0.001) }),
    bn(),
    act('relu'),
    L.dropout({ rate: drop }),
    L.maxPooling2d({ poolSize: 2 }),
  );

const cnn = (name, w = 1) =>
  build(name, [64, 64, 3], (x) =>
    chain(
      x,
      convBlock(64 * w),
      convBlock(128 * w, 0.25),
      convBlock(128 * w),
      convBlock(256 * w, 0.25),
      convBlock(256 * w),
      L.flatten(),
      L.dense({ units: 512 }),
      bn(),
      act('relu'),
      L.dropout({ rate: 0.5 }),
      L.dense({ units: 256 }),
      act('relu'),
      L.dropout({ rate: 0.5 }),
      L.dense({ units: 4 }),
      act('softmax'),
    ),
  );

const fc8 = (name) =>
  build(name, [64, 64, 3], (x) => {
    let t = L.flatten().apply(x);
    for (let i = 0; i < 7; i++) t = chain(t, L.dense({ units: 512 }), act('relu'));
    return chain(t, L.dense({ units: 4 }), act('softmax'));
  });

// ---------------------------------------------------------------------------------------------
// specs/classic/lenet5.nn: LeNet-5 on 32x32x1 (tanh or relu, average pooling), 61,706 params.

const lenet5 = (name, a = 'tanh') =>
  build(name, [32, 32, 1], (x) =>
    chain(
      x,
      L.conv2d({ filters: 6, kernelSize: 5 }),
      act(a),
      L.averagePooling2d({ poolSize: 2 }),
      L.conv2d({ filters: 16, kernelSize: 5 }),
      act(a),
      L.averagePooling2d({ poolSize: 2 }),
      L.flatten(),
      L.dense({ units: 120 }),
      act(a),
      L.dense({ units: 84 }),
      act(a),
      L.dense({ units: 10 }),
      act('softmax'),
    ),
  );

// ---------------------------------------------------------------------------------------------
// specs/classic/mnist_convnet.nn: keras-io "Simple MNIST convnet", 34,826 params.

const mnistConvnet = (name) =>
  build(name, [28, 28, 1], (x) =>
    chain(
      x,
      L.conv2d({ filters: 32, kernelSize: 3 }),
      act('relu'),
      L.maxPooling2d({ poolSize: 2 }),
      L.conv2d({ filters: 64, kernelSize: 3 }),
      act('relu'),
      L.maxPooling2d({ poolSize: 2 }),
      L.flatten(),
      L.dropout({ rate: 0.5 }),
      L.dense({ units: 10 }),
      act('softmax'),
    ),
  );

// ---------------------------------------------------------------------------------------------
// specs/classic/vgg16.nn: keras.applications.VGG16 with top, 138,357,544 params.

const vggBlock = (f, n) => (x) => {
  let t = x;
  for (let i = 0; i < n; i++) t = chain(t, L.conv2d({ filters: f, kernelSize: 3, padding: 'same' }), act('relu'));
  return L.maxPooling2d({ poolSize: 2 }).apply(t);
};

const vgg16 = (name) =>
  build(name, [224, 224, 3], (x) =>
    chain(
      x,
      vggBlock(64, 2),
      vggBlock(128, 2),
      vggBlock(256, 3),
      vggBlock(512, 3),
      vggBlock(512, 3),
      L.flatten(),
      L.dense({ units: 4096 }),
      act('relu'),
      L.dense({ units: 4096 }),
      act('relu'),
      L.dense({ units: 1000 }),
      act('softmax'),
    ),
  );

// ---------------------------------------------------------------------------------------------
// specs/classic/resnet50.nn: keras.applications.ResNet50 with top (resnet.py's block1/stack1):
// 25,636,712 params, 53,120 of them non-trainable. Convs keep their biases; bn epsilon 1.001e-5.
// ResNet101 / ResNet152 (same file, as variants) have 23 / 8 and 36 blocks in stages 3 / 2 and 3.

const EPS = 1.001e-5;
const rbn = () => bn({ epsilon: EPS });

const bottleneck = (f, stride = 1) => (x) =>
  chain(
    x,
    L.conv2d({ filters: f, kernelSize: 1, strides: stride }),
    rbn(),
    act('relu'),
    L.conv2d({ filters: f, kernelSize: 3, padding: 'same' }),
    rbn(),
    act('relu'),
    L.conv2d({ filters: 4 * f, kernelSize: 1 }),
    rbn(),
  );

/** Keras's block1: shortcut(x) + body(x), then relu. The shortcut is x itself when not given. */
const resBlock = (f, stride, convShortcut) => (x) => {
  const shortcut = convShortcut
    ? chain(x, L.conv2d({ filters: 4 * f, kernelSize: 1, strides: stride }), rbn())
    : x;
  const body = bottleneck(f, stride)(x);
  return act('relu').apply(L.add().apply([shortcut, body]));
};

/** Keras's stack1: one block with a projection shortcut, then n - 1 identity blocks. */
const stage = (f, n, stride = 2) => (x) => {
  let t = resBlock(f, stride, true)(x);
  for (let i = 1; i < n; i++) t = resBlock(f, 1, false)(t);
  return t;
};

const resnet = (name, n2 = 4, n3 = 6) =>
  build(name, [224, 224, 3], (x) =>
    chain(
      x,
      L.zeroPadding2d({ padding: 3 }),
      L.conv2d({ filters: 64, kernelSize: 7, strides: 2 }),
      rbn(),
      act('relu'),
      L.zeroPadding2d({ padding: 1 }),
      L.maxPooling2d({ poolSize: 3, strides: 2 }),
      stage(64, 3, 1),
      stage(128, n2),
      stage(256, n3),
      stage(512, 3),
      L.globalAveragePooling2d({}),
      L.dense({ units: 1000 }),
      act('softmax'),
    ),
  );

// ---------------------------------------------------------------------------------------------
// specs/classic/mobilenet.nn: keras.applications.MobileNet (v1), depth multiplier 1, with top:
// 4,253,864 params, 21,888 non-trainable at alpha = 1. No biases except conv_preds; relu6.

const sep = (f) => (x) =>
  chain(
    x,
    L.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false }),
    bn(),
    relu6(),
    L.conv2d({ filters: f, kernelSize: 1, useBias: false }),
    bn(),
    relu6(),
  );

const sepDown = (f) => (x) =>
  chain(
    x,
    L.zeroPadding2d({ padding: [[0, 1], [0, 1]] }),
    L.depthwiseConv2d({ kernelSize: 3, strides: 2, useBias: false }),
    bn(),
    relu6(),
    L.conv2d({ filters: f, kernelSize: 1, useBias: false }),
    bn(),
    relu6(),
  );

const mobilenet = (name, alpha = 1) => {
  const a = (n) => {
    const v = n * alpha;
    if (!Number.isInteger(v)) throw new Error(`${name}: ${n} * ${alpha} is not an integer`);
    return v;
  };
  return build(name, [224, 224, 3], (x) => {
    let t = chain(x, L.conv2d({ filters: a(32), kernelSize: 3, strides: 2, padding: 'same', useBias: false }), bn(), relu6());
    t = chain(t, sep(a(64)), sepDown(a(128)), sep(a(128)), sepDown(a(256)), sep(a(256)), sepDown(a(512)));
    for (let i = 0; i < 5; i++) t = sep(a(512))(t);
    return chain(
      t,
      sepDown(a(1024)),
      sep(a(1024)),
      L.globalAveragePooling2d({}),
      L.reshape({ targetShape: [1, 1, a(1024)] }),
      L.dropout({ rate: 0.001 }),
      L.conv2d({ filters: 1000, kernelSize: 1, padding: 'same' }),
      L.reshape({ targetShape: [1000] }),
      act('softmax'),
    );
  });
};

// ---------------------------------------------------------------------------------------------
// Every model of every spec file, keyed "<file>#<model>" as in specs/expected-counts.json.

const MODELS = {
  'hw4/part1.nn#mlp': () => mlp('mlp'),
  'hw4/part1.nn#mlp_sigmoid': () => mlp('mlp_sigmoid', { act: 'sigmoid' }),
  'hw4/part1.nn#mlp_bn': () => mlp('mlp_bn', { norm: true }),
  'hw4/part1.nn#mlp_sigmoid_bn': () => mlp('mlp_sigmoid_bn', { act: 'sigmoid', norm: true }),
  'hw4/part1.nn#mlp_40': () => mlp('mlp_40'),
  'hw4/part1.nn#mlp_sgd1': () => mlp('mlp_sgd1'),
  'hw4/part2.nn#cnn': () => cnn('cnn', 1),
  'hw4/part2.nn#cnn_half': () => cnn('cnn_half', 0.5),
  'hw4/part2.nn#fc8': () => fc8('fc8'),
  'classic/lenet5.nn#lenet5': () => lenet5('lenet5'),
  'classic/lenet5.nn#lenet5_relu': () => lenet5('lenet5_relu', 'relu'),
  'classic/mnist_convnet.nn#mnist_convnet': () => mnistConvnet('mnist_convnet'),
  'classic/vgg16.nn#vgg16': () => vgg16('vgg16'),
  'classic/resnet50.nn#resnet50': () => resnet('resnet50'),
  'classic/resnet50.nn#resnet101': () => resnet('resnet101', 4, 23),
  'classic/resnet50.nn#resnet152': () => resnet('resnet152', 8, 36),
  'classic/mobilenet.nn#mobilenet': () => mobilenet('mobilenet', 1),
  'classic/mobilenet.nn#mobilenet_075': () => mobilenet('mobilenet_075', 0.75),
  'classic/mobilenet.nn#mobilenet_050': () => mobilenet('mobilenet_050', 0.5),
  'classic/mobilenet.nn#mobilenet_025': () => mobilenet('mobilenet_025', 0.25),
};

// Figures published by Keras (keras.io, Keras Applications, keras-io examples) that the
// builds above must reproduce.
const PUBLISHED = {
  'classic/lenet5.nn#lenet5': { params: 61706 },
  'classic/mnist_convnet.nn#mnist_convnet': { params: 34826 },
  'classic/vgg16.nn#vgg16': { params: 138357544 },
  'classic/resnet50.nn#resnet50': { params: 25636712, nonTrainable: 53120 },
  'classic/resnet50.nn#resnet101': { params: 44707176 },
  'classic/resnet50.nn#resnet152': { params: 60419944 },
  'classic/mobilenet.nn#mobilenet': { params: 4253864, nonTrainable: 21888 },
};

const size = (w) => w.shape.reduce((a, b) => a * b, 1);
const sum = (ws) => ws.reduce((n, w) => n + size(w), 0);
const sampleShape = (s) => (Array.isArray(s[0]) ? s.map(sampleShape) : s.slice(1));

const measure = (make) => {
  const model = make();
  const trainable = sum(model.trainableWeights);
  const nonTrainable = sum(model.nonTrainableWeights);
  const params = model.countParams();
  if (params !== trainable + nonTrainable) throw new Error(`${model.name}: ${params} != ${trainable} + ${nonTrainable}`);
  const layers = model.layers.map((l) => ({
    name: l.name,
    class: l.getClassName(),
    output: sampleShape(l.outputShape),
    params: l.countParams(),
  }));
  const output = sampleShape(model.outputs[0].shape);
  model.dispose();
  return { params, trainable, nonTrainable, output, layers };
};

const args = new Set(process.argv.slice(2));
const results = {};
let failed = false;
for (const [key, make] of Object.entries(MODELS)) {
  const r = measure(make);
  results[key] = r;
  const pub = PUBLISHED[key];
  if (pub) {
    for (const k of Object.keys(pub)) {
      if (pub[k] !== r[k]) {
        failed = true;
        console.error(`MISMATCH ${key}: ${k} = ${r[k]}, published ${pub[k]}`);
      }
    }
  }
}

const fmt = (n) => n.toLocaleString('en-US');
if (args.has('--json')) {
  const out = {};
  for (const [k, r] of Object.entries(results)) {
    out[k] = { params: r.params, trainable: r.trainable, nonTrainable: r.nonTrainable, output: r.output };
  }
  // One model a line, so that diffs of the file stay readable.
  const lines = Object.entries(out).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  console.log(`{\n${lines.join(',\n')}\n}`);
} else {
  for (const [key, r] of Object.entries(results)) {
    const pub = PUBLISHED[key] ? '  (matches published)' : '';
    console.log(
      `${key}: params ${fmt(r.params)}, trainable ${fmt(r.trainable)}, non-trainable ${fmt(r.nonTrainable)}, output [${r.output}]${failed ? '' : pub}`,
    );
    if (args.has('--layers')) {
      for (const l of r.layers) {
        console.log(`    ${l.name.padEnd(44)} ${l.class.padEnd(24)} ${JSON.stringify(l.output).padEnd(18)} ${fmt(l.params)}`);
      }
    }
  }
}

if (args.has('--check')) {
  const file = fileURLToPath(new URL('../../specs/expected-counts.json', import.meta.url));
  const expected = JSON.parse(readFileSync(file, 'utf8'));
  const keys = new Set([...Object.keys(expected), ...Object.keys(results)]);
  for (const k of keys) {
    const e = expected[k];
    const r = results[k];
    const same =
      e && r && e.params === r.params && e.trainable === r.trainable && e.nonTrainable === r.nonTrainable &&
      JSON.stringify(e.output) === JSON.stringify(r.output);
    if (!same) {
      failed = true;
      console.error(`DIFFERS ${k}: expected ${JSON.stringify(e)}, built ${r ? JSON.stringify({ ...r, layers: undefined }) : 'nothing'}`);
    }
  }
  if (!failed) console.error(`expected-counts.json agrees on all ${keys.size} models`);
}

process.exit(failed ? 1 : 0);
