// JSON.parse with the place of a syntax error as a 1-based line and column. V8 names the offset
// of most errors ("... in JSON at position 7") but not of an unexpected token; for those the
// offset is the first error jsonc-parser finds in a strict parse of the same text.
import { createRequire } from 'node:module';
import type { ParseError } from 'jsonc-parser';
import { LineMap } from './lines.js';

export type JsonParse = { value: unknown } | { error: { line: number; column: number; message: string } };

export function parseJson(text: string): JsonParse {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    const offset = positionOf(message, text.length) ?? firstErrorOffset(text);
    // Without the offset, the snippet of text V8 quotes after an unexpected token, or control
    // characters (an unexpected NUL is shown as \u0000, not written to the terminal).
    const what = message.replace(/( in JSON)? at position \d+.*$/s, '').replace(/^(Unexpected token .+?), (\.\.\.)?".*$/s, '$1')
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return { error: { ...new LineMap(text).position(offset), message: what } };
  }
}

function positionOf(message: string, end: number): number | undefined {
  if (/^Unexpected end of JSON input/.test(message)) return end;
  const m = / at position (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

function firstErrorOffset(text: string): number {
  const errors: ParseError[] = [];
  jsonc().parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0]?.offset ?? 0;
}

/** jsonc-parser is loaded on the first JSON error: a run that reads only valid JSON does not pay for it. */
export function jsonc(): typeof import('jsonc-parser') {
  return createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
}
