// The tokens of a .nn file and the lexer. Promises: lexing never throws; every character is
// either part of a token, skipped (spaces, comments) or reported (NN0001/NN0002/NN0005); the token
// stream handed to the parser has newlines already resolved into statement separators.
// The token types are Chevrotain's, field for field, but made here: Chevrotain itself is loaded
// (chevrotain.ts) only to lex a file `scan` gives up on or to parse one with a syntax error.
import type { ILexingResult, IToken, ITokenConfig, TokenType } from 'chevrotain';
import type { Code } from '../diagnostics/catalog.js';
import { chevrotain, type Chevrotain } from './chevrotain.js';

export interface LexProblem {
  code: Code;
  start: number;
  end: number;
  message: string;
}

/**
 * The tokenTypeIdx each type gets from Chevrotain when its lexer or parser first sees them (the
 * order of `allTokens`, after the two it makes when it loads: EOF and its parser's
 * RECORDING_PHASE_TOKEN); `scan` gives its tokens these numbers.
 */
const TYPE_INDEX = new Map<TokenType, number>();

/**
 * A token type as Chevrotain's `createToken` makes it, but for its number (tokenTypeIdx), which
 * Chevrotain gives it when it is loaded (it keeps a table of the types it numbered).
 */
function createToken(config: ITokenConfig): TokenType {
  const type: TokenType = { name: config.name, CATEGORIES: (config.categories as TokenType[] | undefined) ?? [], categoryMatches: [], categoryMatchesMap: {}, isParent: false };
  if (config.pattern !== undefined) type.PATTERN = config.pattern;
  if (config.label !== undefined) type.LABEL = config.label;
  if (config.longer_alt !== undefined) type.LONGER_ALT = config.longer_alt;
  if (config.line_breaks !== undefined) type.LINE_BREAKS = config.line_breaks;
  return type;
}

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });

function keyword(word: string): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  return createToken({ name, pattern: new RegExp(word), label: `'${word}'`, longer_alt: Identifier });
}

export const Model = keyword('model');
export const Block = keyword('block');
export const Let = keyword('let');
export const Import = keyword('import');
export const Input = keyword('input');
export const Train = keyword('train');
export const Experiment = keyword('experiment');
export const Repeat = keyword('repeat');
export const Residual = keyword('residual');
export const Concat = keyword('concat');
export const Add = keyword('add');
export const True = keyword('true');
export const False = keyword('false');

/** Newline and `;` both end a statement; the parser only sees this category. */
/** Pattern: Chevrotain's Lexer.NA, set when it is loaded (chevrotainTokens). */
export const Separator = createToken({ name: 'Separator', label: 'newline' });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, categories: [Separator], line_breaks: true, label: 'newline' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, categories: [Separator], label: "';'" });

// U+FEFF: a UTF-8 byte order mark an editor left at the start of the file. Group: Chevrotain's
// Lexer.SKIPPED, set when it is loaded (chevrotainTokens).
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\f\v\uFEFF]+/ });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/ });

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/, label: 'a string' });
/** A string with no closing quote on its line; reported, then parsed as a string. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringLiteral],
  label: 'a string',
});

export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, label: "'}'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'" });

/** Every token, in matching order (characters no token matches are reported as NN0001): the first pattern that matches wins. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Newline,
  Semicolon,
  // Keywords before Identifier; `longer_alt` makes `models` an identifier, not `model` + `s`.
  Model, Block, Let, Import, Input, Train, Experiment, Repeat, Residual, Concat, Add, True, False,
  Identifier,
  NumberLiteral,
  // A terminated string before the unterminated fallback.
  StringLiteral,
  UnterminatedString,
  LParen, RParen, LBrace, RBrace, Comma, Colon, Equals, Plus, Minus, Star, Slash,
  Separator,
];
for (const [i, type] of allTokens.entries()) TYPE_INDEX.set(type, i + 3);
// A category lists the types in it, as createToken records them: Chevrotain's parser tells from
// these lists whether to match tokens by category, before it numbers the types.
for (const type of allTokens) {
  for (const category of type.CATEGORIES!) {
    category.categoryMatches!.push(TYPE_INDEX.get(type)!);
    category.categoryMatchesMap![TYPE_INDEX.get(type)!] = true;
    category.isParent = true;
  }
}

let prepared = false;

/** Chevrotain, with its markers set on the token types: Lexer.NA and Lexer.SKIPPED are its own objects. */
export function chevrotainTokens(): Chevrotain {
  const C = chevrotain();
  if (!prepared) {
    Separator.PATTERN = C.Lexer.NA;
    WhiteSpace.GROUP = C.Lexer.SKIPPED;
    Comment.GROUP = C.Lexer.SKIPPED;
    prepared = true;
  }
  return C;
}

