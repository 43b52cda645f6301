// The token stream of a .nn file as a bracket tree, with its comments attached to tokens. The
// formatter prints this tree: it sees exactly the tokens the parser sees (newlines already
// resolved into statement separators by the lexer), so any layout it chooses keeps the meaning
// as long as it only breaks lines where the lexer drops newlines.
import type { IToken } from 'chevrotain';
import * as T from '../syntax/lexer.js';

export interface Comment {
  text: string;
  start: number;
  /** A blank line separates it from what comes before. */
  blankBefore: boolean;
}

export type Atom =
  | { t: 'tok'; tok: IToken }
  | { t: 'paren'; open: IToken; items: Seq[]; commas: IToken[]; close: IToken }
  | { t: 'brace'; open: IToken; stmts: Seq[]; close: IToken };

/** A statement, a declaration, a train entry or one argument: atoms in a row. */
export interface Seq {
  atoms: Atom[];
  /** A blank line separates it from the statement before. */
  blankBefore: boolean;
  /** A blank line separates its own-line comments from its first token. */
  blankAfterComments: boolean;
}

export interface Comments {
  /** Comments on their own lines before a token. */
  leading: Map<IToken, Comment[]>;
  /** The comment at the end of a token's line. */
  trailing: Map<IToken, Comment>;
  /** Comments after the last token of the file. */
  end: Comment[];
}

export interface Tree {
  decls: Seq[];
  comments: Comments;
}

/** Builds the tree of a file that parsed without errors (the tokens are those of `lex`). */
export function buildTree(text: string, tokens: IToken[]): Tree {
  const comments = attachComments(text, tokens);
  let i = 0;
  const peek = () => tokens[i];
  const blank = (tok: IToken | undefined) => tok !== undefined && blankLineBefore(text, firstStart(tok, comments));

  function seq(stop: (t: IToken) => boolean): Seq {
    const first = peek();
    const atoms: Atom[] = [];
    for (let tok = peek(); tok && !stop(tok); tok = peek()) {
      i++;
      if (tok.tokenType === T.LParen) {
        const items: Seq[] = [];
        const commas: IToken[] = [];
        while (peek() && peek()!.tokenType !== T.RParen) {
          items.push(seq((t) => t.tokenType === T.Comma || t.tokenType === T.RParen));
          if (peek()?.tokenType === T.Comma) commas.push(tokens[i++]!);
        }
        atoms.push({ t: 'paren', open: tok, items, commas, close: tokens[i++]! });
      } else if (tok.tokenType === T.LBrace) {
        atoms.push({ t: 'brace', open: tok, stmts: stmts((t) => t.tokenType === T.RBrace), close: tokens[i++]! });
      } else atoms.push({ t: 'tok', tok });
    }
    const detached = first !== undefined && comments.leading.has(first) && blankLineBefore(text, first.startOffset);
    return { atoms, blankBefore: blank(first), blankAfterComments: detached };
  }

  function stmts(end: (t: IToken) => boolean): Seq[] {
    const out: Seq[] = [];
    while (peek() && !end(peek()!)) {
      if (T.isSeparator(peek()!)) {
        i++;
        continue;
      }
      out.push(seq((t) => T.isSeparator(t) || t.tokenType === T.RBrace));
    }
    return out;
  }

  const decls = stmts(() => false);
  if (decls[0]) decls[0].blankBefore = false;
  return { decls, comments };
}

/** Where a token's own-line comments begin, or the token itself. */
function firstStart(tok: IToken, comments: Comments): number {
  return comments.leading.get(tok)?.[0]?.start ?? tok.startOffset;
}

/** The line holding `offset` is preceded by an empty line. */
function blankLineBefore(text: string, offset: number): boolean {
  let k = offset - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  if (text[k] !== '\n') return false;
  k--;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r')) k--;
  return text[k] === '\n';
}

/**
 * Comments are what the lexer skipped: found in the gaps between tokens. One after a token on the
 * same line trails that token; one on its own line leads the next token (or ends the file).
 */
function attachComments(text: string, tokens: IToken[]): Comments {
  const out: Comments = { leading: new Map(), trailing: new Map(), end: [] };
  let prev: IToken | undefined; // the last token that is not a separator
  let gapStart = 0;
  const scan = (gapEnd: number, next: IToken | undefined) => {
    const gap = text.slice(gapStart, gapEnd);
    for (const m of gap.matchAll(/#[^\n]*/g)) {
      const start = gapStart + m.index;
      const c: Comment = { text: m[0].replace(/\s+$/, ''), start, blankBefore: blankLineBefore(text, start) };
      const sameLine = prev !== undefined && !text.slice(prev.startOffset + prev.image.length, start).includes('\n');
      if (sameLine && !out.trailing.has(prev!)) out.trailing.set(prev!, c);
      else if (next) out.leading.set(next, [...(out.leading.get(next) ?? []), c]);
      else out.end.push(c);
    }
  };
  for (const tok of tokens) {
    if (T.isSeparator(tok)) continue;
    scan(tok.startOffset, tok);
    prev = tok;
    gapStart = tok.startOffset + tok.image.length;
  }
  scan(text.length, undefined);
  return out;
}

/** Every comment's text in `text` (lexed as `tokens`), in the order of the file, without building a tree. */
export function commentsIn(text: string, tokens: IToken[]): string[] {
  const out: string[] = [];
  let gapStart = 0;
  const scan = (gapEnd: number) => {
    for (const m of text.slice(gapStart, gapEnd).matchAll(/#[^\n]*/g)) out.push(m[0].replace(/\s+$/, ''));
  };
  for (const tok of tokens) {
    if (T.isSeparator(tok)) continue;
    scan(tok.startOffset);
    gapStart = tok.startOffset + tok.image.length;
  }
  scan(text.length);
  return out;
}

/** Every comment's text, in the order of the file. */
export function commentTexts(tree: Tree): string[] {
  const { leading, trailing, end } = tree.comments;
  const all = [...[...leading.values()].flat(), ...trailing.values(), ...end];
  return all.sort((x, y) => x.start - y.start).map((c) => c.text);
}
