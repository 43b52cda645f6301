// The page's training data, as the CLI's Dataset: the MNIST subset shipped beside the page
// (mnist-subset.bin, written by scripts/build-web.mjs: 2,000 training and 500 test digits) and
// the synthetic shapes and stripes sets of src/data/, generated here at the model's input size.
import { loadShapes } from '../../../src/data/shapes.js';
import { loadStripes } from '../../../src/data/stripes.js';
import { noneSkipped, type Dataset, type Split } from '../../../src/data/types.js';

export type DataName = 'mnist' | 'shapes' | 'stripes';

export const DATA_LABELS: Record<DataName, string> = {
  mnist: 'MNIST digits (2,000 train, 500 test)',
  shapes: 'shapes, synthetic (600 train, 200 test)',
  stripes: 'stripes, synthetic (600 train, 200 test)',
};

const SHAPES_TRAIN = 600;
let mnist: Promise<Dataset> | undefined;

async function gunzip(bytes: ArrayBuffer): Promise<ArrayBuffer> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/** The subset, fetched once (the page also fetches it ahead of time, so training works offline). */
export function loadMnistSubset(url = 'mnist-subset.bin'): Promise<Dataset> {
  if (mnist) return mnist;
  const loading = (async (): Promise<Dataset> => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`cannot load the MNIST subset (${url}): HTTP ${response.status}`);
    const buf = await gunzip(await response.arrayBuffer());
    const head = new DataView(buf, 0, 16);
    const magic = String.fromCharCode(...new Uint8Array(buf, 0, 4));
    if (magic !== 'NNMN') throw new Error(`${url} is not an MNIST subset`);
    const [trainCount, testCount, side] = [4, 8, 12].map((o) => head.getUint32(o, true)) as [number, number, number];
    let at = 16;
    const split = (count: number): Split => {
      const pixels = new Uint8Array(buf, at, count * side * side);
      const labels = new Uint8Array(buf, at + pixels.length, count);
      at += pixels.length + count;
      return { x: Float32Array.from(pixels, (p) => p / 255), y: Int32Array.from(labels), count };
    };
    const train = split(trainCount);
    const test = split(testCount);
    return {
      name: 'mnist', sampleShape: [side, side, 1], classes: Array.from({ length: 10 }, (_, i) => String(i)),
      train, test, split: `the first ${trainCount} training and ${testCount} test digits of MNIST`, skipped: noneSkipped('bad row'),
    };
  })();
  // A failed fetch is tried again next time.
  loading.catch(() => (mnist = undefined));
  mnist = loading;
  return loading;
}

export async function loadData(name: DataName, inputShape: number[]): Promise<Dataset> {
  if (name === 'mnist') return loadMnistSubset();
  return (name === 'shapes' ? loadShapes : loadStripes)(name, SHAPES_TRAIN, inputShape);
}
