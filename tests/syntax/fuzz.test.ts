// Random mutations of a valid spec: parseSource never throws and every span lies within the text.
import { expect, test } from 'vitest';
import type { Span } from '../../src/diagnostics/diagnostic.js';
import { parseSource } from '../../src/syntax/parse.js';
import { FIRST_LOOK } from './fixtures.js';
import { mutate, rng as random } from '../random.js';

const PIECES = ['(', ')', '{', '}', ',', '+', '-', '=', ':', ';', '\n', '"', '\\', '#', 'model', 'block', 'let', 'train', 'repeat', 'add', 'input', '1e-3', '.5', 'x', '@', '\t', '\r\n', '"a\\q"'];

function spansOf(value: unknown, out: Span[] = []): Span[] {
  if (Array.isArray(value)) for (const v of value) spansOf(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/span$/i.test(k)) out.push(v as Span);
      else spansOf(v, out);
    }
  }
  return out;
}

function within(span: Span, text: string): boolean {
  return Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= text.length;
}

test('2,500 random mutations of the first-look example never throw', () => {
  const rnd = random(20240611);
  for (let i = 0; i < 2500; i++) {
    const text = mutate(FIRST_LOOK, rnd, PIECES);
    const result = parseSource('f.nn', text);
    const bad = result.diagnostics.filter((d) => !within(d.span, text) || d.span.file !== 'f.nn' || d.message.startsWith('internal'));
    expect(bad, `mutation ${i}:\n${text}`).toEqual([]);
    const badNodes = spansOf(result.ast).filter((s) => !within(s, text));
    expect(badNodes, `mutation ${i}:\n${text}`).toEqual([]);
  }
});

test('random token soup never throws', () => {
  const rnd = random(7);
  for (let i = 0; i < 500; i++) {
    const n = Math.floor(rnd() * 60);
    const text = Array.from({ length: n }, () => PIECES[Math.floor(rnd() * PIECES.length)]).join(rnd() < 0.5 ? ' ' : '');
    const result = parseSource('f.nn', text);
    expect(result.diagnostics.every((d) => within(d.span, text)), text).toBe(true);
    expect(spansOf(result.ast).every((s) => within(s, text)), text).toBe(true);
  }
});
