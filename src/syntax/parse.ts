// The public entry of the front end: text in, AST and diagnostics out. Promises: never throws,
// whatever the input; limits (file size, bracket nesting) are checked before parsing so nothing
// can overflow the stack or run long; every lexing and syntax problem becomes a Diagnostic here,
// at most one syntax error per statement so that one mistake does not cascade.
import type { IRecognitionException, IToken } from 'chevrotain';
import type { FileAst } from './ast.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { Code } from '../diagnostics/catalog.js';
import * as T from './lexer.js';
import { parseTokens } from './parser.js';
import { toAst } from './to-ast.js';

export const MAX_FILE_BYTES = 8 * 1024 * 1024;
export const MAX_NESTING = 200;

export interface ParseResult {
  ast: FileAst;
  diagnostics: Diagnostic[];
}

/** Parses one .nn file. */
export function parseSource(file: string, text: string): ParseResult {
  const empty: FileAst = { file, decls: [], span: { file, start: 0, end: text.length } };
  if (byteLength(text) > MAX_FILE_BYTES) {
    const mib = (byteLength(text) / 1024 / 1024).toFixed(1);
    return { ast: empty, diagnostics: [error('NN0901', span(file, 0, 0), `file is ${mib} MiB; the limit is 8 MiB`)] };
  }
  try {
    return parseChecked(file, text, empty);
  } catch (e) {
    const msg = `internal error while parsing: ${e instanceof Error ? e.message : String(e)}`;
    return { ast: empty, diagnostics: [error('NN0004', span(file, 0, 0), msg)] };
  }
}

function parseChecked(file: string, text: string, empty: FileAst): ParseResult {
  const { tokens, problems } = T.lex(text);
  const diagnostics = problems.map((p) => error(p.code, span(file, p.start, p.end), p.message));
  const tooDeep = checkNesting(file, tokens);
  if (tooDeep) return { ast: empty, diagnostics: [...diagnostics, tooDeep] };
  const { cst, errors } = parseTokens(tokens);
  const ast = toAst(file, cst, text.length);
  const syntax = syntaxDiagnostics(file, tokens, errors, diagnostics);
  return { ast, diagnostics: [...diagnostics, ...syntax].sort((a, b) => a.span.start - b.span.start) };
}

function byteLength(text: string): number {
  if (text.length > MAX_FILE_BYTES) return Buffer.byteLength(text, 'utf8');
  return text.length * 3 <= MAX_FILE_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
}

/**
 * Brackets `(` and `{` nested deeper than MAX_NESTING, or as many `-` in a row, would make the
 * recursive-descent parser recurse that deep; report the first token that goes too deep.
 */
function checkNesting(file: string, tokens: IToken[]): Diagnostic | undefined {
  let depth = 0;
  let minuses = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === T.LParen || type === T.LBrace) depth++;
    else if ((type === T.RParen || type === T.RBrace) && depth > 0) depth--;
    minuses = type === T.Minus ? minuses + 1 : 0;
    if (depth > MAX_NESTING || minuses > MAX_NESTING) {
      const what = minuses > MAX_NESTING ? `more than ${MAX_NESTING} '-' in a row` : `brackets nested more than ${MAX_NESTING} deep`;
      return error('NN0902', span(file, t.startOffset, t.startOffset + t.image.length), what);
    }
  }
  return undefined;
}

function syntaxDiagnostics(
  file: string,
  tokens: IToken[],
  errors: IRecognitionException[],
  lexical: Diagnostic[],
): Diagnostic[] {
  const separators = tokens.filter(T.isSeparator).map((t) => t.startOffset);
  const seen = new Set(lexical.map((d) => statementIndex(separators, d.span.start)));
  const out: Diagnostic[] = [];
  for (const e of errors) {
    const at = errorSpan(file, tokens, e);
    const stmt = statementIndex(separators, at.start);
    if (seen.has(stmt)) continue;
    seen.add(stmt);
    out.push(error(e.name === 'NotAllInputParsedException' ? 'NN0004' : codeFor(e.message), at, e.message));
  }
  return out;
}

/** "expected newline…" means the statement was complete and more followed: unexpected input. */
function codeFor(message: string): Code {
  return message.startsWith('unexpected') || message.startsWith('expected newline') ? 'NN0004' : 'NN0003';
}

/** Statements are what lies between separators; index = number of separators before `offset`. */
function statementIndex(separators: number[], offset: number): number {
  let lo = 0;
  let hi = separators.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (separators[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The offending token, or just past the last token of the last statement when the file ended early. */
function errorSpan(file: string, tokens: IToken[], e: IRecognitionException): Span {
  const tok = e.token;
  const newline = tok && e.message.endsWith('but found newline') ? T.droppedNewlineBefore(tok) : undefined;
  if (newline) return span(file, newline.startOffset, newline.startOffset + 1);
  if (tok && Number.isFinite(tok.startOffset) && tok.image !== '') {
    return span(file, tok.startOffset, tok.startOffset + tok.image.length);
  }
  let i = tokens.length - 1;
  while (i >= 0 && T.isSeparator(tokens[i]!)) i--;
  const prev = tokens[i];
  const at = prev ? prev.startOffset + prev.image.length : 0;
  return span(file, at, at);
}

function span(file: string, start: number, end: number): Span {
  return { file, start, end };
}

function error(code: Code, at: Span, message: string): Diagnostic {
  return { code, severity: 'error', message, span: at };
}
