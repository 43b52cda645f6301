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

// Chevrotain keys children by rule or token name, so a key holds only nodes or only tokens.

function nodes(n: CstNode | undefined, key: string): CstNode[] {
  return (n?.children[key] ?? NONE) as CstNode[];
}

function node(n: CstNode | undefined, key: string): CstNode | undefined {
  return nodes(n, key)[0];
}

function toks(n: CstNode | undefined, key: string): IToken[] {
  return (n?.children[key] ?? NONE) as IToken[];
}

const NONE: CstElement[] = [];

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

/**
 * From the start of `first` to the furthest end among `rest`. Spans are assembled from the pieces
 * a construct is made of (the parser tracks no node locations: that would cost a fifth of its time).
 */
function extent(first: Span, ...rest: (Span | undefined)[]): Span {
  let end = first.end;
  for (const r of rest) if (r !== undefined && r.end > end) end = r.end;
  return { file: first.file, start: first.start, end };
}

/** The span of the token child `key` of `n`, if the parser found (or inserted) one. */
function piece(ctx: Ctx, n: CstNode | undefined, key: string): Span | undefined {
  const t = tok(n, key);
  return t === undefined ? undefined : tokenSpan(ctx, t);
}

function last<T>(items: T[]): T | undefined {
  return items[items.length - 1];
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
  if (mdl) return modelDecl(ctx, mdl);
  const exp = node(n, 'experimentDecl');
  return exp ? experimentDecl(ctx, exp) : undefined;
}

function experimentDecl(ctx: Ctx, n: CstNode): A.ExperimentDecl | undefined {
  const keyword = piece(ctx, n, 'Experiment');
  const name = ident(ctx, tok(n, 'Identifier'));
  if (!name) return undefined;
  const settings = nodes(n, 'setting');
  const entries = settings.map((s) => node(s, 'entry')).filter(isDefined).map((e) => entry(ctx, e)).filter(isDefined);
  const sections = settings.map((s) => node(s, 'section')).filter(isDefined).map((s) => section(ctx, s)).filter(isDefined);
  const ends = [last(entries)?.span, last(sections)?.span, piece(ctx, n, 'RBrace')];
  return { kind: 'experiment', name, entries, sections, span: extent(keyword ?? name.span, name.span, ...ends) };
}

function section(ctx: Ctx, n: CstNode): A.SettingsSection | undefined {
  const name = ident(ctx, tok(n, 'Identifier'));
  if (!name) return undefined;
  const entries = nodes(n, 'entry').map((e) => entry(ctx, e)).filter(isDefined);
  return { kind: 'section', name, entries, span: extent(name.span, last(entries)?.span, piece(ctx, n, 'RBrace')) };
}

function importDecl(ctx: Ctx, n: CstNode): A.ImportDecl | undefined {
  const s = tok(n, 'StringLiteral');
  if (s === undefined || s.image === '') return undefined;
  const path: A.StringLit = { kind: 'string', value: stringValue(s.image), span: tokenSpan(ctx, s) };
  return { kind: 'import', path, span: extent(piece(ctx, n, 'Import') ?? path.span, path.span) };
}

function letDecl(ctx: Ctx, n: CstNode): A.LetDecl | undefined {
  const name = ident(ctx, tok(n, 'Identifier'));
  const value = expr(ctx, node(n, 'expr'));
  if (!name || !value) return undefined;
  return { kind: 'let', name, value, span: extent(piece(ctx, n, 'Let') ?? name.span, value.span) };
}

function blockDecl(ctx: Ctx, n: CstNode): A.BlockDecl | undefined {
  const name = ident(ctx, tok(n, 'Identifier'));
  if (!name) return undefined;
  const { params, body: statements, span } = definition(ctx, n, name, piece(ctx, n, 'Block'));
  return { kind: 'block', name, params, body: statements, span };
}

function modelDecl(ctx: Ctx, n: CstNode): A.ModelDecl | A.VariantDecl | undefined {
  const name = ident(ctx, tok(n, 'Identifier'));
  if (!name) return undefined;
  if (tok(n, 'Equals')) {
    const base = ident(ctx, tok(n, 'base'));
    if (!base) return undefined;
    const args = node(n, 'args');
    const list = argList(ctx, args);
    const span = extent(piece(ctx, n, 'Model') ?? name.span, base.span, last(list)?.span, piece(ctx, args, 'RParen'));
    return { kind: 'variant', name, base, args: list, span };
  }
  const { params, body: statements, span } = definition(ctx, n, name, piece(ctx, n, 'Model'));
  return { kind: 'model', name, params, body: statements, span };
}

