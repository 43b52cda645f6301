// `formatSource`: a .nn file's text in its canonical layout (print.ts), every comment kept.
// Promises: never throws for user input; a file with syntax errors is not formatted (its
// diagnostics come back instead); the result parses to the same syntax tree and holds the same
// comments in the same order, which is checked on every call, so a formatter bug can never
// change a program; formatting the result again changes nothing.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FileAst } from '../syntax/ast.js';
import * as T from '../syntax/lexer.js';
import { parseSource } from '../syntax/parse.js';
import { MARK, printTree } from './print.js';
import { buildTree, commentsIn, commentTexts } from './tree.js';

export interface FormatResult {
  /** The formatted text; absent when the file has syntax errors. */
  text?: string;
  diagnostics: Diagnostic[];
}

/** Formats one file's text. */
export function formatSource(file: string, text: string): FormatResult {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parsed = parseSource(file, source);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: parsed.diagnostics };
  const tree = buildTree(source, parsed.tokens ?? T.lex(source).tokens);
  const out = alignComments(printTree(tree)).replace(/^\n+/, '');
  const formatted = out.trim() === '' ? '' : out;
  const bom = source === text ? '' : '\uFEFF';
  const why = differs(file, commentTexts(tree), parsed.ast, formatted);
  if (why) throw new Error(`formatting ${file} would change it: ${why}`);
  return { text: bom + formatted, diagnostics: [] };
}

/**
 * Trailing comments on consecutive lines start in one column, two spaces after the longest line's
 * code; a lone trailing comment is two spaces after its code.
 */
function alignComments(text: string): string {
  const lines = text.split('\n');
  let k = 0;
  while (k < lines.length) {
    if (!lines[k]!.includes(MARK)) {
      k++;
      continue;
    }
    let end = k;
    while (end < lines.length && lines[end]!.includes(MARK)) end++;
    const code = lines.slice(k, end).map((l) => l.slice(0, l.indexOf(MARK)).trimEnd());
    // A loop, not Math.max(...): a file can have 100,000 such lines, too many arguments for a call.
    const column = code.reduce((n, c) => Math.max(n, c.length), 0) + 2;
    for (let j = k; j < end; j++) {
      const line = lines[j]!;
      lines[j] = code[j - k]!.padEnd(column) + line.slice(line.indexOf(MARK) + 1);
    }
    k = end;
  }
  return lines.join('\n');
}

/** Why `after` is not the same program as `ast` with the same comments, or undefined. */
function differs(file: string, comments: string[], ast: FileAst, after: string): string | undefined {
  const again = parseSource(file, after);
  if (again.diagnostics.length > 0) return `the result does not parse: ${again.diagnostics[0]!.message}`;
  if (!sameTree(again.ast.decls, ast.decls)) return 'the syntax tree differs';
  const kept = commentsIn(after, again.tokens ?? T.lex(after).tokens);
  if (kept.length !== comments.length || kept.some((c, k) => c !== comments[k])) return 'the comments differ';
  return undefined;
}

/** Whether two syntax trees are equal but for their positions (`span`, `...Span` keys). */
function sameTree(a: unknown, b: unknown): boolean {
  // A stack, not recursion: the walk stays flat however deep the tree.
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const kx = Object.keys(x).filter((k) => !isPosition(k));
    const ky = Object.keys(y).filter((k) => !isPosition(k));
    if (kx.length !== ky.length) return false;
    for (const k of kx) {
      if (!Object.hasOwn(y, k)) return false;
      stack.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]]);
    }
  }
  return true;
}

const isPosition = (key: string) => key === 'span' || key.endsWith('Span');
