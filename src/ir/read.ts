// Reads IR from a JSON file: a JSON syntax error is reported with its line and column, and
// valid JSON is checked against the schema before anything uses it.
import * as fs from 'node:fs';
import { LineMap } from '../diagnostics/lines.js';
import { IR_VERSION, type IrFile } from './types.js';
import { validateIr } from './validate.js';

export type IrRead = { ir: IrFile } | { errors: string[] };

export function readIrFile(file: string): IrRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { errors: [`${file}: cannot read: ${(e as Error).message}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const at = m ? new LineMap(text).position(Number(m[1])) : { line: 1, column: 1 };
    const what = (e as Error).message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    return { errors: [`${file}:${at.line}:${at.column} - error: not valid JSON: ${what}`] };
  }
  const version = (json as { irVersion?: unknown } | null)?.irVersion;
  if (typeof version === 'number' && version > IR_VERSION) {
    return { errors: [`${file}: error: IR version ${version} is newer than this nnc reads (versions 1 to ${IR_VERSION}); update nnspec`] };
  }
  const { ir, problems } = validateIr(json);
  if (ir) return { ir };
  return { errors: problems.slice(0, 20).map((p) => `${file}: error: IR does not match the schema at ${p.path}: ${p.message}`) };
}
