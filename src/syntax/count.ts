// Counts tokens without building them, so a file with too many is refused before the lexer
// allocates an object for each. An approximation of the lexer that never counts fewer tokens
// than it makes: words and numbers, strings, newlines and every other character but spaces and
// comments (a run of characters the lexer cannot match counts once per character).

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xfeff;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isName = (c: number): boolean => isNameStart(c) || isDigit(c);

/** The offset of the token past the first `max`, or -1 when the text has at most `max`. */
export function tokenLimitOffset(text: string, max: number): number {
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      continue;
    }
    if (++count > max) return i;
    if (c === 34 /* " */) i = stringEnd(text, i + 1);
    else if (isNameStart(c)) i = nameEnd(text, i + 1);
    else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) i = numberEnd(text, i);
    else i++;
  }
  return -1;
}

function stringEnd(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 10) return i;
    i += c === 92 /* \ */ && text.charCodeAt(i + 1) !== 10 ? 2 : 1;
  }
  return text.length;
}

function nameEnd(text: string, i: number): number {
  while (isName(text.charCodeAt(i))) i++;
  return i;
}

const digitsEnd = (text: string, i: number): number => {
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
};

/** The lexer's number: `(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?`. */
function numberEnd(text: string, i: number): number {
  i = digitsEnd(text, i);
  if (text.charCodeAt(i) === 46) i = digitsEnd(text, i + 1);
  if ((text.charCodeAt(i) | 32) === 101) {
    const sign = text.charCodeAt(i + 1) === 43 || text.charCodeAt(i + 1) === 45 ? 1 : 0;
    if (isDigit(text.charCodeAt(i + 1 + sign))) i = digitsEnd(text, i + 1 + sign);
  }
  return i;
}
