// The TextMate grammar is valid JSON, its regexes compile in JS, and the key ones match what they should.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const path = fileURLToPath(new URL('../../grammar/nn.tmLanguage.json', import.meta.url));

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  patterns?: Rule[];
}

function regexesOf(rule: Rule, out: string[] = []): string[] {
  for (const key of ['match', 'begin', 'end'] as const) if (rule[key] !== undefined) out.push(rule[key]);
  for (const p of rule.patterns ?? []) regexesOf(p, out);
  return out;
}

const grammar = JSON.parse(readFileSync(path, 'utf8')) as { scopeName: string; patterns: Rule[]; repository: Record<string, Rule> };

test('is a grammar for source.nn whose includes all resolve', () => {
  expect(grammar.scopeName).toBe('source.nn');
  const includes = JSON.stringify(grammar).match(/"#[a-z-]+"/g) ?? [];
  for (const inc of includes) expect(Object.keys(grammar.repository)).toContain(inc.slice(2, -1));
});

test('every regex compiles in JavaScript', () => {
  const all = Object.values(grammar.repository).flatMap((r) => regexesOf(r));
  expect(all.length).toBeGreaterThan(10);
  for (const source of all) expect(() => new RegExp(source), source).not.toThrow();
});

test('the main patterns match what they are for', () => {
  const re = (name: string, i = 0) => new RegExp(regexesOf(grammar.repository[name]!)[i]!);
  expect('model cnn(w = 1) {'.match(re('declaration'))?.[2]).toBe('cnn');
  expect('block conv_block {'.match(re('declaration'))?.[2]).toBe('conv_block');
  expect('experiment part1 {'.match(re('declaration'))?.[1]).toBe('experiment');
  expect('  grid {'.match(re('section'))?.[1]).toBe('grid');
  expect('  act: relu, sigmoid'.match(re('section'))).toBeNull();
  expect('  conv(f, padding = same)'.match(re('call'))?.[1]).toBe('conv');
  expect('conv(f, padding = same)'.match(re('named-argument'))?.[1]).toBe('padding');
  expect('x = 1e-3 + .5'.match(new RegExp(re('number').source, 'g'))).toEqual(['1e-3', '.5']);
  expect('dense(4) # a comment'.match(re('comment'))?.[0]).toBe('# a comment');
});
