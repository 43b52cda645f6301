// Training in the page with TF.js (WebGL, or the CPU backend where WebGL is unavailable): the
// model built from the IR by the CLI's builder, compiled from its train section, fitted on the
// chosen data with the seed of the spec (or 1), then evaluated on the test split. Loaded only
// when training starts: TF.js is most of the page's weight.
import * as tfjs from '@tensorflow/tfjs';
import type { Logs } from '@tensorflow/tfjs-layers';
import type { IrModel } from '../../../src/ir/types.js';
import { product, type Dataset } from '../../../src/data/types.js';
import { buildModel } from '../../../src/runtime/build.js';
import { compileModel, evaluateSplit, lossOf, metricName, untrainable } from '../../../src/runtime/compile-model.js';
import { holdOut, mismatch, splitTensors } from '../../../src/runtime/fit-data.js';
import { restoreRandom, seedRandom } from '../../../src/runtime/seed.js';
import type { Tf } from '../../../src/runtime/tf.js';

const tf = { core: tfjs, tfl: tfjs } as unknown as Tf;

export interface Backend {
  name: string;
  /** Why the preferred backend was not used, when it was not. */
  note?: string;
}

export type BackendChoice = 'auto' | 'webgl' | 'cpu';

/** The WebGL renderer's name, when the browser gives a WebGL context at all. */
function webglRenderer(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

async function use(name: 'webgl' | 'cpu'): Promise<boolean> {
  try {
    if (!(await tfjs.setBackend(name))) return false;
    await tfjs.ready();
    return true;
  } catch {
    return false;
  }
}

/**
 * `auto`: WebGL on a real GPU; the CPU backend where WebGL is missing or drawn in software
 * (SwiftShader, llvmpipe), where it is slower than the CPU backend. Each fallback says why.
 */
export async function pickBackend(choice: BackendChoice = 'auto'): Promise<Backend> {
  const renderer = webglRenderer();
  const software = renderer?.match(/swiftshader|llvmpipe|software/i)?.[0];
  if (choice === 'webgl' || (choice === 'auto' && renderer !== undefined && !software)) {
    if (await use('webgl')) return { name: 'webgl', ...(software ? { note: `WebGL is drawn in software here (${software}), which is slow.` } : {}) };
  }
  await use('cpu');
  if (choice === 'cpu') return { name: 'cpu' };
  const why = renderer === undefined ? 'WebGL is not available in this browser'
    : software ? `WebGL is drawn in software here (${software}), slower than the CPU backend` : 'the WebGL backend failed to start';
  return { name: 'cpu', note: `${why}, so training runs on the CPU backend.` };
}

export interface Progress {
  batch(epoch: number, batch: number, batches: number, loss: number, accuracy: number | undefined): void;
  epoch(epoch: number, logs: Record<string, number>): void;
}

export interface TrainResult {
  backend: Backend;
  epochs: number;
  stopped: boolean;
  test?: Record<string, number>;
  testCount: number;
  seconds: number;
}

export interface Training {
  stop(): void;
  done: Promise<TrainResult>;
}

/** Why this model cannot be trained on this data; undefined when it can. */
export function cannotTrain(model: IrModel, data: Pick<Dataset, 'name' | 'classes' | 'sampleShape'>): string | undefined {
  if (!model.train.loss) return `model ${model.name} has no loss: add a train section with one, e.g. train { loss: categorical_crossentropy }`;
  return mismatch(model, data, model.train.loss) ?? untrainable(model);
}

/** Trains on the backend `pickBackend` set. */
export function startTraining(ir: IrModel, data: Dataset, options: { epochs: number; batch: number; backend: Backend }, progress: Progress): Training {
  let stopRequested = false;
  let model: tfjs.LayersModel | undefined;
  const done = (async (): Promise<TrainResult> => {
    const used = options.backend;
    const loss = lossOf(ir);
    const seed = ir.train.seed ?? 1;
    const sampleSize = product(data.sampleShape);
    const { train, validation } = holdOut(data.train, sampleSize, Math.floor(data.train.count * ir.train.validation));
    const classes = data.classes.length;
    const t0 = performance.now();
    seedRandom(seed, 0);
    try {
      model = buildModel(tf, ir) as unknown as tfjs.LayersModel;
    } finally {
      restoreRandom();
    }
    compileModel(tf, model as never, ir);
    const t = splitTensors(tf, ir, train, classes, loss);
    const v = validation.count ? splitTensors(tf, ir, validation, classes, loss) : undefined;
    const batches = Math.ceil(train.count / options.batch);
    let epochs = 0;
    try {
      for (let epoch = 0; epoch < options.epochs && !stopRequested; epoch++) {
        seedRandom(seed, epoch + 1);
        let history;
        try {
          history = await model.fit(t.x, t.y, {
            batchSize: options.batch, epochs: epoch + 1, initialEpoch: epoch, shuffle: ir.train.shuffle, verbose: 0,
            ...(v ? { validationData: [v.x, v.y] as [tfjs.Tensor, tfjs.Tensor] } : {}),
            callbacks: {
              onBatchEnd: async (b: number, logs?: Logs) => {
                progress.batch(epoch, b + 1, batches, Number(logs?.['loss']), logs?.['acc'] ?? logs?.['accuracy']);
                if (stopRequested) model!.stopTraining = true;
                await tfjs.nextFrame();
              },
            },
          });
        } finally {
          restoreRandom();
        }
        if (stopRequested && history.history['loss']?.length === 0) break;
        const logs: Record<string, number> = {};
        for (const [k, vals] of Object.entries(history.history)) logs[metricName(k)] = Number(vals[0]);
        epochs = epoch + 1;
        progress.epoch(epoch, logs);
      }
      const test = splitTensors(tf, ir, data.test, classes, loss);
      try {
        const metrics = data.test.count ? await evaluateSplit(tf, model as never, test.x as never, test.y as never, options.batch) : undefined;
        return { backend: used, epochs, stopped: stopRequested, ...(metrics ? { test: metrics } : {}), testCount: data.test.count, seconds: (performance.now() - t0) / 1000 };
      } finally {
        test.x.dispose();
        test.y.dispose();
      }
    } finally {
      t.x.dispose();
      t.y.dispose();
      v?.x.dispose();
      v?.y.dispose();
      model.dispose();
    }
  })();
  return {
    stop() {
      stopRequested = true;
      if (model) model.stopTraining = true;
    },
    done,
  };
}
