// The committed generated/ folder: fresh (what `npm run gen` writes), type-checked under
// --strict, formatted (prettier changes nothing), and every builder in it makes the TF.js model
// the IR describes: parameters (total, trainable, non-trainable), layer count and output shapes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { expandFileArg } from '../../src/cli/files.js';
import { formatTs } from '../../src/codegen/module.js';
import { checkBuilds, generateFor, typeErrors } from './helpers.js';

const specs = expandFileArg('specs');
const target = (spec: string) => path.join('generated', path.relative('specs', spec).replace(/\.nn$/, '.ts'));

describe('generated/', () => {
  test('holds one module per spec and nothing else', () => {
    const have = expandFileArg('generated').length; // no .nn there
    expect(have).toBe(0);
    const files: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
    walk('generated');
    expect(files.sort()).toEqual(specs.map(target).sort());
  });

  test.each(specs)('%s is fresh (run `npm run gen` when this fails)', async (spec) => {
    const { code } = await generateFor(spec);
    expect(fs.readFileSync(target(spec), 'utf8')).toBe(code);
  });

  test.each(specs)('%s: prettier changes nothing', async (spec) => {
    const text = fs.readFileSync(target(spec), 'utf8');
    expect(await formatTs(text)).toBe(text);
  });

  test('every file type-checks under --strict', () => {
    expect(typeErrors(specs.map(target))).toEqual([]);
  });

  test.each(specs)('%s: every builder makes the model of the IR', async (spec) => {
    const { ir } = await generateFor(spec);
    const mod = (await import(path.resolve(target(spec)))) as { models: Record<string, () => unknown> };
    await checkBuilds(mod, ir);
  }, 600_000);
});