let lexer: InstanceType<Chevrotain['Lexer']> | undefined;

/**
 * Chevrotain's lexer over `allTokens`. Building it analyses every pattern (a tenth of `nnc check`'s
 * start-up), so it is built only for a text `scan` gives up on, which has characters no token matches.
 */
export function chevrotainLex(text: string): ILexingResult {
  if (!lexer) {
    const C = chevrotainTokens();
    lexer = new C.Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });
  }
  return lexer.tokenize(text);
}

export interface LexResult {
  tokens: IToken[];
  problems: LexProblem[];
}

/** Lexes `text` and resolves newlines (see joinLines). */
export function lex(text: string): LexResult {
  const { tokens, errors } = scan(text) ?? chevrotainLex(text);
  // Chevrotain skips a run of characters no token matches and reports the run once.
  const problems: LexProblem[] = errors.map((e) => unexpected(text, e.offset, e.length));
  for (const tok of tokens) {
    if (tok.tokenType === StringLiteral || tok.tokenType === UnterminatedString) checkString(tok, problems);
  }
  problems.sort((a, b) => a.start - b.start);
  return { tokens: joinLines(tokens), problems };
}

const KEYWORDS = new Map([Model, Block, Let, Import, Input, Train, Experiment, Repeat, Residual, Concat, Add, True, False].map((t) => [t.name.toLowerCase(), t]));
const PUNCTUATION = new Map<string, TokenType>([
  ['(', LParen], [')', RParen], ['{', LBrace], ['}', RBrace], [',', Comma], [':', Colon], ['=', Equals],
  ['+', Plus], ['-', Minus], ['*', Star], ['/', Slash], [';', Semicolon], ['\n', Newline],
]);
const sticky = (t: TokenType) => new RegExp((t.PATTERN as RegExp).source, 'y');
const WORD = /[A-Za-z0-9_]*/y;
const NUMBER = sticky(NumberLiteral);
const STRING = sticky(StringLiteral);
const UNTERMINATED = sticky(UnterminatedString);
const BLANK = /[ \t\r\f\v\uFEFF]+/y;

/**
 * The tokens Chevrotain's lexer makes of `text` (the same objects, field for field: the patterns of
 * `allTokens` tried by the first character), or undefined at the first character no token
 * matches, so that Chevrotain's lexer reports it. tests/syntax/direct.test.ts compares the two.
 */
export function scan(text: string): ILexingResult | undefined {
  const tokens: IToken[] = [];
  // Each distinct word and number is one string, however often it is written: the AST keeps the
  // names and numbers, and a map lookup hashes a string once, not once per place it occurs.
  const seen = new Map<string, string>();
  const intern = (s: string): string => {
    const known = seen.get(s);
    if (known !== undefined) return known;
    seen.set(s, s);
    return s;
  };
  const push = (type: TokenType, start: number, end: number, image = text.slice(start, end)): void => {
    tokens.push({ image, startOffset: start, tokenTypeIdx: type.tokenTypeIdx ?? TYPE_INDEX.get(type)!, tokenType: type });
  };
  const match = (re: RegExp, at: number): number => {
    re.lastIndex = at;
    return re.test(text) ? re.lastIndex : -1;
  };
  let at = 0;
  while (at < text.length) {
    const c = text[at]!;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_') {
      const end = match(WORD, at + 1);
      const word = intern(text.slice(at, end));
      push(KEYWORDS.get(word) ?? Identifier, at, end, word);
      at = end;
    } else if (c === '#') {
      const nl = text.indexOf('\n', at);
      at = nl === -1 ? text.length : nl;
    } else if (PUNCTUATION.has(c)) {
      push(PUNCTUATION.get(c)!, at, at + 1, c);
      at++;
    } else if (c === '"') {
      let end = match(STRING, at);
      const type = end === -1 ? UnterminatedString : StringLiteral;
      if (end === -1) end = match(UNTERMINATED, at);
      push(type, at, end);
      at = end;
    } else {
      const number = (c >= '0' && c <= '9') || c === '.';
      const end = match(number ? NUMBER : BLANK, at);
      if (end === -1) return undefined;
      if (number) push(NumberLiteral, at, end, intern(text.slice(at, end)));
      at = end;
    }
  }
  return { tokens, groups: {}, errors: [] };
}

function unexpected(text: string, start: number, length: number): LexProblem {
  const chars = text.slice(start, start + length);
  const what = length > 1 ? `unexpected characters '${chars.slice(0, 20)}${length > 20 ? '...' : ''}'` : `unexpected character ${describeChar(chars)}`;
  return { code: 'NN0001', start, end: start + length, message: what };
}

