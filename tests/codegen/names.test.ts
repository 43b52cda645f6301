// Names a spec may use that are not usable as they are in TypeScript: the generated module still
// builds every model, under the model's own name, and its `models` record cannot be changed.
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateFor } from './helpers.js';

const spec = path.join('tests', 'codegen', 'golden', 'safe-names', 'input.nn');
const file = path.join('tests', 'codegen', 'golden', 'safe-names', 'expected.ts');

describe('generated names', () => {
  test('underscores, __proto__, reserved words and colliding names each get their own builder', async () => {
    const { code } = await generateFor(spec);
    const builders = [...code.matchAll(/export function (\w+)\(/g)].map((m) => m[1]);
    expect(builders).toEqual(['build_', 'build__', 'buildProto', 'buildClass', 'buildConstructor', 'buildAB', 'buildAB2']);
    expect(code).toContain('["__proto__"]: buildProto,');
    expect(code).toContain('{ constructor_: 1 }');
  });

  test('the models record holds every model as an own key, frozen, with the usual prototype', async () => {
    const { models } = (await import(path.resolve(file))) as { models: Record<string, unknown> };
    expect(Object.keys(models)).toEqual(['_', '__', '__proto__', 'class', 'constructor', 'a_b', 'aB']);
    expect(Object.getPrototypeOf(models)).toBe(Object.prototype);
    expect(Object.isFrozen(models)).toBe(true);
    expect(Object.values(models).map((f) => (f as { name: string }).name)).toEqual([
      'build_', 'build__', 'buildProto', 'buildClass', 'buildConstructor', 'buildAB', 'buildAB2',
    ]);
  });
});
