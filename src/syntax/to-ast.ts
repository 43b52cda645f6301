// Converts the concrete syntax tree into the AST of ast.ts. Promises: every node, identifier and
// argument gets a span in the file; a partial tree left by error recovery never makes this throw —
// a piece whose required parts are missing is dropped (its syntax error has been reported already).
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { joinSpans, type Span } from '../diagnostics/diagnostic.js';
import { stringValue } from './lexer.js';

interface Ctx {
  file: string;
  /** End of the last real token converted: where a missing piece is placed. */
  lastEnd: number;
}

/** Builds the AST of one file from the CST of `parser.file()`. */
export function toAst(file: string, cst: CstNode | undefined, textLength: number): A.FileAst {
  const ctx: Ctx = { file, lastEnd: 0 };
  const decls = nodes(cst, 'decl').map((d) => decl(ctx, d)).filter(isDefined);
  return { file, decls, span: { file, start: 0, end: textLength } };
}

// ---- access to a CST node that may be partial ----

function nodes(n: CstNode | undefined, key: string): CstNode[] {
  const list = n?.children[key] ?? [];
  return list.filter((e: CstElement): e is CstNode => 'children' in e);
}

function node(n: CstNode | undefined, key: string): CstNode | undefined {
  return nodes(n, key)[0];
}

function toks(n: CstNode | undefined, key: string): IToken[] {
  const list = n?.children[key] ?? [];
  return list.filter((e: CstElement): e is IToken => 'image' in e);
}

function tok(n: CstNode | undefined, key: string): IToken | undefined {
  return toks(n, key)[0];
}

function isDefined<T>(x: T | undefined): x is T {
  return x !== undefined;
}

// ---- spans ----

function tokenSpan(ctx: Ctx, t: IToken): Span {
  if (!Number.isFinite(t.startOffset)) return { file: ctx.file, start: ctx.lastEnd, end: ctx.lastEnd };
  const end = t.startOffset + t.image.length;
  ctx.lastEnd = Math.max(ctx.lastEnd, end);
  return { file: ctx.file, start: t.startOffset, end };
}

function nodeSpan(ctx: Ctx, n: CstNode): Span {
  const loc = n.location;
  if (loc === undefined || !Number.isFinite(loc.startOffset)) return { file: ctx.file, start: ctx.lastEnd, end: ctx.lastEnd };
  const end = Number.isFinite(loc.endOffset) ? Math.max(loc.startOffset, (loc.endOffset ?? loc.startOffset) + 1) : loc.startOffset;
  return { file: ctx.file, start: loc.startOffset, end };
}

function ident(ctx: Ctx, t: IToken | undefined): A.Ident | undefined {
  if (t === undefined || t.image === '') return undefined;
  return { name: t.image, span: tokenSpan(ctx, t) };
}

// ---- declarations ----

function decl(ctx: Ctx, n: CstNode): A.Decl | undefined {
  const imp = node(n, 'importDecl');
  if (imp) return importDecl(ctx, imp);
  const lt = node(n, 'letDecl');
  if (lt) return letDecl(ctx, lt);
  const blk = node(n, 'blockDecl');
  if (blk) return blockDecl(ctx, blk);
  const mdl = node(n, 'modelDecl');
  return mdl ? modelDecl(ctx, mdl) : undefined;
}

function importDecl(ctx: Ctx, n: CstNode): A.ImportDecl | undefined {
  const s = tok(n, 'StringLiteral');
  if (s === undefined || s.image === '') return undefined;
  return { kind: 'import', path: { kind: 'string', value: stringValue(s.image), span: tokenSpan(ctx, s) }, span: nodeSpan(ctx, n) };
}

function letDecl(ctx: Ctx, n: CstNode): A.LetDecl | undefined {
  const name = ident(ctx, tok(n, 'Identifier'));
  const value = expr(ctx, node(n, 'expr'));
  if (!name || !value) return undefined;
  return { kind: 'let', name, value, span: nodeSpan(ctx, n) };
}