/** The parameters, body and span of a model or block. */
function definition(ctx: Ctx, n: CstNode, name: A.Ident, keyword: Span | undefined) {
  const paramsNode = node(n, 'params');
  const params = paramList(ctx, paramsNode);
  const bodyNode = node(n, 'body');
  const statements = body(ctx, bodyNode);
  const span = extent(keyword ?? name.span, name.span, piece(ctx, paramsNode, 'RParen'), last(statements)?.span, piece(ctx, bodyNode, 'RBrace'));
  return { params, body: statements, span };
}

function paramList(ctx: Ctx, n: CstNode | undefined): A.Param[] {
  return nodes(n, 'param').map((p) => param(ctx, p)).filter(isDefined);
}

function param(ctx: Ctx, n: CstNode): A.Param | undefined {
  const name = ident(ctx, tok(n, 'Identifier'));
  if (!name) return undefined;
  const dflt = expr(ctx, node(n, 'expr'));
  return dflt ? { name, default: dflt, span: extent(name.span, dflt.span) } : { name, span: name.span };
}

// ---- statements ----

/** Statements in source order: train sections and expressions are kept apart in the CST. */
function body(ctx: Ctx, n: CstNode | undefined): A.Statement[] {
  const out: A.Statement[] = [];
  for (const e of nodes(n, 'expr')) {
    const value = expr(ctx, e);
    if (value) out.push({ kind: 'expr', expr: value, span: value.span });
  }
  const trains = nodes(n, 'trainSection');
  if (trains.length === 0) return out;
  for (const t of trains) out.push(trainSection(ctx, t));
  return out.sort((a, b) => a.span.start - b.span.start);
}

function trainSection(ctx: Ctx, n: CstNode): A.TrainSection {
  const start = piece(ctx, n, 'Train')!;
  const entries = nodes(n, 'entry').map((e) => entry(ctx, e)).filter(isDefined);
  return { kind: 'train', entries, span: extent(start, last(entries)?.span, piece(ctx, n, 'RBrace')) };
}

/** `key: a, b` gives a tuple of the comma-separated values. */
function entry(ctx: Ctx, n: CstNode): A.TrainEntry | undefined {
  const key = ident(ctx, tok(n, 'Identifier'));
  const values = nodes(n, 'expr').map((e) => expr(ctx, e)).filter(isDefined);
  if (!key || values.length === 0) return undefined;
  const value: A.Expr = values.length === 1 ? values[0]! : { kind: 'tuple', items: values, span: cover(values) };
  return { key, value, span: extent(key.span, value.span) };
}

// ---- expressions ----

const PRECEDENCE: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

/** `a op b op c` with `*` `/` binding tighter than `+` `-`, all left-associative. */
function expr(ctx: Ctx, n: CstNode | undefined): A.Expr | undefined {
  const operands = nodes(n, 'primary');
  if (operands.length <= 1) return primary(ctx, operands[0]);
  const ops = [...toks(n, 'Plus'), ...toks(n, 'Minus'), ...toks(n, 'Star'), ...toks(n, 'Slash')];
  ops.sort((a, b) => a.startOffset - b.startOffset);
  const values: A.Expr[] = [];
  for (let i = 0; i < operands.length && (i === 0 || ops[i - 1] !== undefined); i++) {
    const value = primary(ctx, operands[i]);
    if (value === undefined) break;
    values.push(value);
  }
  return fold(ctx, values, ops.slice(0, Math.max(0, values.length - 1)));
}

/** Operator-precedence folding of `values[0] ops[0] values[1] ...`. */
function fold(ctx: Ctx, values: A.Expr[], ops: IToken[]): A.Expr | undefined {
  const out: A.Expr[] = [];
  const stack: IToken[] = [];
  const reduce = (): void => {
    const op = stack.pop()!;
    const right = out.pop()!;
    const left = out.pop()!;
    const opSpan = tokenSpan(ctx, op);
    out.push({ kind: 'binary', op: op.image as A.BinaryOp, opSpan, left, right, span: joinSpans(left.span, right.span) });
  };
  if (values[0] === undefined) return undefined;
  out.push(values[0]);
  for (let i = 0; i < ops.length; i++) {
    const p = PRECEDENCE[ops[i]!.image] ?? 1;
    while (stack.length > 0 && (PRECEDENCE[stack[stack.length - 1]!.image] ?? 1) >= p) reduce();
    stack.push(ops[i]!);
    out.push(values[i + 1]!);
  }
  while (stack.length > 0) reduce();
  return out[0];
}

