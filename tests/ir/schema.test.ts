// The committed JSON Schema is the registry's, and it accepts what the compiler emits and
// rejects malformed IR with a path to the problem.
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { irSchema } from '../../src/ir/schema.js';
import { validateIr } from '../../src/ir/validate.js';
import { irOf } from '../helpers.js';

const file = 'src/ir/schema.json';

describe('IR schema', () => {
  it('is fresh (UPDATE=1 rewrites it)', () => {
    const text = JSON.stringify(irSchema(), null, 2) + '\n';
    if (process.env.UPDATE === '1') fs.writeFileSync(file, text);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  const good = () => JSON.parse(JSON.stringify(irOf('model m { input(8, 8, 3); conv(4) + relu; flatten; dense(2) }')));

  it('accepts compiled IR', () => {
    expect(validateIr(good()).problems).toEqual([]);
  });
  it('rejects a wrong version', () => {
    const ir = good();
    ir.irVersion = 3;
    expect(validateIr(ir).problems[0]).toMatchObject({ path: '/irVersion' });
  });
  it('rejects an attribute of the wrong type, naming its path', () => {
    const ir = good();
    ir.models[0].nodes[1].attrs.filters = 'four';
    expect(validateIr(ir).problems.map((p) => p.path)).toContain('/models/0/nodes/1/attrs/filters');
  });
  it('rejects an unknown attribute and an unknown kind', () => {
    const ir = good();
    ir.models[0].nodes[1].attrs.fliters = 4;
    ir.models[0].nodes[2].kind = 'convv';
    const paths = validateIr(ir).problems.map((p) => p.path);
    expect(paths).toContain('/models/0/nodes/1/attrs');
    expect(paths).toContain('/models/0/nodes/2/kind');
  });
  it('rejects dangling inputs and outputs', () => {
    const ir = good();
    ir.models[0].nodes[1].inputs = ['n9'];
    ir.models[0].output = 'n42';
    expect(validateIr(ir).problems.map((p) => p.message)).toEqual(["input 'n9' is not an earlier node", "output 'n42' is not a node"]);
  });
});
