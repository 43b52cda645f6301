// A folder of images with one sub-folder per class (PNG or JPEG), decoded and resized to the
// model's input (default 64 x 64 x 3) with sharp; values in [0, 1]. Classes are the sub-folder
// names in sorted order. Fixed split: within each class, files sorted by name, every fifth one
// (the 5th, 10th, ...) is for testing. An image that does not decode names its file;
// --skip-bad skips and counts it instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError, packSplit, product, type Dataset } from './types.js';

const IMAGE = /\.(png|jpe?g)$/i;
export const FOLDER_SPLIT = 'within each class folder, every fifth file by name for testing';

/** Decodes one image to `shape` (height, width, channels 1 or 3). Throws DataError naming the file. */
export async function decodeImage(file: string, shape: number[]): Promise<Float32Array> {
  const [h, w, c] = shape as [number, number, number];
  if (shape.length !== 3 || (c !== 1 && c !== 3)) {
    throw new DataError(`images need a model input of height x width x 1 or 3 channels, not ${shape.join('x')}`);
  }
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

export async function loadImageFolder(name: string, dir: string, inputShape: number[] | undefined, skipBad: boolean): Promise<Dataset> {
  const shape = inputShape ?? [64, 64, 3];
  const classes = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  if (classes.length === 0) throw new DataError(`${dir}: no class sub-folders; put each class's images in a folder of its own (${dir}/cat/1.png, ${dir}/dog/2.jpg, ...)`);
  const train: { x: Float32Array; y: number }[] = [];
  const test: { x: Float32Array; y: number }[] = [];
  let skipped = 0;
  for (const [label, cls] of classes.entries()) {
    const files = fs.readdirSync(path.join(dir, cls)).filter((f) => IMAGE.test(f)).sort();
    let kept = 0;
    for (const f of files) {
      let x: Float32Array;
      try {
        x = await decodeImage(path.join(dir, cls, f), shape);
      } catch (e) {
        if (skipBad && e instanceof DataError) { skipped++; continue; }
        throw e instanceof DataError ? new DataError(`${e.message}; use --skip-bad to skip unreadable images`) : e;
      }
      (kept++ % 5 === 4 ? test : train).push({ x, y: label });
    }
  }
  if (train.length === 0) throw new DataError(`${dir}: no readable PNG or JPEG images in the class folders`);
  return {
    name, sampleShape: shape, classes,
    train: packSplit(train, product(shape)), test: packSplit(test, product(shape)),
    split: FOLDER_SPLIT, skipped,
  };
}
