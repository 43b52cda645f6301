// IR read from a JSON file is untrusted: syntax errors at their real position, shapes and weights
// recomputed through the layer registry, sizes bounded, names unique; each error names the file,
// the line and column, the JSON path and what is wrong, and `nnc` exits 1.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { readIrText } from '../../src/ir/read.js';
import type { IrFile } from '../../src/ir/types.js';
import { irOf } from '../helpers.js';

const specs = fs.readdirSync('specs', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.nn'));
const text = (ir: unknown) => JSON.stringify(ir, null, 2);
const errors = (ir: unknown) => {
  const r = readIrText('m.json', text(ir));
  return 'errors' in r ? r.errors : [];
};
const small = (): IrFile => JSON.parse(JSON.stringify(irOf('model m {\n  input(8, 8, 3)\n  conv(4) + relu\n  flatten\n  dense(2)\n}')));

describe('reading IR', () => {
  it('accepts the IR of every example spec, unchanged', () => {
    for (const spec of specs) {
      const ir = compile(path.join('specs', spec)).ir!;
      expect(readIrText('x.json', text(ir)), spec).toEqual({ ir: JSON.parse(text(ir)) });
    }
  });
  it('reports a JSON syntax error at its line and column, also where V8 gives no position', () => {
    expect(readIrText('m.json', '{\n  "models": [1, 2,]\n}')).toEqual({ errors: ["m.json:2:19 - error: not valid JSON: Unexpected token ']' (value expected)"] });
    expect(readIrText('m.json', '{\n  "a": 1\n')).toEqual({ errors: ["m.json:3:1 - error: not valid JSON: Expected ',' or '}' after property value (close brace expected)"] });
  });
  it('refuses shapes of 1e308 and dimensions beyond 2^31 - 1', () => {
    const ir = small();
    ir.models[0]!.nodes[3]!.outputShape = [1e308];
    expect(errors(ir)).toEqual(['m.json:134:26 - error: IR is inconsistent at /models/0/nodes/3/outputShape: dimension 1e+308 is above 2147483647']);
    const wide = small();
    wide.models[0]!.input.shape = [8, 8, 2 ** 31];
    expect(errors(wide)[0]).toContain('at /models/0/input/shape: dimension 2147483648 is above 2147483647');
    const edge = small();
    edge.models[0]!.input.shape = [8, 8, 2 ** 31 - 1];
    expect(errors(edge)[0]).toContain("at /models/0/nodes/0/outputShape: the input node's shape 8x8x3 differs from the model's input 8x8x2147483647");
  });
  it('recomputes output shapes and weights from the registry', () => {
    const units = small();
    units.models[0]!.nodes[3]!.attrs['units'] = 3;
    expect(errors(units)).toEqual([
      "m.json:134:26 - error: IR is inconsistent at /models/0/nodes/3/outputShape: is 2, but dense on 144 gives 3",
    ]);
    const weights = small();
    weights.models[0]!.nodes[1]!.weights[0]!.shape = [3, 3, 3, 5];
    expect(errors(weights)[0]).toMatch(/at \/models\/0\/nodes\/1\/weights: are kernel 3x3x3x5, bias 4, but conv with these attributes has kernel 3x3x3x4, bias 4$/);
    const huge = small();
    huge.models[0]!.nodes[3]!.attrs['units'] = 2 ** 31 - 1;
    huge.models[0]!.nodes[3]!.outputShape = [2 ** 31 - 1];
    expect(errors(huge)[0]).toContain('weight kernel of shape 144x2147483647 has more than 2^31 elements');
  });
  it('refuses duplicate names, a missing input and inputs the kind does not take', () => {
    const dup = small();
    dup.models[0]!.nodes[2]!.name = 'conv2d';
    expect(errors(dup)).toEqual(["m.json:100:19 - error: IR is inconsistent at /models/0/nodes/2/name: duplicate node name 'conv2d'"]);
    const two = small();
    two.models.push(two.models[0]!);
    expect(errors(two)[0]).toContain("at /models/1/name: duplicate model name 'm'");
    const arity = small();
    arity.models[0]!.nodes[3]!.inputs = ['n1', 'n2'];
    expect(errors(arity)[0]).toContain('at /models/0/nodes/3/inputs: dense takes one input, not 2');
    const later = small();
    later.models[0]!.nodes[1]!.inputs = ['n3'];
    expect(errors(later)[0]).toContain("at /models/0/nodes/1/inputs: input 'n3' is not an earlier node");
  });
  it('nnc summary of a damaged IR file exits 1 with the file, position and path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-ir-'));
    const file = path.join(dir, 'm.json');
    const ir = small();
    ir.models[0]!.nodes[3]!.outputShape = [1e308];
    fs.writeFileSync(file, text(ir));
    const r = spawnSync(process.execPath, ['bin/nnc.js', 'summary', file], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${file}:134:26 - error: IR is inconsistent at /models/0/nodes/3/outputShape: dimension 1e+308 is above 2147483647\n`);
    expect(r.stdout).not.toContain('∞');
  });
});
