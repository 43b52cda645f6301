// The public entry of the front end: text in, AST and diagnostics out. Promises: never throws,
// whatever the input; limits (file size, token count, bracket nesting, expression length) are
// checked before parsing, by linear scans, so nothing can overflow the stack, run long or fill
// memory; every lexing and syntax problem becomes a Diagnostic here, at most one syntax error per
// statement so that one mistake does not cascade.
import type { IRecognitionException, IToken, TokenType } from 'chevrotain';
import type { FileAst } from './ast.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { Code } from '../diagnostics/catalog.js';
import * as T from './lexer.js';
import { MAX_SYNTAX_ERRORS, parseTokens } from './parser.js';
import { parseDirect } from './direct.js';
import { toAst } from './to-ast.js';
import { MAX_FILE_BYTES } from '../check/sources.js';
import { tokenLimitOffset } from './count.js';

export { MAX_FILE_BYTES } from '../check/sources.js';
export const MAX_NESTING = 200;
/** Tokens in one file: what parsing and checking can handle in about a second here. */
export const MAX_TOKENS = 200_000;
/** Operators in one expression plus the brackets around them: bounds the depth of its tree. */
export const MAX_EXPR_DEPTH = 1_000;

export interface ParseResult {
  ast: FileAst;
  diagnostics: Diagnostic[];
  /** The tokens the file was parsed from, when it was lexed. */
  tokens?: IToken[];
}

/** Parses one .nn file. */
export function parseSource(file: string, text: string): ParseResult {
  const empty: FileAst = { file, decls: [], span: { file, start: 0, end: text.length } };
  if (byteLength(text) > MAX_FILE_BYTES) {
    const mib = (byteLength(text) / 1024 / 1024).toFixed(1);
    return { ast: empty, diagnostics: [error('NN0901', span(file, 0, 0), `file is ${mib} MiB; the limit is 8 MiB`)] };
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    return { ast: empty, diagnostics: [error('NN0006', span(file, nul, nul + 1), 'the file holds a NUL character (U+0000): it is binary, or text in an encoding other than UTF-8')] };
  }
  const past = tokenLimitOffset(text, MAX_TOKENS);
  if (past !== -1) {
    const message = `the file has more than ${MAX_TOKENS.toLocaleString('en-US')} tokens (names, numbers and symbols); split it into files that import each other`;
    return { ast: empty, diagnostics: [error('NN0901', span(file, past, past), message)] };
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
  // Without a syntax error, the direct parser's AST is the whole answer; else Chevrotain's reports the errors.
  const direct = parseDirect(file, tokens, text.length);
  if (direct) return { ast: direct, diagnostics: diagnostics.sort((a, b) => a.span.start - b.span.start), tokens };
  const { cst, errors, stoppedAt } = parseTokens(tokens);
  const ast = toAst(file, cst, text.length);
  const syntax = syntaxDiagnostics(file, tokens, errors, diagnostics);
  if (stoppedAt) {
    const message = `more than ${MAX_SYNTAX_ERRORS.toLocaleString('en-US')} syntax errors: the rest of the file is not parsed`;
    syntax.push(error('NN0906', errorSpan(file, tokens, stoppedAt), message));
  }
  return { ast, diagnostics: [...diagnostics, ...syntax].sort((a, b) => a.span.start - b.span.start) };
}

function byteLength(text: string): number {
  if (text.length > MAX_FILE_BYTES) return Buffer.byteLength(text, 'utf8');
  return text.length * 3 <= MAX_FILE_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
}

const OPERATORS = new Set([T.Plus, T.Minus, T.Star, T.Slash]);
/** Tokens after which an expression starts afresh: its operators no longer deepen the tree. */
const RESTARTS = new Set([T.Comma, T.Equals, T.Colon, T.Newline, T.Semicolon]);

/**
 * Brackets `(` and `{` nested deeper than MAX_NESTING, or as many `-` in a row, would make the
 * recursive-descent parser recurse that deep; an expression of more than MAX_EXPR_DEPTH operators
 * (counting those of the expressions it is nested in, and the brackets) makes a tree that deep,
 * which every later stage walks. Reports the first token that goes too deep.
 *
 * Nesting is counted as the parser nests: a closing bracket closes the innermost open bracket of
 * its kind and every bracket opened inside it (recovery leaves those at once); one with no open
 * bracket of its kind closes nothing (`residual { 3 )` on 1,000 lines nests 1,000 bodies, and
 * overflowed the stack when `)` was taken to close `{`).
 */
function checkNesting(file: string, tokens: IToken[]): Diagnostic | undefined {
  /** The kinds of the open brackets, innermost last. */
  const open: TokenType[] = [];
  let minuses = 0;
  /** Operators since the expression at each open bracket (the top level first) started. */
  const ops = [0];
  let opsTotal = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === T.LParen || type === T.LBrace) {
      open.push(type);
      ops.push(0);
    } else if (type === T.RParen || type === T.RBrace) {
      const at = open.lastIndexOf(type === T.RParen ? T.LParen : T.LBrace);
      while (at !== -1 && open.length > at) {
        open.pop();
        opsTotal -= ops.pop()!;
      }
    } else if (RESTARTS.has(type)) {
      opsTotal -= ops[open.length]!;
      ops[open.length] = 0;
    } else if (OPERATORS.has(type)) {
      ops[open.length]!++;
      opsTotal++;
    }
    minuses = type === T.Minus ? minuses + 1 : 0;
    const depth = open.length;
    if (depth > MAX_NESTING || minuses > MAX_NESTING) {
      return error('NN0902', tokenSpan(file, t), minuses > MAX_NESTING ? `more than ${MAX_NESTING} '-' in a row` : `brackets nested more than ${MAX_NESTING} deep`);
    }
    if (opsTotal + depth > MAX_EXPR_DEPTH) {
      const message = `expression too long: more than ${MAX_EXPR_DEPTH.toLocaleString('en-US')} operators (with the brackets around them) in one expression`;
      return { ...error('NN0908', tokenSpan(file, t), message), hint: 'split it: a let or a block can hold a part of it' };
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

function tokenSpan(file: string, t: IToken): Span {
  return span(file, t.startOffset, t.startOffset + t.image.length);
}

function span(file: string, start: number, end: number): Span {
  return { file, start, end };
}

function error(code: Code, at: Span, message: string): Diagnostic {
  return { code, severity: 'error', message, span: at };
}
