// `nnc draw` on every spec: the SVG has one box per layer (or per top-level block call when
// collapsed) and one arrow per connection between boxes, counted here from the IR on its own.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { drawModel } from '../../src/draw/draw.js';
import { expandFileArg } from '../../src/cli/files.js';
import type { IrModel } from '../../src/ir/types.js';

/** Boxes and connections a figure of `m` must show. */
function expected(m: IrModel, expand: boolean): { boxes: Set<string>; edges: Set<string> } {
  const byId = new Map(m.nodes.map((n) => [n.id, n]));
  const group = (id: string): string => {
    let n = byId.get(id)!;
    while (n.kind === 'identity') n = byId.get(n.inputs[0]!)!;
    return expand || n.scope.length === 0 ? n.id : `block:${n.scope[0]}`;
  };
  const real = m.nodes.filter((n) => n.kind !== 'identity');
  const edges = new Set(real.flatMap((n) => n.inputs.map((i) => `${group(i)}->${group(n.id)}`)).filter((e) => e.split('->')[0] !== e.split('->')[1]));
  return { boxes: new Set(real.map((n) => group(n.id))), edges };
}

function parseSvg(svg: string): { boxes: string[]; edges: string[]; frames: number } {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  const opened = (svg.match(/<g[\s>]/g) ?? []).length;
  expect((svg.match(/<\/g>/g) ?? []).length).toBe(opened);
  const boxes = [...svg.matchAll(/<g class="node" data-id="([^"]+)"/g)].map((x) => x[1]!);
  const edges = [...svg.matchAll(/<path class="edge" data-from="([^"]+)" data-to="([^"]+)"[^>]* d="M[^"]+"/g)].map((x) => `${x[1]}->${x[2]}`);
  return { boxes, edges, frames: (svg.match(/<g class="frame">/g) ?? []).length };
}

const specs = expandFileArg('specs');

describe('nnc draw on every spec', () => {
  for (const file of specs) {
    it(file, async () => {
      const ir = compile(file).ir!;
      for (const m of ir.models) {
        for (const expand of [false, true]) {
          const want = expected(m, expand);
          const got = parseSvg(await drawModel(m, { expand }));
          expect(got.boxes.length).toBe(want.boxes.size);
          expect(new Set(got.boxes)).toEqual(want.boxes);
          expect(got.edges.length).toBe(want.edges.size);
          expect(new Set(got.edges)).toEqual(want.edges);
          // Expanded, every block call (nested ones too) is a frame around its layers.
          const calls = new Set(m.nodes.flatMap((n) => n.scope.map((_, k) => n.scope.slice(0, k + 1).join('/'))));
          expect(got.frames).toBe(expand ? calls.size : 0);
        }
      }
    }, 60_000);
  }
});

describe('figures', () => {
  it('draws the seed CNN collapsed: five conv_block boxes with their shapes and parameters', async () => {
    const m = compile('specs/hw4/part2.nn').ir!.models.find((x) => x.name === 'cnn')!;
    const svg = await drawModel(m);
    expect(parseSvg(svg).boxes).toHaveLength(14);
    expect(svg).toContain('>conv_block_1</text>');
    expect(svg).toContain('>32×32×64  ·  2,048 params</text>');
    expect(svg).toContain('>dense 4 + softmax</text>');
  });

  it('draws residual connections dashed and concat branches as such', async () => {
    const m = compile('tests/fixtures/branches/input.nn').ir!.models[0]!;
    const svg = await drawModel(m, { expand: true });
    expect((svg.match(/data-kind="skip"/g) ?? []).length).toBe(2);
    expect((svg.match(/data-kind="branch"/g) ?? []).length).toBe(3);
    const collapsed = await drawModel(m);
    expect(collapsed).toContain('data-id="block:inception_1"');
  });

  it('ResNet-50 collapsed is one box per stage', async () => {
    const m = compile('specs/classic/resnet50.nn').ir!.models[0]!;
    const svg = await drawModel(m);
    expect(parseSvg(svg).boxes).toHaveLength(13);
    expect(svg).toContain('>32 layers: bottleneck ×3</text>');
  });

  it('writes DOT and Mermaid with the same boxes and edges', async () => {
    const m = compile('tests/fixtures/branches/input.nn').ir!.models[0]!;
    const want = expected(m, false);
    const dot = await drawModel(m, { format: 'dot' });
    expect((dot.match(/ -> /g) ?? []).length).toBe(want.edges.size);
    expect((dot.match(/\[label=/g) ?? []).length).toBe(want.boxes.size);
    const mermaid = await drawModel(m, { format: 'mermaid' });
    expect(mermaid.split('\n')[0]).toBe('flowchart TD');
    expect((mermaid.match(/ (-->|-\.->) /g) ?? []).length).toBe(want.edges.size);
  });
});

describe('the README figures', () => {
  it('docs/img holds what nnc draw draws today', async () => {
    for (const [spec, model, svg] of [['specs/hw4/part2.nn', 'cnn', 'docs/img/cnn.svg'], ['specs/hw4/part1.nn', 'mlp', 'docs/img/mlp.svg']] as const) {
      const m = compile(spec).ir!.models.find((x) => x.name === model)!;
      expect(await drawModel(m)).toBe(fs.readFileSync(svg, 'utf8'));
    }
  });
});

describe('nnc draw command', () => {
  const nnc = (...args: string[]) => spawnSync(process.execPath, ['bin/nnc.js', ...args], { encoding: 'utf8' });
  it('prints SVG for the named model; unknown format or model is a usage error', () => {
    const r = nnc('draw', 'specs/hw4/part2.nn', '--model', 'fc8');
    expect(r.status).toBe(0);
    expect(parseSvg(r.stdout).boxes).toHaveLength(10);
    expect(nnc('draw', 'specs/hw4/part2.nn', '--format', 'png').status).toBe(2);
    const missing = nnc('draw', 'specs/hw4/part2.nn', '--model', 'nope');
    expect([missing.status, missing.stderr]).toEqual([2, "nnc: error: no model 'nope' in specs/hw4/part2.nn; models: cnn, cnn_half, fc8\n"]);
  });
});
