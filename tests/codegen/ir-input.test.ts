// The code generator reads only the IR: `nnc gen` on the output of `nnc ir` writes exactly what it
// writes for the spec, IR version 1 (no structure) still generates working code, and the chain
// rules come from the IR (an activation after a layer whose activation is "linear" fuses into it).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { expandFileArg } from '../../src/cli/files.js';
import { generateTs } from '../../src/codegen/module.js';
import type { IrFile } from '../../src/ir/types.js';
import { irOf } from '../helpers.js';
import { checkBuilds, generateFor } from './helpers.js';

let dir = '';
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-gen-ir-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI, returning its exit code, stdout and stderr. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const golden = fs.readdirSync('tests/codegen/golden').map((c) => path.join('tests/codegen/golden', c, 'input.nn'));
const specs = [...expandFileArg('specs'), ...golden];

describe('nnc gen on IR JSON', () => {
  test.each(specs)('%s: gen of `nnc ir` output equals gen of the spec', async (spec) => {
    const ir = await run(['ir', spec]);
    expect(ir.code).toBe(0);
    const json = path.join(dir, `${path.basename(path.dirname(spec))}-${path.basename(spec)}.json`);
    fs.writeFileSync(json, ir.out);
    const fromIr = await run(['gen', json, '--target', 'ts']);
    const fromSpec = await run(['gen', spec, '--target', 'ts']);
    expect(fromIr.err).toBe('');
    expect(fromIr.code).toBe(0);
    expect(fromIr.out).toBe(fromSpec.out);
  });

  test('IR version 1 (no structure) generates every model layer by layer, and they build', async () => {
    const { ir } = await generateFor('specs/hw4/part2.nn');
    const v1 = JSON.parse(JSON.stringify(ir)) as IrFile & { structure?: unknown };
    v1.irVersion = 1;
    delete v1.structure;
    for (const m of v1.models) delete m.trainGiven;
    const file = path.join(dir, 'v1.json');
    fs.writeFileSync(file, JSON.stringify(v1));
    const r = await run(['gen', file, '--target', 'ts']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('// Each model is written out layer by layer');
    expect([...r.out.matchAll(/export function (build\w*)\(/g)].map((m) => m[1])).toEqual(['buildCnn', 'buildCnnHalf', 'buildFc8']);
    const ts = path.join(dir, 'v1.ts');
    fs.writeFileSync(ts, r.out);
    await checkBuilds((await import(ts)) as { models: Record<string, () => unknown> }, ir);
  }, 120_000);

  test('a newer IR version is a clear error', async () => {
    const file = path.join(dir, 'v9.json');
    fs.writeFileSync(file, JSON.stringify({ irVersion: 9, file: 'x.nn', models: [] }));
    const r = await run(['gen', file, '--target', 'ts']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${file}: error: IR version 9 is newer than this nnc reads (versions 1 to 2); update nnspec\n`);
  });

  test('a structure that calls an undefined block is reported with its path, not generated', async () => {
    const { ir } = await generateFor('tests/codegen/golden/chain/input.nn');
    const bad = JSON.parse(JSON.stringify(ir)) as IrFile;
    bad.structure!.blocks = [];
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(bad));
    const r = await run(['gen', file, '--target', 'ts']);
    expect(r.code).toBe(1);
    // The column of body[0]: the first step of the first model (no blocks are left before it).
    const text = JSON.stringify(bad);
    const column = text.indexOf('"body":[', text.indexOf('"structure"')) + '"body":['.length + 1;
    expect(r.err.split('\n')[0]).toBe(`${file}:1:${column} - error: IR does not match the schema at /structure/models/0/body/0: block 'stack' is not defined before its use`);
  });
});

describe('chain rules come from the IR', () => {
  test('dense(4, activation = "linear") + relu is one Dense with relu, as the IR has it', async () => {
    const ir = irOf('model m {\n  input(8)\n  dense(4, activation = "linear") + relu\n  dense(2) + softmax\n}\n');
    expect(ir.models[0]!.nodes.map((n) => `${n.keras}:${String(n.attrs['activation'] ?? '')}`)).toEqual(['InputLayer:', 'Dense:relu', 'Dense:softmax']);
    const code = await generateTs({ ir });
    expect(code).toContain('model.add(tf.layers.dense({ units: 4, activation: "relu" })); // 4, 36 params');
    expect(code).not.toContain('tf.layers.activation(');
  });
});