function blockDecl(ctx: Ctx, n: CstNode): A.BlockDecl | undefined {
  const name = ident(ctx, tok(n, 'Identifier'));
  if (!name) return undefined;
  const params = paramList(ctx, node(n, 'params'));
  return { kind: 'block', name, params, body: body(ctx, node(n, 'body')), span: nodeSpan(ctx, n) };
}

function modelDecl(ctx: Ctx, n: CstNode): A.ModelDecl | A.VariantDecl | undefined {
  const name = ident(ctx, tok(n, 'Identifier'));
  if (!name) return undefined;
  if (tok(n, 'Equals')) {
    const base = ident(ctx, tok(n, 'base'));
    if (!base) return undefined;
    return { kind: 'variant', name, base, args: argList(ctx, node(n, 'args')), span: nodeSpan(ctx, n) };
  }
  const params = paramList(ctx, node(n, 'params'));
  return { kind: 'model', name, params, body: body(ctx, node(n, 'body')), span: nodeSpan(ctx, n) };
}

function paramList(ctx: Ctx, n: CstNode | undefined): A.Param[] {
  return nodes(n, 'param').map((p) => param(ctx, p)).filter(isDefined);
}

function param(ctx: Ctx, n: CstNode): A.Param | undefined {
  const name = ident(ctx, tok(n, 'Identifier'));
  if (!name) return undefined;
  const dflt = expr(ctx, node(n, 'expr'));
  return { name, ...(dflt ? { default: dflt } : {}), span: nodeSpan(ctx, n) };
}

// ---- statements ----

function body(ctx: Ctx, n: CstNode | undefined): A.Statement[] {
  return nodes(n, 'statement').map((s) => statement(ctx, s)).filter(isDefined);
}

function statement(ctx: Ctx, n: CstNode): A.Statement | undefined {
  const train = node(n, 'trainSection');
  if (train) {
    const entries = nodes(train, 'entry').map((e) => entry(ctx, e)).filter(isDefined);
    return { kind: 'train', entries, span: nodeSpan(ctx, train) };
  }
  const e = expr(ctx, node(n, 'expr'));
  return e ? { kind: 'expr', expr: e, span: e.span } : undefined;
}

function entry(ctx: Ctx, n: CstNode): A.TrainEntry | undefined {
  const key = ident(ctx, tok(n, 'Identifier'));
  const values = nodes(n, 'expr').map((e) => expr(ctx, e)).filter(isDefined);
  if (!key || values.length === 0) return undefined;
  const value: A.Expr = values.length === 1 ? values[0]! : { kind: 'tuple', items: values, span: cover(values) };
  return { key, value, span: nodeSpan(ctx, n) };
}

// ---- expressions ----

function expr(ctx: Ctx, n: CstNode | undefined): A.Expr | undefined {
  return chain(ctx, n, 'term', ['Plus', 'Minus'], term);
}

function term(ctx: Ctx, n: CstNode | undefined): A.Expr | undefined {
  return chain(ctx, n, 'unary', ['Star', 'Slash'], unary);
}

/** A left-associative chain `x op x op x`; operands that failed to parse end the chain. */
function chain(
  ctx: Ctx,
  n: CstNode | undefined,
  operandKey: string,
  opKeys: string[],
  operand: (ctx: Ctx, n: CstNode | undefined) => A.Expr | undefined,
): A.Expr | undefined {
  const operands = nodes(n, operandKey);
  const ops = opKeys.flatMap((k) => toks(n, k)).sort((a, b) => a.startOffset - b.startOffset);
  let left = operand(ctx, operands[0]);
  for (let i = 1; left !== undefined && i < operands.length; i++) {
    const op = ops[i - 1];
    const right = operand(ctx, operands[i]);
    if (op === undefined || right === undefined) break;
    const opSpan = tokenSpan(ctx, op);
    left = { kind: 'binary', op: op.image as A.BinaryOp, opSpan, left, right, span: joinSpans(left.span, right.span) };
  }
  return left;
}

