// Diagnostics for people and for tools. Promises: positions are 1-based lines and columns computed
// from offsets here and only here; a code frame never throws, whatever the offsets (past the end,
// inside a CRLF, in an empty file), and its underline lines up under tabs.
import type { Diagnostic } from './diagnostic.js';

export interface LineColumn {
  line: number;
  column: number;
}

/** A diagnostic as tools get it (`nnc check --json`, the library): 1-based positions. */
export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  /** Exclusive: the column just past the span. */
  endColumn: number;
  hint?: string;
}

const TAB_WIDTH = 4;

/** 1-based line and column (in UTF-16 code units) of `offset`; `\r\n` counts as one line break. */
export function lineColumn(text: string, offset: number): LineColumn {
  const at = clamp(offset, text.length);
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < at; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  // An offset on the '\r' of a CRLF is the end of its line, as is the '\n'.
  return { line, column: at - lineStart + 1 };
}

/** The diagnostic as JSON for tools: 1-based positions, end column exclusive. */
export function toJsonDiagnostic(d: Diagnostic, text: string): JsonDiagnostic {
  const start = lineColumn(text, d.span.start);
  const end = lineColumn(text, Math.max(d.span.start, d.span.end));
  const json: JsonDiagnostic = {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.span.file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
  return d.hint ? { ...json, hint: d.hint } : json;
}

/**
 * `file:line:col - error NN0003: message`, a blank line, the source line with its number in a
 * gutter, a line of `~` under the span (`^` for an empty span; a span over several lines is
 * underlined to the end of its first line), then `  hint: ...` when there is one.
 */
export function formatDiagnostic(d: Diagnostic, sourceText: string, options: { color?: boolean } = {}): string {
  const c = options.color ? ANSI : PLAIN;
  const { line, column } = lineColumn(sourceText, d.span.start);
  const severity = d.severity === 'error' ? c.red(d.severity) : c.yellow(d.severity);
  const header = `${c.cyan(safeText(d.span.file))}:${c.yellow(String(line))}:${c.yellow(String(column))} - ${severity} ${c.gray(d.code + ':')} ${safeText(d.message)}`;
  const [source, marks] = codeFrame(sourceText, d.span.start, d.span.end, line);
  const gutterWidth = String(line).length;
  const frame = [c.inverse(source!.slice(0, gutterWidth)) + source!.slice(gutterWidth), c.inverse(marks!.slice(0, gutterWidth)) + c.red(marks!.slice(gutterWidth))];
  return [header, '', ...frame, ...(d.hint ? [`  ${c.cyan('hint:')} ${safeText(d.hint)}`] : [])].join('\n');
}

type Paint = (s: string) => string;
const sgr = (code: string): Paint => (s) => (s ? `\x1b[${code}m${s}\x1b[0m` : s);
const ANSI = { red: sgr('91'), yellow: sgr('93'), cyan: sgr('96'), gray: sgr('90'), inverse: sgr('7') };
const same: Paint = (s) => s;
const PLAIN: typeof ANSI = { red: same, yellow: same, cyan: same, gray: same, inverse: same };

/** Columns of a source line shown in a code frame; a longer line is cut around the span. */
const MAX_FRAME_WIDTH = 120;

function codeFrame(text: string, startOffset: number, endOffset: number, line: number): string[] {
  const start = clamp(startOffset, text.length);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd === -1) lineEnd = text.length;
  if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
  const end = Math.min(clamp(endOffset, text.length), lineEnd);
  // Only the part of a long line that can be shown is looked at: a minified 8 MB line costs nothing.
  const first = Math.max(lineStart, start - MAX_FRAME_WIDTH);
  const last = Math.min(lineEnd, Math.max(end, start) + MAX_FRAME_WIDTH);
  const { shown, columns } = visible(text.slice(first, last));
  let from = columns[start - first]!;
  let to = Math.max(columns[end - first]!, from);
  let body = shown;
  let cutLeft = first > lineStart;
  if (shown.length > MAX_FRAME_WIDTH || cutLeft || last < lineEnd) {
    const left = Math.max(0, Math.min(from - 20, shown.length - MAX_FRAME_WIDTH));
    body = shown.slice(left, left + MAX_FRAME_WIDTH);
    cutLeft ||= left > 0;
    const cutRight = left + MAX_FRAME_WIDTH < shown.length || last < lineEnd;
    from -= left;
    to = Math.min(to - left, body.length);
    body = (cutLeft ? '…' : '') + body + (cutRight ? '…' : '');
    if (cutLeft) [from, to] = [from + 1, to + 1];
  }
  const marks = to > from ? '~'.repeat(to - from) : '^';
  const gutter = String(line);
  return [`${gutter} ${body}`, `${' '.repeat(gutter.length)} ${' '.repeat(from)}${marks}`];
}

/**
 * A line as shown: tabs expanded to the next stop, and characters a terminal would act on
 * (control characters, bidirectional overrides) replaced by a visible one, so a file cannot move
 * the cursor or recolour the terminal. `columns[i]` is where the line's character `i` is shown.
 */
function visible(line: string): { shown: string; columns: number[] } {
  let shown = '';
  const columns: number[] = [];
  for (let i = 0; i < line.length; i++) {
    columns.push(shown.length);
    const ch = line[i]!;
    shown += ch === '\t' ? ' '.repeat(TAB_WIDTH - (shown.length % TAB_WIDTH)) : safeChar(ch);
  }
  columns.push(shown.length);
  return { shown, columns };
}

/** A character made harmless for a terminal; C0 controls become their Unicode pictures (␀, ␛). */
function safeChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20) return String.fromCharCode(0x2400 + c);
  if (c === 0x7f) return '\u2421';
  if ((c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x2028 || c === 0x2029) return '\ufffd';
  return ch;
}

/** Text from a diagnostic (a message quoting the source, a file name) made harmless the same way. */
export function safeText(text: string): string {
  let out = '';
  for (const ch of text) out += ch === '\n' ? ' ' : safeChar(ch);
  return out;
}

function clamp(offset: number, length: number): number {
  if (!Number.isFinite(offset)) return length;
  return Math.min(Math.max(0, Math.floor(offset)), length);
}
