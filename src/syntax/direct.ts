// Parses a token stream that holds no syntax error straight into the AST, without building
// Chevrotain's concrete syntax tree: the common case, in a fraction of the time and memory.
// Promises: it takes the decisions parser.ts takes, token for token, and builds the AST to-ast.ts
// builds from the CST of the same tokens (tests/syntax/direct.test.ts compares the two); at the
// first token the grammar does not allow it gives up and returns undefined, and the caller parses
// again with the Chevrotain parser, which reports the error and recovers.
import type { IToken, TokenType } from 'chevrotain';
import type * as A from './ast.js';
import { joinSpans, type Span } from '../diagnostics/diagnostic.js';
import * as T from './lexer.js';

/** Thrown at the first token the grammar does not allow; caught by parseDirect. */
const GIVE_UP = Symbol('syntax error');

/** The AST of a file whose tokens parse without error, else undefined. */
export function parseDirect(file: string, tokens: IToken[], textLength: number): A.FileAst | undefined {
  try {
    const decls = new Direct(file, tokens).file();
    return { file, decls, span: { file, start: 0, end: textLength } };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

/** Tokens an expression (parser.ts `primary`) can start with. */
const EXPR_START = new Set<TokenType>([
  T.Minus, T.NumberLiteral, T.StringLiteral, T.UnterminatedString, T.True, T.False, T.Identifier, T.Input,
  T.Repeat, T.Residual, T.Concat, T.Add, T.LParen, T.LBrace,
]);
const DECL_START = new Set<TokenType>([T.Import, T.Let, T.Block, T.Model, T.Experiment]);
const OPERATORS = new Set<TokenType>([T.Plus, T.Minus, T.Star, T.Slash]);
const COMPOUNDS = new Set<TokenType>([T.Repeat, T.Residual, T.Concat, T.Add]);
const PRECEDENCE: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

/** From the start of `first` to the furthest end among `rest` (as to-ast.ts's `extent`). */
function extent(first: Span, ...rest: (Span | undefined)[]): Span {
  let end = first.end;
  for (const r of rest) if (r !== undefined && r.end > end) end = r.end;
  return { file: first.file, start: first.start, end };
}

function last<X>(items: X[]): X | undefined {
  return items[items.length - 1];
}

class Direct {
  private at = 0;

  constructor(
    private readonly fileName: string,
    private readonly tokens: IToken[],
  ) {}

  // ---- tokens ----

  private type(ahead = 0): TokenType | undefined {
    return this.tokens[this.at + ahead]?.tokenType;
  }

  private separator(): boolean {
    const type = this.type();
    return type === T.Newline || type === T.Semicolon;
  }

  private take(type: TokenType): IToken {
    const tok = this.tokens[this.at];
    if (tok === undefined || tok.tokenType !== type) throw GIVE_UP;
    this.at++;
    return tok;
  }

  private span(tok: IToken): Span {
    return { file: this.fileName, start: tok.startOffset, end: tok.startOffset + tok.image.length };
  }

  private ident(tok: IToken): A.Ident {
    return { name: tok.image, span: this.span(tok) };
  }

  // ---- declarations ----

  file(): A.Decl[] {
    const decls: A.Decl[] = [];
    if (DECL_START.has(this.type()!)) decls.push(this.decl());
    while (this.separator()) {
      this.at++;
      if (DECL_START.has(this.type()!)) decls.push(this.decl());
    }
    if (this.at !== this.tokens.length) throw GIVE_UP;
    return decls;
  }

  private decl(): A.Decl {
    const type = this.type();
    if (type === T.Import) return this.importDecl();
    if (type === T.Let) return this.letDecl();
    if (type === T.Block) return this.blockDecl();
    if (type === T.Experiment) return this.experimentDecl();
    return this.modelDecl();
  }

  /** `experiment NAME { setting? (sep setting?)* }`; a setting is an entry or a `name { entries }` section. */
  private experimentDecl(): A.ExperimentDecl {
    const keyword = this.span(this.take(T.Experiment));
    const name = this.ident(this.take(T.Identifier));
    this.take(T.LBrace);
    const entries: A.TrainEntry[] = [];
    const sections: A.SettingsSection[] = [];
    const setting = (): void => {
      if (this.type() !== T.Identifier) return;
      if (this.type(1) === T.LBrace) sections.push(this.section());
      else entries.push(this.entry());
    };
    setting();
    while (this.separator()) {
      this.at++;
      setting();
    }
    const close = this.span(this.take(T.RBrace));
    return { kind: 'experiment', name, entries, sections, span: extent(keyword, name.span, last(entries)?.span, last(sections)?.span, close) };
  }

  private section(): A.SettingsSection {
    const name = this.ident(this.take(T.Identifier));
    const { entries, close } = this.entries();
    return { kind: 'section', name, entries, span: extent(name.span, last(entries)?.span, close) };
  }

  private importDecl(): A.ImportDecl {
    const keyword = this.span(this.take(T.Import));
    const s = this.string();
    const path: A.StringLit = { kind: 'string', value: T.stringValue(s.image), span: this.span(s) };
    return { kind: 'import', path, span: extent(keyword, path.span) };
  }

  private letDecl(): A.LetDecl {
    const keyword = this.span(this.take(T.Let));
    const name = this.ident(this.take(T.Identifier));
    this.take(T.Equals);
    const value = this.expr();
    return { kind: 'let', name, value, span: extent(keyword, value.span) };
  }

  private blockDecl(): A.BlockDecl {
    const keyword = this.span(this.take(T.Block));
    const name = this.ident(this.take(T.Identifier));
    const { params, body, span } = this.definition(keyword, name);
    return { kind: 'block', name, params, body, span };
  }

  private modelDecl(): A.ModelDecl | A.VariantDecl {
    const keyword = this.span(this.take(T.Model));
    const name = this.ident(this.take(T.Identifier));
    if (this.type() === T.Equals) {
      this.at++;
      const base = this.ident(this.take(T.Identifier));
      const { args, close } = this.type() === T.LParen ? this.args() : { args: [], close: undefined };
      return { kind: 'variant', name, base, args, span: extent(keyword, base.span, last(args)?.span, close) };
    }
    const { params, body, span } = this.definition(keyword, name);
    return { kind: 'model', name, params, body, span };
  }

  /** The parameters, body and span of a model or block. */
  private definition(keyword: Span, name: A.Ident): { params: A.Param[]; body: A.Statement[]; span: Span } {
    const { params, close } = this.type() === T.LParen ? this.params() : { params: [], close: undefined };
    const { statements, end } = this.body();
    return { params, body: statements, span: extent(keyword, name.span, close, last(statements)?.span, end) };
  }

  private params(): { params: A.Param[]; close: Span } {
    this.take(T.LParen);
    const params: A.Param[] = [];
    if (this.type() === T.Identifier) {
      params.push(this.param());
      while (this.type() === T.Comma) {
        this.at++;
        params.push(this.param());
      }
    }
    return { params, close: this.span(this.take(T.RParen)) };
  }

  private param(): A.Param {
    const name = this.ident(this.take(T.Identifier));
    if (this.type() !== T.Equals) return { name, span: name.span };
    this.at++;
    const dflt = this.expr();
    return { name, default: dflt, span: extent(name.span, dflt.span) };
  }

  // ---- statements ----

  /** `{ statement? (sep statement?)* }` */
  private body(): { statements: A.Statement[]; open: Span; end: Span } {
    const open = this.span(this.take(T.LBrace));
    const statements: A.Statement[] = [];
    if (this.startsStatement()) statements.push(this.statement());
    while (this.separator()) {
      this.at++;
      if (this.startsStatement()) statements.push(this.statement());
    }
    return { statements, open, end: this.span(this.take(T.RBrace)) };
  }

  private startsStatement(): boolean {
    const type = this.type();
    return type !== undefined && (type === T.Train || EXPR_START.has(type));
  }

  private statement(): A.Statement {
    if (this.type() === T.Train) return this.trainSection();
    const expr = this.expr();
    return { kind: 'expr', expr, span: expr.span };
  }

  private trainSection(): A.TrainSection {
    const start = this.span(this.take(T.Train));
    const { entries, close } = this.entries();
    return { kind: 'train', entries, span: extent(start, last(entries)?.span, close) };
  }

  /** `{ entry? (sep entry?)* }`: a train section's or a settings section's body. */
  private entries(): { entries: A.TrainEntry[]; close: Span } {
    this.take(T.LBrace);
    const entries: A.TrainEntry[] = [];
    if (this.type() === T.Identifier) entries.push(this.entry());
    while (this.separator()) {
      this.at++;
      if (this.type() === T.Identifier) entries.push(this.entry());
    }
    return { entries, close: this.span(this.take(T.RBrace)) };
  }

  /** `key: a, b` gives a tuple of the comma-separated values. */
  private entry(): A.TrainEntry {
    const key = this.ident(this.take(T.Identifier));
    this.take(T.Colon);
    const values = this.exprList();
    const value: A.Expr = values.length === 1 ? values[0]! : { kind: 'tuple', items: values, span: values.map((e) => e.span).reduce(joinSpans) };
    return { key, value, span: extent(key.span, value.span) };
  }

  /** `expr (',' expr)*` */
  private exprList(): A.Expr[] {
    const items = [this.expr()];
    while (this.type() === T.Comma) {
      this.at++;
      items.push(this.expr());
    }
    return items;
  }

  // ---- expressions ----

  /** `a op b op c` with `*` `/` binding tighter than `+` `-`, all left-associative. */
  private expr(): A.Expr {
    const first = this.primary();
    if (!OPERATORS.has(this.type()!)) return first;
    const out: A.Expr[] = [first];
    const stack: IToken[] = [];
    const reduce = (): void => {
      const op = stack.pop()!;
      const right = out.pop()!;
      const left = out.pop()!;
      out.push({ kind: 'binary', op: op.image as A.BinaryOp, opSpan: this.span(op), left, right, span: joinSpans(left.span, right.span) });
    };
    while (OPERATORS.has(this.type()!)) {
      const op = this.tokens[this.at++]!;
      const p = PRECEDENCE[op.image]!;
      while (stack.length > 0 && PRECEDENCE[last(stack)!.image]! >= p) reduce();
      stack.push(op);
      out.push(this.primary());
    }
    while (stack.length > 0) reduce();
    return out[0]!;
  }

  /** An operand and the unary `-` before it. */
  private primary(): A.Expr {
    const start = this.at;
    while (this.type() === T.Minus) this.at++;
    const end = this.at;
    let value = this.operand();
    for (let k = end - 1; k >= start; k--) {
      value = { kind: 'negate', operand: value, span: joinSpans(this.span(this.tokens[k]!), value.span) };
    }
    return value;
  }

  private operand(): A.Expr {
    const tok = this.tokens[this.at];
    if (tok === undefined) throw GIVE_UP;
    const type = tok.tokenType;
    if (type === T.Identifier) {
      this.at++;
      const callee = this.ident(tok);
      if (this.type() !== T.LParen) return { kind: 'name', name: callee.name, span: callee.span };
      return this.call(callee);
    }
    if (type === T.NumberLiteral) {
      this.at++;
      return { kind: 'number', text: tok.image, span: this.span(tok) };
    }
    if (type === T.StringLiteral || type === T.UnterminatedString) {
      this.at++;
      return { kind: 'string', value: T.stringValue(tok.image), span: this.span(tok) };
    }
    if (type === T.True || type === T.False) {
      this.at++;
      return { kind: 'bool', value: tok.image === 'true', span: this.span(tok) };
    }
    if (type === T.Input) {
      this.at++;
      if (this.type() !== T.LParen) throw GIVE_UP;
      return this.call({ name: 'input', span: this.span(tok) });
    }
    if (COMPOUNDS.has(type)) return this.compound();
    if (type === T.LParen) return this.parenthesized();
    if (type === T.LBrace) {
      const { statements, open, end } = this.body();
      return { kind: 'group', body: statements, span: extent(open, last(statements)?.span, end) };
    }
    throw GIVE_UP;
  }

  private call(callee: A.Ident): A.Call {
    const { args, close } = this.args();
    return { kind: 'call', callee, args, span: extent(callee.span, last(args)?.span, close) };
  }

  private compound(): A.Compound {
    const kw = this.tokens[this.at++]!;
    const keywordSpan = this.span(kw);
    const { args, close } = this.type() === T.LParen ? this.args() : { args: [], close: undefined };
    const { statements, end } = this.body();
    const keyword = kw.image as A.Compound['keyword'];
    const span = extent(keywordSpan, last(args)?.span, close, last(statements)?.span, end);
    return { kind: 'compound', keyword, keywordSpan, args, body: statements, span };
  }

  /** `(e)` is just `e`; `(a, b, ...)` is a tuple. */
  private parenthesized(): A.Expr {
    const open = this.span(this.take(T.LParen));
    const items = this.exprList();
    const close = this.span(this.take(T.RParen));
    if (items.length === 1) return items[0]!;
    return { kind: 'tuple', items, span: extent(open, last(items)?.span, close) };
  }

  /** `(a, b, name = c)` */
  private args(): { args: A.Arg[]; close: Span } {
    this.take(T.LParen);
    let args: A.Arg[] = [];
    if (EXPR_START.has(this.type()!)) {
      args.push(this.arg());
      while (this.type() === T.Comma) {
        this.at++;
        args.push(this.arg());
      }
      // The AST keeps the list: a copy holds just its arguments, where the list grown by push has room for 16.
      args = args.slice();
    }
    return { args, close: this.span(this.take(T.RParen)) };
  }

  private arg(): A.Arg {
    if (this.type() === T.Identifier && this.type(1) === T.Equals) {
      const name = this.ident(this.tokens[this.at]!);
      this.at += 2;
      const value = this.expr();
      return { name, value, span: joinSpans(name.span, value.span) };
    }
    const value = this.expr();
    return { value, span: value.span };
  }

  private string(): IToken {
    const type = this.type();
    if (type !== T.StringLiteral && type !== T.UnterminatedString) throw GIVE_UP;
    return this.tokens[this.at++]!;
  }
}
