// The playground's pure parts, in Node: its link format, its hovers and its path shim.
import * as nodePath from 'node:path';
import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { hoverAt } from '../../web/src/hover.js';
import { decodeFragment, encodeFragment } from '../../web/src/share.js';
import * as shim from '../../web/src/shims/path.js';

describe('links', () => {
  it('round-trips any text, and names the file only when it is not the default', () => {
    for (const text of ['', 'model m { input(4); dense(2) }\n', '\t# é 中文 🧠 \r\n  trailing   \n\n', 'a'.repeat(5000)]) {
      expect(decodeFragment(`#${encodeFragment({ file: 'playground.nn', text })}`)).toEqual({ file: 'playground.nn', text });
    }
    expect(encodeFragment({ file: 'specs/hw4/part2.nn', text: 'x' })).toBe(`f=specs/hw4/part2.nn&s=${compressToEncodedURIComponent('x')}`);
    expect(encodeFragment({ file: 'my net & co.nn', text: 'x' }).split('&s=')[0]).toBe('f=my%20net%20%26%20co.nn');
    expect(decodeFragment(encodeFragment({ file: 'my net & co.nn', text: 'x' }))).toEqual({ file: 'my net & co.nn', text: 'x' });
  });

  it('has no spec without s=, and says when the spec is damaged', () => {
    expect(decodeFragment('')).toBeUndefined();
    expect(decodeFragment('#f=a.nn')).toBeUndefined();
    expect((decodeFragment('#s=@@@@') as Error).message).toBe('the link is damaged: its spec could not be decompressed (was it cut short?)');
    expect((decodeFragment('#f=%E0%A4%A&s=Q') as Error).message).toBe('the link is damaged: its file name is not valid');
  });
});

describe('hovers', () => {
  const r = compile('specs/hw4/part2.nn');
  it('on a layer: each node it became, with shape and parameters', () => {
    const h = hoverAt(r, 'specs/hw4/part2.nn', 18, 5)!;
    expect(h).toMatchObject({ line: 18, column: 3, endColumn: 26 });
    expect(h.lines.slice(0, 3)).toEqual([
      'conv (Conv2D), 10 nodes',
      'cnn: conv2d in conv_block_1 → 64x64x64, 1,792 params',
      'cnn: conv2d_1 in conv_block_2 → 32x32x128, 73,856 params',
    ]);
    expect(h.lines.at(-1)).toBe('… and 3 more');
  });
  it("on a model's name: its totals", () => {
    expect(hoverAt(r, 'specs/hw4/part2.nn', 46, 8)!.lines).toEqual(['model fc8', '64x64x3 → 4, 9 layers', '7,869,956 params (7,869,956 trainable)']);
    expect(hoverAt(r, 'specs/hw4/part2.nn', 43, 8)!.lines).toEqual(['model cnn_half = cnn(...)', '64x64x3 → 4, 33 layers', '676,484 params (674,628 trainable)']);
  });
  it('on a block call: each call of the block with its totals', () => {
    const h = hoverAt(r, 'specs/hw4/part2.nn', 25, 6)!;
    expect(h).toMatchObject({ line: 25, column: 3, endColumn: 13 });
    expect(h.lines.slice(0, 3)).toEqual(['block conv_block(f, drop)', 'cnn: conv_block_1 → 32x32x64, 2,048 params', 'cnn: conv_block_2 → 16x16x128, 74,368 params']);
  });
  it('nowhere in particular: nothing', () => {
    expect(hoverAt(r, 'specs/hw4/part2.nn', 1, 1)).toBeUndefined();
  });
});

describe('the path shim', () => {
  it('agrees with node:path on the paths imports make', () => {
    const cases: [string, string][] = [['specs/hw4', 'part1.nn'], ['specs/hw4', '../classic/lenet5.nn'], ['.', 'a.nn'], ['a', '../../b.nn'], ['/x/y', './z/../w.nn'], ['', 'q.nn']];
    for (const [dir, rel] of cases) expect(shim.join(dir, rel)).toBe(nodePath.posix.join(dir, rel));
    for (const p of ['a/b/c.nn', 'c.nn', '/c.nn', 'a/./b/../c.nn', '../x.nn', 'a//b']) {
      expect([shim.normalize(p), shim.dirname(p), shim.basename(p)]).toEqual([nodePath.posix.normalize(p), nodePath.posix.dirname(p), nodePath.posix.basename(p)]);
    }
  });
});

describe('the path shim, for import rules', () => {
  it('tells absolute paths, POSIX and Windows, as node:path does', () => {
    for (const p of ['/x', 'x', './x', '\\x', 'C:\\x', 'C:x', 'c:/x', '//s/x']) {
      expect([shim.isAbsolute(p), shim.posix.isAbsolute(p), shim.win32.isAbsolute(p)]).toEqual([nodePath.posix.isAbsolute(p), nodePath.posix.isAbsolute(p), nodePath.win32.isAbsolute(p)]);
    }
    for (const [a, b] of [['/', '/specs/hw4/a.nn'], ['/specs', '/specs/hw4'], ['/a/b', '/c']]) expect(shim.relative(a!, b!)).toBe(nodePath.posix.relative(a!, b!));
  });
});
