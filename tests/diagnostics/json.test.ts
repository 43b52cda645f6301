// JSON syntax errors carry the line and column where the text goes wrong, for every kind of
// error V8 reports (with an offset or, for an unexpected token, without one).
import { describe, expect, test } from 'vitest';
import { parseJson } from '../../src/diagnostics/json.js';

const errorOf = (text: string) => {
  const r = parseJson(text);
  if (!('error' in r)) throw new Error('expected an error');
  return r.error;
};

describe('parseJson', () => {
  test('valid JSON is parsed', () => {
    expect(parseJson('{"a": [1, 2]}')).toEqual({ value: { a: [1, 2] } });
  });

  test('an unexpected token: its line and column, without V8\'s quoted snippet', () => {
    expect(errorOf('{\n  "a": 1,\n  "b": [1, 2,]\n}')).toEqual({ line: 3, column: 14, message: "Unexpected token ']'" });
    expect(errorOf('{"a": tx}')).toEqual({ line: 1, column: 8, message: "Unexpected token 'x'" });
    const long = `{${Array.from({ length: 300 }, (_, i) => `"k${i}": ${i}`).join(',\n')}, "z": }`;
    const lines = long.split('\n');
    expect(errorOf(long)).toEqual({ line: lines.length, column: lines.at(-1)!.length, message: "Unexpected token '}'" });
    expect(errorOf('["a" "b"]')).toEqual({ line: 1, column: 6, message: "Expected ',' or ']' after array element" });
  });

  test('truncated text: the end of the text', () => {
    expect(errorOf('{"a": 1')).toEqual({ line: 1, column: 8, message: "Expected ',' or '}' after property value" });
    expect(errorOf('{\n"a": "xy')).toEqual({ line: 2, column: 9, message: 'Unterminated string' });
    expect(errorOf('{"a": tr')).toEqual({ line: 1, column: 9, message: 'Unexpected end of JSON input' });
    expect(errorOf('')).toEqual({ line: 1, column: 1, message: 'Unexpected end of JSON input' });
  });

  test('text after the value', () => {
    expect(errorOf('{"a": 1}\n}')).toEqual({ line: 2, column: 1, message: 'Unexpected non-whitespace character after JSON' });
  });
});
