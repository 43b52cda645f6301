// Image folders: every image that does not decode is listed (the first 20, then a count) before
// training stops, or skipped and listed with --skip-bad.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadImageFolder } from '../../src/data/image-folder.js';
import { DataError } from '../../src/data/types.js';
import { tmpDir } from '../runtime/helpers.js';

describe('image folders with broken images', () => {
  test('all are tried; 20 are named, the rest counted', async () => {
    const dir = tmpDir('images');
    const { default: sharp } = await import('sharp');
    for (const cls of ['a', 'b']) {
      fs.mkdirSync(path.join(dir, cls));
      await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 9, g: 9, b: 9 } } }).png().toFile(path.join(dir, cls, 'ok.png'));
    }
    const broken = Array.from({ length: 23 }, (_, i) => path.join(dir, i % 2 ? 'b' : 'a', `bad-${String(i).padStart(2, '0')}.png`));
    for (const f of broken) fs.writeFileSync(f, 'not a png');
    // Listed in the order they are read: class by class, files by name.
    const order = [...broken].sort();
    let message = '';
    await loadImageFolder('imgs', dir, [4, 4, 3], false).catch((e) => {
      expect(e).toBeInstanceOf(DataError);
      message = (e as Error).message;
    });
    const lines = message.split('\n');
    expect(lines[0]).toBe(`23 images in ${dir} cannot be decoded (use --skip-bad to skip them):`);
    expect(lines.slice(1, 21).map((l) => l.replace(/: cannot decode the image \(.+\)$/, ''))).toEqual(order.slice(0, 20).map((f) => `  ${f}`));
    expect(lines.slice(21)).toEqual(['  and 3 more']);
    const skipped = await loadImageFolder('imgs', dir, [4, 4, 3], true);
    expect(skipped.skipped.count).toBe(23);
    expect(skipped.skipped.items.map((l) => l.replace(/: cannot decode the image \(.+\)$/, ''))).toEqual(order.slice(0, 20));
    expect([skipped.train.count, skipped.test.count, skipped.classes]).toEqual([2, 0, ['a', 'b']]);
  });
});
