// JSON.parse with the place of a syntax error as a 1-based line and column. V8 names the offset
// of most errors ("... in JSON at position 7") but not of an unexpected token; for those the
// offset is found as the shortest prefix of the text that already fails for a reason other than
// ending too early (a few more parses, log2 of the length).
import { LineMap } from './lines.js';

export type JsonParse = { value: unknown } | { error: { line: number; column: number; message: string } };

export function parseJson(text: string): JsonParse {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    const offset = positionOf(message, text.length) ?? firstBadOffset(text);
    // Without the offset, and without the snippet of text V8 quotes after an unexpected token.
    const what = message.replace(/( in JSON)? at position \d+.*$/s, '').replace(/^(Unexpected token .+?), (\.\.\.)?".*$/s, '$1');
    return { error: { ...new LineMap(text).position(offset), message: what } };
  }
}

function positionOf(message: string, end: number): number | undefined {
  if (/^Unexpected end of JSON input/.test(message)) return end;
  const m = / at position (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** True when the prefix fails only because it stops (or parses whole): the error is further on. */
function failsOnlyAtEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (e) {
    const at = positionOf((e as Error).message, prefix.length);
    return at !== undefined && at >= prefix.length;
  }
}

function firstBadOffset(text: string): number {
  let lo = 0; // failsOnlyAtEnd(text.slice(0, lo)) holds
  let hi = text.length; // it does not hold for the whole text
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (failsOnlyAtEnd(text.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  return hi - 1;
}