function unary(ctx: Ctx, n: CstNode | undefined): A.Expr | undefined {
  const minus = tok(n, 'Minus');
  if (minus === undefined) return primary(ctx, node(n, 'primary'));
  const start = tokenSpan(ctx, minus);
  const operand = unary(ctx, node(n, 'unary'));
  return operand ? { kind: 'negate', operand, span: joinSpans(start, operand.span) } : undefined;
}

function primary(ctx: Ctx, n: CstNode | undefined): A.Expr | undefined {
  const num = tok(n, 'NumberLiteral');
  if (num) return num.image === '' ? undefined : { kind: 'number', text: num.image, span: tokenSpan(ctx, num) };
  const str = tok(n, 'StringLiteral');
  if (str) return str.image === '' ? undefined : { kind: 'string', value: stringValue(str.image), span: tokenSpan(ctx, str) };
  const bool = tok(n, 'True') ?? tok(n, 'False');
  if (bool) return { kind: 'bool', value: bool.image === 'true', span: tokenSpan(ctx, bool) };
  return compositePrimary(ctx, n);
}

function compositePrimary(ctx: Ctx, n: CstNode | undefined): A.Expr | undefined {
  const call = node(n, 'nameOrCall');
  if (call) return nameOrCall(ctx, call);
  const input = node(n, 'inputCall');
  if (input) return inputCall(ctx, input);
  const comp = node(n, 'compound');
  if (comp) return compound(ctx, comp);
  const paren = node(n, 'parenthesized');
  if (paren) return parenthesized(ctx, paren);
  const group = node(n, 'body');
  return group ? { kind: 'group', body: body(ctx, group), span: nodeSpan(ctx, group) } : undefined;
}

function nameOrCall(ctx: Ctx, n: CstNode): A.Expr | undefined {
  const callee = ident(ctx, tok(n, 'Identifier'));
  if (!callee) return undefined;
  const args = node(n, 'args');
  if (!args) return { kind: 'name', name: callee.name, span: callee.span };
  return { kind: 'call', callee, args: argList(ctx, args), span: nodeSpan(ctx, n) };
}

function inputCall(ctx: Ctx, n: CstNode): A.Call | undefined {
  const kw = tok(n, 'Input');
  if (!kw) return undefined;
  const callee = { name: 'input', span: tokenSpan(ctx, kw) };
  return { kind: 'call', callee, args: argList(ctx, node(n, 'args')), span: nodeSpan(ctx, n) };
}

function compound(ctx: Ctx, n: CstNode): A.Compound | undefined {
  const kwNode = node(n, 'compoundKeyword');
  const kw = tok(kwNode, 'Repeat') ?? tok(kwNode, 'Residual') ?? tok(kwNode, 'Concat') ?? tok(kwNode, 'Add');
  if (!kw) return undefined;
  const keywordSpan = tokenSpan(ctx, kw);
  const args = argList(ctx, node(n, 'args'));
  const keyword = kw.image as A.Compound['keyword'];
  return { kind: 'compound', keyword, keywordSpan, args, body: body(ctx, node(n, 'body')), span: nodeSpan(ctx, n) };
}

function parenthesized(ctx: Ctx, n: CstNode): A.Expr | undefined {
  const items = nodes(n, 'expr').map((e) => expr(ctx, e)).filter(isDefined);
  if (items.length <= 1) return items[0];
  return { kind: 'tuple', items, span: nodeSpan(ctx, n) };
}

function argList(ctx: Ctx, n: CstNode | undefined): A.Arg[] {
  return nodes(n, 'arg').map((a) => arg(ctx, a)).filter(isDefined);
}

function arg(ctx: Ctx, n: CstNode): A.Arg | undefined {
  const name = ident(ctx, tok(n, 'name'));
  const value = expr(ctx, node(n, 'expr'));
  if (!value) return undefined;
  return { ...(name ? { name } : {}), value, span: name ? joinSpans(name.span, value.span) : value.span };
}

function cover(items: A.Expr[]): Span {
  return items.map((e) => e.span).reduce(joinSpans);
}
