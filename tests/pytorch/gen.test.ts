// The PyTorch module's text: structure from the IR (blocks as functions, model parameters with the
// spec's defaults, repeat as a loop, variants as functions, the models dict), the same output from
// the spec and from its IR JSON, and a clear error for a layer kind the target has no form for.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { compileFile } from '../../src/api/index.js';
import { generatePython, PytorchUnsupported } from '../../src/codegen/pytorch/module.js';
import { nnc } from '../runtime/helpers.js';
import { HERE, tmpDir } from './torch.js';

const spec = (rel: string) => path.resolve(HERE, '../../specs', rel);

test('blocks, parameters, loops, variants and the models dict come from the structure', () => {
  const text = generatePython({ ir: compileFile(spec('classic/resnet50.nn')).ir!, source: 'specs/classic/resnet50.nn' });
  expect(text).toContain('def bottleneck(g, x, *, f, stride=1):');
  expect(text).toContain('    for _ in range(int(n - 1)):\n        branch2 = bottleneck(g, x, f=f)\n        x = g.merge("add", [x, branch2])');
  expect(text).toContain('class Resnet50(KerasModel):');
  expect(text).toContain('    def __init__(self, *, n2=4, n3=6):');
  expect(text).toContain('        x = g.conv(x, filters=64, kernel=7, stride=2)  # 112x112x64, 9,472 params');
  expect(text).toContain('def resnet101():\n    """The model `resnet101`: `resnet50` with other arguments."""\n    return Resnet50(n3=23)');
  expect(text).toContain('models = {"resnet50": Resnet50, "resnet101": resnet101, "resnet152": resnet152}');
  expect(generatePython({ ir: compileFile(spec('classic/resnet50.nn')).ir!, source: 'specs/classic/resnet50.nn' })).toBe(text);
});

test('gen on the IR JSON writes what gen on the spec writes', async () => {
  const dir = tmpDir();
  const ir = await nnc('ir', spec('hw4/part1.nn'));
  fs.writeFileSync(path.join(dir, 'part1.json'), ir.out);
  const fromJson = await nnc('gen', path.join(dir, 'part1.json'), '--target', 'pytorch');
  const fromSpec = await nnc('gen', spec('hw4/part1.nn'), '--target', 'pytorch');
  expect(fromSpec.code).toBe(0);
  expect(fromJson.out.split('\n').slice(2)).toEqual(fromSpec.out.split('\n').slice(2));
  expect(fromSpec.out).toContain('if norm is not None:\n            x = g.apply(norm, x)\n            x = g.layer(act, x)');
});

test('a layer kind without a PyTorch form is an error naming the layer', () => {
  const ir = compileFile(spec('hw4/part1.nn')).ir!;
  const m = ir.models[0]!;
  const bad = { ...ir, models: [{ ...m, nodes: m.nodes.map((n, i) => (i === 2 ? { ...n, kind: 'capsule' } : n)) }] };
  expect(() => generatePython({ ir: bad })).toThrow(PytorchUnsupported);
  expect(() => generatePython({ ir: bad })).toThrow(`model mlp: layer ${m.nodes[2]!.name} (capsule) has no PyTorch form`);
});
