// Shared test helpers: compiling in-memory sources, and checking IR against the schema.
import * as path from 'node:path';
import { expect } from 'vitest';
import { compile, type CompileResult } from '../src/check/compile.js';
import type { CompileHost } from '../src/check/load.js';
import type { Code } from '../src/diagnostics/catalog.js';
import { LineMap } from '../src/diagnostics/lines.js';
import { validateIr } from '../src/ir/validate.js';
import type { IrFile, IrModel } from '../src/ir/types.js';

/** Compiles `text` as `main.nn`, with `others` as further files it may import. */
export function compileText(text: string, others: Record<string, string> = {}): CompileResult {
  const host: CompileHost = {
    readFile: (f) => others[path.normalize(f)] ?? new Error('no such file'),
  };
  return compile('main.nn', { text, host });
}

/** Compiles and expects no diagnostics; returns schema-valid IR. */
export function irOf(text: string, others: Record<string, string> = {}): IrFile {
  const r = compileText(text, others);
  expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const v = validateIr(JSON.parse(JSON.stringify(r.ir)));
  expect(v.problems).toEqual([]);
  return r.ir!;
}

export function model(text: string, name?: string): IrModel {
  const ir = irOf(text);
  return name ? ir.models.find((m) => m.name === name)! : ir.models[0]!;
}

export const params = (m: IrModel): { total: number; trainable: number; nonTrainable: number } => {
  let trainable = 0;
  let nonTrainable = 0;
  for (const n of m.nodes)
    for (const w of n.weights) {
      const size = w.shape.reduce((a, b) => a * b, 1);
      if (w.trainable) trainable += size;
      else nonTrainable += size;
    }
  return { total: trainable + nonTrainable, trainable, nonTrainable };
};

export interface Found {
  code: Code;
  line: number;
  column: number;
  /** The text under the span. */
  text: string;
  message: string;
  hint?: string;
}

/** The diagnostics of compiling `text`, with positions and the exact text they underline. */
export function errorsOf(text: string, others: Record<string, string> = {}): Found[] {
  const r = compileText(text, others);
  return r.diagnostics.map((d) => {
    const src = d.span.file === 'main.nn' ? text : others[d.span.file] ?? '';
    const pos = new LineMap(src).position(d.span.start);
    return { code: d.code, ...pos, text: src.slice(d.span.start, d.span.end), message: d.message, ...(d.hint ? { hint: d.hint } : {}) };
  });
}
