// Reads IR from a JSON file, as untrusted input: the size is checked before reading, a JSON
// syntax error is reported at its real line and column, valid JSON is checked against the schema,
// then against the layer registry (recheck.ts) before anything uses it. Each problem names the
// file, the line and column of the value at fault, its JSON path and what is wrong.
import type { ParseError } from 'jsonc-parser';
import { jsonc } from '../diagnostics/json.js';
import { decodeSource, readSourceBytes, SourceProblem } from '../check/sources.js';
import { LineMap } from '../diagnostics/lines.js';
import { recheckIr } from './recheck.js';
import { IR_VERSION, type IrFile } from './types.js';
import { validateIr, type IrProblem } from './validate.js';

export type IrRead = { ir: IrFile } | { errors: string[] };

/** The largest IR file read: a model at the node limit, pretty-printed, fits. */
export const MAX_IR_BYTES = 256 * 1024 * 1024;

/** Parses and checks IR text; `file` names it in messages. */
export function readIrText(file: string, text: string): IrRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const { offset, what } = syntaxError(text, (e as Error).message);
    const at = new LineMap(text).position(offset);
    return { errors: [`${file}:${at.line}:${at.column} - error: not valid JSON: ${what}`] };
  }
  const version = (json as { irVersion?: unknown } | null)?.irVersion;
  if (typeof version === 'number' && version > IR_VERSION) {
    return { errors: [`${file}: error: IR version ${version} is newer than this nnc reads (versions 1 to ${IR_VERSION}); update nnspec`] };
  }
  const { ir, problems } = validateIr(json);
  const all = ir ? recheckIr(ir) : problems;
  if (ir && all.length === 0) return { ir };
  const kind = ir ? 'IR is inconsistent' : 'IR does not match the schema';
  return { errors: locate(text, all.slice(0, 20)).map(({ line, column, path, message }) => `${file}:${line}:${column} - error: ${kind} at ${path}: ${message}`) };
}

export function readIrFile(file: string): IrRead {
  const bytes = readSourceBytes(file, MAX_IR_BYTES);
  const text = bytes instanceof SourceProblem ? bytes : decodeSource(bytes);
  if (text instanceof SourceProblem) return { errors: [`${file}: error: cannot read: ${text.message.replace(/^file is/, 'it is')}`] };
  return readIrText(file, text);
}

/** Where JSON.parse failed: the first error of a full parse, since V8 gives no position for some. */
function syntaxError(text: string, v8Message: string): { offset: number; what: string } {
  const errors: ParseError[] = [];
  jsonc().parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const what = v8Message.replace(/ in JSON at position \d+.*$/, '').replace(/, (\.\.\.)?".*" is not valid JSON$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  if (first) return { offset: first.offset, what: `${what} (${describeCode(jsonc().printParseErrorCode(first.error))})` };
  const m = /position (\d+)/.exec(v8Message);
  return { offset: m ? Number(m[1]) : 0, what };
}

/** `InvalidSymbol` → `invalid symbol`. */
const describeCode = (code: string): string => code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** Each problem with the line and column of the JSON value its path points at. */
function locate(text: string, problems: IrProblem[]): (IrProblem & { line: number; column: number })[] {
  const { parseTree, findNodeAtLocation } = jsonc();
  const root = parseTree(text);
  const lines = new LineMap(text);
  return problems.map((p) => {
    const segments = p.path.split('/').slice(1).filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    let node = root && findNodeAtLocation(root, segments);
    for (let k = segments.length - 1; !node && root && k >= 0; k--) node = findNodeAtLocation(root, segments.slice(0, k));
    return { ...p, ...lines.position(node?.offset ?? 0) };
  });
}
