// Golden tests: each tests/codegen/golden/<case>/input.nn generates exactly <case>/expected.ts
// (UPDATE=1 rewrites the expected files). Each expected file is also formatted (prettier
// changes nothing), type-checks under --strict, and builds the models the IR describes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatTs } from '../../src/codegen/module.js';
import { checkBuilds, generateFor, typeErrors } from './helpers.js';

const root = path.join('tests', 'codegen', 'golden');
const cases = fs.readdirSync(root).filter((c) => fs.existsSync(path.join(root, c, 'input.nn'))).sort();
const update = process.env['UPDATE'] === '1';

describe('golden code generation', () => {
  test.each(cases)('%s', async (c) => {
    const { code, ir } = await generateFor(path.join(root, c, 'input.nn'));
    const file = path.join(root, c, 'expected.ts');
    if (update) fs.writeFileSync(file, code);
    expect(code).toBe(fs.readFileSync(file, 'utf8'));
    expect(await formatTs(code)).toBe(code);
    expect(typeErrors([file])).toEqual([]);
    const mod = (await import(path.resolve(file))) as { models: Record<string, () => unknown> };
    await checkBuilds(mod, ir);
  }, 120_000);
});
