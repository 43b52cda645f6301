// A folder of images with one sub-folder per class (PNG or JPEG), decoded and resized to the
// model's input (default 64 x 64 x 3) with sharp; values in [0, 1]. Classes are the sub-folder
// names in sorted order. Fixed split: within each class, files sorted by name, every fifth one
// (the 5th, 10th, ...) is for testing. Every image is tried: those that do not decode are listed
// by file (the first SHOWN of them) in one error, or skipped and listed with --skip-bad.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError, listed, packSplit, plural, product, SHOWN, type Dataset, type Skipped } from './types.js';

const IMAGE = /\.(png|jpe?g)$/i;
export const FOLDER_SPLIT = 'within each class folder, every fifth file by name for testing';

/** Decodes one image to `shape` (height, width, channels 1 or 3). Throws DataError naming the file. */
export async function decodeImage(file: string, shape: number[]): Promise<Float32Array> {
  checkImageShape(shape);
  const [h, w, c] = shape as [number, number, number];
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new DataError(`cannot read '${file}': no such file`);
  if (!stat.isFile()) throw new DataError(`${file}: not a regular file`);
  const { default: sharp } = await import('sharp');
  try {
    let img = sharp(file, { failOn: 'error' }).resize(w, h, { fit: 'fill' });
    img = c === 1 ? img.greyscale() : img.removeAlpha().toColourspace('srgb');
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== c) throw new Error(`decoded to ${info.channels} channels, expected ${c}`);
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i]! / 255;
    return out;
  } catch (e) {
    throw new DataError(`${file}: cannot decode the image (${String((e as Error).message).split('\n')[0]})`);
  }
}

function listFolder(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new DataError(`cannot read the folder '${dir}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function checkImageShape(shape: number[]): void {
  if (shape.length !== 3 || (shape[2] !== 1 && shape[2] !== 3)) {
    throw new DataError(`images need a model input of height x width x 1 or 3 channels, not ${shape.join('x')}`);
  }
}

export async function loadImageFolder(name: string, dir: string, inputShape: number[] | undefined, skipBad: boolean): Promise<Dataset> {
  const shape = inputShape ?? [64, 64, 3];
  checkImageShape(shape);
  const classes = listFolder(dir).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  if (classes.length === 0) throw new DataError(`${dir}: no class sub-folders; put each class's images in a folder of its own (${dir}/cat/1.png, ${dir}/dog/2.jpg, ...)`);
  const train: { x: Float32Array; y: number }[] = [];
  const test: { x: Float32Array; y: number }[] = [];
  const skipped: Skipped = { count: 0, items: [], noun: 'unreadable image' };
  for (const [label, cls] of classes.entries()) {
    const files = listFolder(path.join(dir, cls)).filter((e) => IMAGE.test(e.name)).map((e) => e.name).sort();
    let kept = 0;
    for (const f of files) {
      let x: Float32Array;
      try {
        x = await decodeImage(path.join(dir, cls, f), shape);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        if (skipped.count++ < SHOWN) skipped.items.push(e.message);
        continue;
      }
      (kept++ % 5 === 4 ? test : train).push({ x, y: label });
    }
  }
  if (skipped.count && !skipBad) {
    throw new DataError(skipped.count === 1
      ? `${skipped.items[0]}; use --skip-bad to skip unreadable images`
      : `${plural(skipped.count, 'image')} in ${dir} cannot be decoded (use --skip-bad to skip them):\n${listed(skipped)}`);
  }
  if (train.length === 0) throw new DataError(`${dir}: no readable PNG or JPEG images in the class folders`);
  return {
    name, sampleShape: shape, classes,
    train: packSplit(train, product(shape)), test: packSplit(test, product(shape)),
    split: FOLDER_SPLIT, skipped,
  };
}
