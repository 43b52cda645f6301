// Fuzzing the whole compiler: 10,000+ inputs, generated from the grammar and mutated from the
// example specs. No input may make the compiler throw or point outside the text; none may hang,
// which is asserted as counted work (the compiler's own budget), never as time: bench/fuzz
// measures time over 100,000 cases.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { limits } from '../../src/check/limits.js';
import { Evaluator } from '../../src/check/evaluate.js';
import { layers } from '../../src/layers/registry.js';
import { mutate, pick, rng } from '../random.js';

const host = { readFile: () => new Error('no such file') };

/** The work the last compilation took, read from the evaluator's budget. */
let lastWork = 0;
const spend = Evaluator.prototype.spend;
Evaluator.prototype.spend = function (this: Evaluator, units: number, at) {
  spend.call(this, units, at);
  lastWork = limits.maxWork - this.workLeft;
};

/** Compiles one input and checks the invariants; returns the work it took and whether it compiled. */
function check(text: string): { work: number; ok: boolean } {
  lastWork = 0;
  const r = compile('fuzz.nn', { text, host });
  const work = lastWork;
  for (const d of r.diagnostics) {
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.message.length).toBeGreaterThan(0);
  }
  expect(r.ir !== undefined || r.diagnostics.length > 0).toBe(true);
  expect(work).toBeLessThanOrEqual(limits.maxWork + 2 * text.length); // the budget holds
  return { work, ok: r.ir !== undefined };
}

const specs = fs
  .readdirSync('specs', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.nn'))
  .map((f) => fs.readFileSync(path.join('specs', f), 'utf8'));
specs.push(fs.readFileSync('tests/fixtures/branches/input.nn', 'utf8'));

const TOKENS = ['(', ')', '{', '}', ',', '+', '-', '*', '/', '=', ':', ';', '\n', '"', '#', '.', '1e', 'repeat', 'residual', 'concat', 'add', 'input', 'train', 'model', 'block', 'let', 'import', 'identity', 'l2', 'nobias', ...layers.map((l) => l.name)];

/** A random program from the grammar: mostly meaningful, often wrong. */
function generate(r: () => number): string {
  const value = (depth: number): string => {
    const k = r();
    if (depth > 2 || k < 0.4) return String(pick(r, [0, 1, 2, 3, 8, 16, -1, 0.5, 1e-3, 64, 1e12]));
    if (k < 0.55) return pick(r, ['same', 'valid', 'true', 'false', 'w', 'relu', '"int32"', 'smae']);
    if (k < 0.7) return `(${value(depth + 1)}, ${value(depth + 1)})`;
    if (k < 0.85) return `${value(depth + 1)} ${pick(r, ['+', '-', '*', '/'])} ${value(depth + 1)}`;
    return `${pick(r, ['round', 'floor', 'ceil', 'min', 'max'])}(${value(depth + 1)})`;
  };
  const layer = (): string => {
    const kind = pick(r, layers).name;
    if (['input', 'add', 'concat'].includes(kind) || r() < 0.3) return kind;
    const args = Array.from({ length: Math.floor(r() * 3) }, () => (r() < 0.5 ? value(0) : `${pick(r, ['stride', 'padding', 'kernel', 'rate', 'units', 'bias', 'sequences', 'size'])} = ${value(0)}`));
    return `${kind}(${args.join(', ')})`;
  };
  const chain = (): string => Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.1 ? pick(r, ['l2(0.01)', 'nobias', 'l1']) : layer())).join(' + ');
  const stmts = (depth: number): string => {
    const lines: string[] = [];
    for (let i = 0; i < 1 + Math.floor(r() * 4); i++) {
      const k = r();
      if (depth < 3 && k < 0.1) lines.push(`repeat(${Math.floor(r() * 4)}) {\n${stmts(depth + 1)}\n}`);
      else if (depth < 3 && k < 0.2) lines.push(`residual {\n${stmts(depth + 1)}\n}`);
      else if (depth < 3 && k < 0.3) lines.push(`${pick(r, ['concat', 'add'])} {\n${stmts(depth + 1)}\n}`);
      else if (k < 0.35) lines.push('b(4)');
      else lines.push(chain());
    }
    return lines.join('\n');
  };
  const shape = pick(r, ['784', '28, 28, 1', '32, 32, 3', '10, 8', '8, 8, 8, 2']);
  return `block b(w = 2) {\n${stmts(1)}\n}\nmodel m {\n  input(${shape})\n${stmts(0)}\n  train { epochs: ${value(0)} }\n}\nmodel v = m()\n`;
}

describe('fuzz', () => {
  it('survives 6,000 mutations of the example specs', () => {
    const r = rng(1);
    let worked = 0;
    for (let i = 0; i < 6000; i++) if (check(mutate(specs[i % specs.length]!, r, TOKENS)).work > 0) worked++;
    expect(worked).toBeGreaterThan(5000); // most mutations still reach the checker
  }, 600_000);
  it('survives 4,000 programs generated from the grammar', () => {
    const r = rng(2);
    let clean = 0;
    for (let i = 0; i < 4000; i++) if (check(generate(r)).ok) clean++;
    expect(clean).toBeGreaterThan(5); // the generator reaches valid programs too
  }, 600_000);
});
