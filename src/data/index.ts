// `--data`: the built-in sets by name (mnist, shapes[:N], stripes[:N]), a folder of class sub-folders of
// images, or a .csv file. An unknown name or unreadable path is a DataError (one line).
import * as fs from 'node:fs';
import { loadCsv } from './csv.js';
import { loadImageFolder } from './image-folder.js';
import { loadMnist } from './mnist.js';
import { loadShapes } from './shapes.js';
import { loadStripes } from './stripes.js';
import { DataError, limitSplit, type DataOptions, type Dataset } from './types.js';

export { DataError, isBuiltinData, type Dataset, type DataOptions } from './types.js';

export const DATA_HELP = 'mnist, shapes or shapes:N, stripes or stripes:N (N generated training images), a folder with one sub-folder of images per class, or a .csv file';

export async function loadData(spec: string, opts: DataOptions = {}): Promise<Dataset> {
  const data = await loadUnlimited(spec, opts);
  return { ...data, train: limitSplit(data.train, data.sampleShape, opts.limit) };
}

/** The generated sets by name. */
const GENERATED = new Map([['shapes', loadShapes], ['stripes', loadStripes]]);

async function loadUnlimited(spec: string, opts: DataOptions): Promise<Dataset> {
  const [kind, arg] = spec.split(':', 2) as [string, string | undefined];
  if (kind === 'mnist' && arg === undefined) return loadMnist(spec, opts.limit);
  const generate = GENERATED.get(kind);
  if (generate) {
    const size = arg === undefined ? opts.size : Number(arg);
    if (size !== undefined && (!Number.isInteger(size) || size < 4)) throw new DataError(`${kind}:${arg}: the size must be an integer of at least 4`);
    return generate(spec, size, opts.inputShape);
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(spec);
  } catch {
    throw new DataError(`unknown dataset '${spec}': no such file or folder; use ${DATA_HELP}`);
  }
  if (stat.isDirectory()) return loadImageFolder(spec, spec, opts.inputShape, opts.skipBad ?? false);
  if (/\.csv$/i.test(spec)) return loadCsv(spec, spec, opts);
  throw new DataError(`cannot use '${spec}' as data: use ${DATA_HELP}`);
}
