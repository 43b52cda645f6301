// Prints a bracket tree (tree.ts) in the canonical layout, with prettier's document printer:
// two-space indentation, one statement per line, `name = value` and `a + b` spaced, argument
// lists and chains kept on one line when they fit in WIDTH columns and broken one item per line
// (chains after each operator) when they do not. Declaration and train bodies always take one
// line per statement; a body inside an expression (`repeat(2) { ... }`) stays on its line when it
// holds one statement, fits and has no comment. Lines break only where the lexer ignores a
// newline: inside parentheses, after an operator, a ',' or a '{', and before a '}'.
import type { IToken } from 'chevrotain';
import { builders as b, printer } from 'prettier/doc';

type Doc = b.Doc;
import * as T from '../syntax/lexer.js';
import type { Atom, Comment, Comments, Seq, Tree } from './tree.js';

export const WIDTH = 100;

const CALLEES = new Set([T.Identifier, T.Input, T.Repeat, T.Residual, T.Concat, T.Add]);
const BINARY = new Set([T.Plus, T.Minus, T.Star, T.Slash]);
/** After these a `-` is a sign, not a subtraction. */
const BEFORE_SIGN = new Set([T.Plus, T.Minus, T.Star, T.Slash, T.Equals, T.Colon, T.Comma]);
/** Declarations and train sections: their bodies are always one statement per line. */
const BLOCK_OWNERS = new Set([T.Model, T.Block, T.Train, T.Experiment]);

/** Marks where a trailing comment starts, so that runs of them can be aligned afterwards. */
export const MARK = '\u0000';

export function printTree(tree: Tree): string {
  const p = new Printer(tree.comments, tree.decls);
  const parts: Doc[] = [];
  tree.decls.forEach((d, k) => {
    if (k > 0) parts.push(d.blankBefore ? [b.hardline, b.hardline] : b.hardline);
    parts.push(p.statement(d));
  });
  const end = tree.comments.end;
  end.forEach((c, k) => {
    if (parts.length > 0) parts.push(c.blankBefore && (k > 0 || tree.decls.length > 0) ? [b.hardline, b.hardline] : b.hardline);
    parts.push(c.text);
  });
  parts.push(b.hardline);
  return printer.printDocToString(parts, { printWidth: WIDTH, tabWidth: 2, useTabs: false }).formatted;
}

class Printer {
  /** The last token of each statement: a comment after it needs no line break of its own. */
  private readonly statementEnds = new Set<IToken>();

  constructor(
    private readonly comments: Comments,
    decls: Seq[],
  ) {
    const visit = (stmts: Seq[]) => {
      for (const s of stmts) {
        const last = s.atoms[s.atoms.length - 1];
        if (last) this.statementEnds.add(last.t === 'tok' ? last.tok : last.close);
        for (const a of s.atoms) {
          if (a.t === 'brace') visit(a.stmts);
          if (a.t === 'paren') visit(a.items.flatMap((i) => i.atoms.filter((x) => x.t === 'brace').flatMap((x) => x.stmts)));
        }
      }
    };
    visit(decls);
  }

  /** A statement with its own-line comments above it. */
  statement(s: Seq): Doc {
    const first = firstToken(s);
    const lead = first ? this.comments.leading.get(first) ?? [] : [];
    const above: Doc[] = lead.map((c, k) => [k > 0 && c.blankBefore ? b.hardline : '', c.text, b.hardline]);
    return [above, s.blankAfterComments ? b.hardline : '', this.seq(s, false)];
  }

  /** The atoms of a statement or argument; `leadingHere` unless its first token's comments are printed already. */
  seq(s: Seq, leadingHere = true): Doc {
    const owner = (s.atoms[0]?.t === 'tok' && BLOCK_OWNERS.has(s.atoms[0].tok.tokenType)) || isSection(s);
    const chain = !s.atoms.some((a) => a.t === 'brace') && s.atoms.some((a, k) => isBinary(s.atoms, k));
    const head: Doc[] = [];
    const rest: Doc[] = [];
    let out = head;
    s.atoms.forEach((a, k) => {
      const prev = s.atoms[k - 1];
      if (k > 0 && isBinary(s.atoms, k)) {
        out.push(' ', this.tok(tokOf(a)));
        out = rest;
        out.push(chain ? b.line : ' ');
        return;
      }
      if (k > 0 && !isBinary(s.atoms, k - 1) && spaceBetween(s.atoms, k, prev!)) out.push(' ');
      out.push(this.atom(a, owner, k > 0 || leadingHere));
    });
    // A conditional group: a line broken inside an argument list (by a comment) leaves the chain
    // around it on one line, which a plain group would break after every operator.
    return chain ? b.conditionalGroup([[head, b.indent(rest)]]) : [head, rest];
  }

