// The README's examples are real: its language sketch compiles, and the command outputs it shows
// are what the commands print today.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { irOf } from './helpers.js';

const readme = fs.readFileSync('README.md', 'utf8');
const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2]! }));

describe('README', () => {
  it('opens with a spec that compiles', () => {
    expect(irOf(blocks[0]!.body).models.map((m) => m.name)).toEqual(['cnn', 'cnn_half']);
  });
  it('sketches the language with a spec that compiles', () => {
    const sketch = blocks.find((b) => b.body.includes('import "blocks.nn"'))!.body;
    const ir = irOf(sketch, { 'blocks.nn': 'block unused { dense(1) }' });
    expect(ir.models.map((m) => m.name)).toEqual(['net', 'net_wide']);
  });
  for (const b of blocks.filter((x) => x.body.startsWith('$ npx nnc '))) {
    const [command, ...output] = b.body.split('\n');
    it(`shows what '${command!.slice(2)}' prints`, () => {
      const args = command!.slice('$ npx nnc '.length).split(' ');
      let out: string;
      try {
        out = execFileSync(process.execPath, ['bin/nnc.js', ...args], { encoding: 'utf8' });
      } catch (e) {
        out = (e as { stdout: string }).stdout;
      }
      expect(out.trimEnd()).toBe(output.join('\n').trimEnd());
    });
  }
});
