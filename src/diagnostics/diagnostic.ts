// The one shape every phase reports problems in. Positions are offsets into the file's text;
// line and column are computed only when printing (see print.ts).
import type { Code } from './catalog.js';

export interface Span {
  /** Path of the file as the user gave it (or as an import resolved it). */
  file: string;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character (start === end for a point). */
  end: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  span: Span;
  /** A suggested fix, printed on its own line ("did you mean 'dropout'?"). */
  hint?: string;
}

/** Collects diagnostics for one compilation; phases never throw for user errors, they report here. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(code: Code, span: Span, message: string, hint?: string): void {
    this.items.push({ code, severity: 'error', message, span, ...(hint ? { hint } : {}) });
  }

  warning(code: Code, span: Span, message: string, hint?: string): void {
    this.items.push({ code, severity: 'warning', message, span, ...(hint ? { hint } : {}) });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