  private atom(a: Atom, owner: boolean, leading: boolean): Doc {
    if (a.t === 'tok') return this.tok(a.tok, leading);
    if (a.t === 'paren') {
      if (a.items.length === 0) return [this.tok(a.open, leading), this.tok(a.close)];
      const items = a.items.map((s, k) => [this.seq(s), a.commas[k] ? [this.tok(a.commas[k]), b.line] : '']);
      return b.group([this.tok(a.open, leading), b.indent([b.softline, items]), b.softline, this.tok(a.close)]);
    }
    return this.brace(a, owner, leading);
  }

  private brace(a: Extract<Atom, { t: 'brace' }>, owner: boolean, leading: boolean): Doc {
    const closing = this.comments.leading.get(a.close) ?? [];
    if (a.stmts.length === 0 && closing.length === 0 && !this.comments.trailing.has(a.open)) return '{}';
    const body: Doc[] = [];
    a.stmts.forEach((s, k) => {
      body.push(k > 0 && s.blankBefore ? [b.hardline, b.hardline] : b.line);
      body.push(this.statement(s));
    });
    closing.forEach((c, k) => body.push(k > 0 && c.blankBefore ? [b.hardline, b.hardline] : b.hardline, c.text));
    const inner = [this.tok(a.open, leading), b.indent(body), b.line, this.tok(a.close, false)];
    const expand = owner || a.stmts.length > 1 || this.hasComment(a);
    return b.group(inner, { shouldBreak: expand });
  }


  /** A token with the comments on its own lines before it and the one at the end of its line. */
  private tok(tok: IToken, leading = true): Doc {
    const out: Doc[] = [];
    if (leading) for (const c of this.comments.leading.get(tok) ?? []) out.push(b.breakParent, c.text, b.hardline);
    out.push(tok.image);
    const trail = this.comments.trailing.get(tok);
    if (trail) out.push(b.lineSuffix([' ', MARK, trail.text]), this.endsStatement(tok) ? '' : b.breakParent);
    return out;
  }

  private hasComment(a: Extract<Atom, { t: 'brace' }>): boolean {
    const from = a.open.startOffset;
    const to = a.close.startOffset;
    const inside = (c: Comment) => c.start > from && c.start < to;
    for (const [, cs] of this.comments.leading) if (cs.some(inside)) return true;
    for (const [, c] of this.comments.trailing) if (inside(c)) return true;
    return false;
  }

  private endsStatement(tok: IToken): boolean {
    return this.statementEnds.has(tok);
  }
}

/** `grid { ... }` in an experiment: a name and a braced body, laid out like a train section. */
function isSection(s: Seq): boolean {
  const [first, second] = s.atoms;
  return s.atoms.length === 2 && first?.t === 'tok' && first.tok.tokenType === T.Identifier && second?.t === 'brace';
}

function tokOf(a: Atom): IToken {
  return a.t === 'tok' ? a.tok : a.open;
}

function firstToken(s: Seq): IToken | undefined {
  const a = s.atoms[0];
  return a ? tokOf(a) : undefined;
}

/** Atom k is an operator between two operands. */
function isBinary(atoms: Atom[], k: number): boolean {
  const a = atoms[k];
  if (k === 0 || !a || a.t !== 'tok' || !BINARY.has(a.tok.tokenType)) return false;
  const prev = atoms[k - 1]!;
  return !(prev.t === 'tok' && BEFORE_SIGN.has(prev.tok.tokenType));
}

function spaceBetween(atoms: Atom[], k: number, prev: Atom): boolean {
  const a = atoms[k]!;
  if (a.t === 'tok' && (a.tok.tokenType === T.Comma || a.tok.tokenType === T.Colon)) return false;
  if (a.t === 'paren' && prev.t === 'tok' && CALLEES.has(prev.tok.tokenType)) return false;
  if (prev.t === 'tok' && prev.tok.tokenType === T.Minus && !isBinary(atoms, k - 1)) return false;
  return true;
}
