// The direct lexer and parser against Chevrotain's, which they stand in for: on every .nn file
// of the repository and on thousands of mutations of them, each gives up exactly when Chevrotain
// reports an error, and otherwise makes the same tokens, or the same AST, key for key and span for span.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { parseDirect } from '../../src/syntax/direct.js';
import { chevrotainLex, lex, scan } from '../../src/syntax/lexer.js';
import { parseSource } from '../../src/syntax/parse.js';
import { parseTokens } from '../../src/syntax/parser.js';
import { toAst } from '../../src/syntax/to-ast.js';
import { FIRST_LOOK } from './fixtures.js';
import { mutate, pick, rng } from '../random.js';

const SOURCES = fs
  .readdirSync('.', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.nn') && !f.startsWith('node_modules') && !f.includes(`${path.sep}node_modules${path.sep}`))
  .sort()
  .map((f) => fs.readFileSync(f, 'utf8'))
  .concat(FIRST_LOOK);

const PIECES = ['(', ')', '{', '}', ',', '+', '-', '*', '/', '=', ':', ';', '\n', 'model m {', 'block b(x) {', 'let a = 2', 'train {', 'repeat(2) {', 'add {', 'input', '1e-3', '"s"', 'x', 'x = 1', 'relu', 'true', 'experiment e {', 'grid {', 'models: a, b', 'runs: 2'];

/** Agreement on one text: returns whether it parsed without syntax errors. */
function agree(text: string, label: string): boolean {
  const scanned = scan(text);
  const reference = chevrotainLex(text);
  expect(scanned === undefined, `${label}: the scan gives up iff Chevrotain's lexer reports an error\n${text}`).toBe(reference.errors.length > 0);
  if (scanned) expect(scanned.tokens, `${label}\n${text}`).toStrictEqual(reference.tokens);
  const { tokens } = lex(text);
  const { cst, errors } = parseTokens(tokens);
  const direct = parseDirect('f.nn', tokens, text.length);
  expect(direct === undefined, `${label}: gives up iff Chevrotain reports ${errors.map((e) => e.message).join('; ')}\n${text}`).toBe(errors.length > 0);
  if (direct) expect(direct, `${label}\n${text}`).toStrictEqual(toAst('f.nn', cst, text.length));
  return errors.length === 0;
}

/** A token-level edit: delete, duplicate or swap whole tokens, so that many results still parse. */
function editTokens(text: string, r: () => number): string {
  const toks = lex(text).tokens.map((t) => t.image);
  const i = Math.floor(r() * toks.length);
  const j = Math.floor(r() * toks.length);
  const op = Math.floor(r() * 4);
  if (op === 0) toks.splice(i, 1 + Math.floor(r() * 3));
  else if (op === 1) toks.splice(i, 0, ...toks.slice(j, j + 1 + Math.floor(r() * 8)));
  else if (op === 2) [toks[i], toks[j]] = [toks[j]!, toks[i]!];
  else toks.splice(i, 0, pick(r, PIECES));
  return toks.join(' ');
}

test('every .nn file of the repository parses directly to the AST the CST gives', () => {
  expect(SOURCES.length).toBeGreaterThan(20);
  for (const [i, text] of SOURCES.entries()) expect(agree(text, `source ${i}`)).toBe(true);
});

test('mutations: the direct parser gives up exactly on syntax errors and agrees elsewhere', () => {
  const r = rng(16);
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < 3000; i++) {
    const base = pick(r, SOURCES);
    const text = i % 2 === 0 ? editTokens(base, r) : mutate(base, r, PIECES);
    if (agree(text, `mutation ${i}`)) valid++;
    else invalid++;
  }
  // Both outcomes are exercised in bulk.
  expect(valid).toBeGreaterThan(300);
  expect(invalid).toBeGreaterThan(300);
});

test('the scan makes the tokens of Chevrotain\'s lexer at its edges: keywords, numbers, strings, blanks', () => {
  const edges = ['models model input inputs add_ true1 _x', '1. .5 1.2.3 1e 1e-3 2E+4 007 .', '"a" "a\\"b" "open\n"x\\', '\ufeff\t\r\n\f\v; # c\r\n#', 'a\u00a0b', '@', 'x = y + -z * 2 / 3'];
  for (const text of edges) agree(text, 'edge');
  expect(scan('a\u00a0b')).toBeUndefined();
  expect(scan('model m')!.tokens.map((t) => t.image)).toEqual(['model', 'm']);
});

test('parseSource answers from the direct parser without a syntax error, and from Chevrotain with one', () => {
  const good = 'model m {\n  input(4)\n  dense(2, activation = "relu") + -1 * 2\n}\n';
  expect(parseSource('f.nn', good)).toStrictEqual({ ast: parseDirect('f.nn', lex(good).tokens, good.length), diagnostics: [], tokens: lex(good).tokens });
  const bad = 'model m {\n  input(4)\n  dense(2,, 3)\n}\n';
  const { diagnostics } = parseSource('f.nn', bad);
  expect(diagnostics.map((d) => [d.code, d.span.start, d.span.end, d.message])).toEqual([['NN0003', 31, 32, "expected a layer or an expression but found ','"]]);
});