function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 32 || code === 127) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${c}'`;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

function checkString(tok: IToken, problems: LexProblem[]): void {
  const img = tok.image;
  for (let k = 1; k < img.length; k++) {
    if (img[k] !== '\\') continue;
    const next = img[k + 1];
    if (next !== undefined && !(next in ESCAPES)) {
      const start = tok.startOffset + k;
      problems.push({ code: 'NN0005', start, end: start + 2, message: `invalid escape '\\${next}' in string` });
    }
    k++;
  }
  if (tok.tokenType === UnterminatedString) {
    problems.push({
      code: 'NN0002',
      start: tok.startOffset,
      end: tok.startOffset + img.length,
      message: 'unterminated string: missing closing \'"\' before the end of the line',
    });
  }
}

/** The value of a string token: quotes removed, valid escapes resolved, invalid ones kept as written. */
export function stringValue(image: string): string {
  const closed = image.length >= 2 && image.endsWith('"') && !endsInEscape(image);
  const body = image.slice(1, closed ? -1 : undefined);
  return body.replace(/\\(.?)/g, (all, c: string) => ESCAPES[c] ?? all);
}

function endsInEscape(image: string): boolean {
  let slashes = 0;
  for (let k = image.length - 2; k >= 0 && image[k] === '\\'; k--) slashes++;
  return slashes % 2 === 1;
}

/** A line continues after these: a statement cannot end with them. */
const CONTINUES = new Set<TokenType | undefined>([Plus, Minus, Star, Slash, Comma, LParen, LBrace, Equals, Colon]);

/**
 * Newlines are significant, except where a statement obviously goes on. Drops separators inside
 * parentheses (as Python does), after a token that cannot end a statement and at the start of the
 * file, and collapses runs of separators into the first of them.
 * So that one missing `)` does not swallow the rest of the file, a `}` closes the parentheses
 * opened after its `{`, and a line starting with a declaration keyword or `train` closes them all.
 */
export function joinLines(tokens: IToken[]): IToken[] {
  const out: IToken[] = [];
  const open: TokenType[] = [];
  let dropped: IToken | undefined;
  for (const tok of tokens) {
    const type = tok.tokenType;
    if (type === Newline || type === Semicolon) {
      if (top(open) === LParen) dropped ??= tok;
      else if (!CONTINUES.has(last(out)?.tokenType)) endStatement(out, tok);
      continue;
    }
    if (dropped !== undefined) {
      newlineBefore.set(tok, dropped);
      if (STARTS_LINE.has(type) || (ENDS_VALUE.has(last(out)?.tokenType) && BEGINS_VALUE.has(type))) closeParens(open, out, dropped);
    }
    dropped = undefined;
    trackBrackets(type, open);
    out.push(tok);
  }
  return out;
}

function closeParens(open: TokenType[], out: IToken[], sep: IToken): void {
  while (top(open) === LParen) open.pop();
  endStatement(out, sep);
}

/** For a token that follows a newline the parser never saw (inside parentheses): that newline. */
const newlineBefore = new WeakMap<IToken, IToken>();

export function droppedNewlineBefore(tok: IToken): IToken | undefined {
  return newlineBefore.get(tok);
}

/** Ends the statement in progress, if any: not at the start, nor after another separator. */
function endStatement(out: IToken[], sep: IToken): void {
  const prev = last(out);
  if (prev !== undefined && !isSeparator(prev)) out.push(sep);
}

function last(out: IToken[]): IToken | undefined {
  return out[out.length - 1];
}

/** Tokens that only ever start a line: seeing one after a newline means a `(` was left open. */
const STARTS_LINE = new Set<TokenType>([Model, Block, Let, Import, Train, Experiment]);

/**
 * A value at the end of a line inside parentheses, then a value on the next: no continuation
 * can join them (`input(28, 28, 1` then `conv(32)`), so the `(` was left open and the line ended.
 */
const ENDS_VALUE = new Set<TokenType | undefined>([NumberLiteral, StringLiteral, Identifier, RParen, True, False]);
const BEGINS_VALUE = new Set<TokenType>([NumberLiteral, StringLiteral, Identifier, Input, Repeat, Residual, Concat, Add, True, False]);

function top(open: TokenType[]): TokenType | undefined {
  return open[open.length - 1];
}

function trackBrackets(type: TokenType, open: TokenType[]): void {
  if (type === LParen || type === LBrace) open.push(type);
  else if (type === RParen) {
    if (top(open) === LParen) open.pop();
  } else if (type === RBrace) {
    while (top(open) === LParen) open.pop();
    open.pop();
  }
}

export function isSeparator(tok: IToken): boolean {
  return tok.tokenType === Newline || tok.tokenType === Semicolon;
}