/** An operand and the unary `-` before it. */
function primary(ctx: Ctx, n: CstNode | undefined): A.Expr | undefined {
  const minuses = toks(n, 'Minus');
  let value = operand(ctx, n);
  for (let i = minuses.length - 1; value !== undefined && i >= 0; i--) {
    value = { kind: 'negate', operand: value, span: joinSpans(tokenSpan(ctx, minuses[i]!), value.span) };
  }
  return value;
}

function operand(ctx: Ctx, n: CstNode | undefined): A.Expr | undefined {
  if (n === undefined) return undefined;
  const c = n.children;
  if (c['Identifier']) return nameOrCall(ctx, n);
  if (c['NumberLiteral']) return literal(ctx, tok(n, 'NumberLiteral'), 'number');
  if (c['StringLiteral']) return literal(ctx, tok(n, 'StringLiteral'), 'string');
  if (c['True'] || c['False']) return literal(ctx, tok(n, 'True') ?? tok(n, 'False'), 'bool');
  if (c['Input']) return inputCall(ctx, n);
  const kw = tok(n, 'Repeat') ?? tok(n, 'Residual') ?? tok(n, 'Concat') ?? tok(n, 'Add');
  if (kw) return compound(ctx, n, kw);
  if (c['LParen']) return parenthesized(ctx, n);
  const group = node(n, 'body');
  if (!group) return undefined;
  const open = piece(ctx, group, 'LBrace');
  const statements = body(ctx, group);
  const span = open ? extent(open, last(statements)?.span, piece(ctx, group, 'RBrace')) : undefined;
  return span ? { kind: 'group', body: statements, span } : undefined;
}

function literal(ctx: Ctx, t: IToken | undefined, kind: 'number' | 'string' | 'bool'): A.Expr | undefined {
  if (t === undefined || t.image === '') return undefined;
  const span = tokenSpan(ctx, t);
  if (kind === 'number') return { kind, text: t.image, span };
  if (kind === 'string') return { kind, value: stringValue(t.image), span };
  return { kind, value: t.image === 'true', span };
}

function nameOrCall(ctx: Ctx, n: CstNode): A.Expr | undefined {
  const callee = ident(ctx, tok(n, 'Identifier'));
  if (!callee) return undefined;
  const args = node(n, 'args');
  if (!args) return { kind: 'name', name: callee.name, span: callee.span };
  return call(ctx, callee, args);
}

function inputCall(ctx: Ctx, n: CstNode): A.Call | undefined {
  const kw = tok(n, 'Input');
  if (!kw) return undefined;
  return call(ctx, { name: 'input', span: tokenSpan(ctx, kw) }, node(n, 'args'));
}

function call(ctx: Ctx, callee: A.Ident, argsNode: CstNode | undefined): A.Call {
  const args = argList(ctx, argsNode);
  const span = extent(callee.span, last(args)?.span, piece(ctx, argsNode, 'RParen'));
  return { kind: 'call', callee, args, span };
}

function compound(ctx: Ctx, n: CstNode, kw: IToken): A.Compound {
  const keywordSpan = tokenSpan(ctx, kw);
  const argsNode = node(n, 'args');
  const args = argList(ctx, argsNode);
  const bodyNode = node(n, 'body');
  const statements = body(ctx, bodyNode);
  const keyword = kw.image as A.Compound['keyword'];
  const ends = [last(args)?.span, piece(ctx, argsNode, 'RParen'), last(statements)?.span, piece(ctx, bodyNode, 'RBrace')];
  return { kind: 'compound', keyword, keywordSpan, args, body: statements, span: extent(keywordSpan, ...ends) };
}

function parenthesized(ctx: Ctx, n: CstNode): A.Expr | undefined {
  const items = nodes(n, 'expr').map((e) => expr(ctx, e)).filter(isDefined);
  if (items.length <= 1) return items[0];
  return { kind: 'tuple', items, span: extent(piece(ctx, n, 'LParen')!, last(items)?.span, piece(ctx, n, 'RParen')) };
}

/** Each `name =` in the CST belongs to the first value that starts after it. */
function argList(ctx: Ctx, n: CstNode | undefined): A.Arg[] {
  const names = toks(n, 'name');
  const out: A.Arg[] = [];
  let next = 0;
  for (const e of nodes(n, 'expr')) {
    const value = expr(ctx, e);
    if (value === undefined) continue;
    let nameTok: IToken | undefined;
    while (next < names.length && names[next]!.startOffset < value.span.start) nameTok = names[next++];
    const name = ident(ctx, nameTok);
    out.push(name ? { name, value, span: joinSpans(name.span, value.span) } : { value, span: value.span });
  }
  return out;
}

function cover(items: A.Expr[]): Span {
  return items.map((e) => e.span).reduce(joinSpans);
}
