// Small helpers for the syntax tests: parse, find spans by text, strip spans for shape checks.
import type { Span } from '../../src/diagnostics/diagnostic.js';
import { parseSource } from '../../src/syntax/parse.js';

export function parse(text: string) {
  return parseSource('t.nn', text);
}

/** The span of the `nth` occurrence (0-based) of `needle` in `text`. */
export function spanOf(text: string, needle: string, nth = 0): Span {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`'${needle}' occurs fewer than ${nth + 1} times`);
  }
  return { file: 't.nn', start: at, end: at + needle.length };
}

/** The value without any `span`/`opSpan`/`keywordSpan` fields, to compare shapes. */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!/span$/i.test(k)) out[k] = shape(v);
  return out;
}
