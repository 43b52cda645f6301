// How commands print: diagnostics in the TypeScript compiler's style (or JSON), and one-line
// errors for problems that are not about a spec (a missing file, a bad flag).
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostic, toJsonDiagnostic } from '../diagnostics/print.js';
import type { SourceFile } from '../check/load.js';

/** Exit codes: 0 success, 1 errors in the input, 2 wrong usage (bad flag, missing file). */
export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** Colour on a terminal, as compilers do; never when NO_COLOR is set or output is piped. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return !!stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

export function formatDiagnostics(diags: Diagnostic[], files: Map<string, SourceFile>, color = false): string {
  return diags.map((d) => formatDiagnostic(d, files.get(d.span.file)?.text ?? '', { color })).join('\n\n');
}

export function jsonDiagnostics(diags: Diagnostic[], files: Map<string, SourceFile>): ReturnType<typeof toJsonDiagnostic>[] {
  return diags.map((d) => toJsonDiagnostic(d, files.get(d.span.file)?.text ?? ''));
}

export function errorSummary(diags: Diagnostic[], fileCount: number): string {
  const errors = diags.filter((d) => d.severity === 'error').length;
  const files = new Set(diags.map((d) => d.span.file)).size;
  const s = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `Found ${s(errors, 'error')} in ${s(files || fileCount, 'file')}.`;
}
