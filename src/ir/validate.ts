// Checks IR read from anywhere (a file, another tool) against the schema and against what the
// schema cannot say: node ids unique and in order, inputs referring to earlier nodes, and the
// structure's names defined where they are used.
import { createRequire } from 'node:module';
import type { Ajv as AjvClass } from 'ajv';
import { irSchema } from './schema.js';
import { structureProblems } from './structure-check.js';
import type { IrFile } from './types.js';

let validator: ReturnType<AjvClass['compile']> | undefined;

/** ajv is loaded on first use: commands that never read IR from a file do not pay for it. */
function loadAjv(): typeof AjvClass {
  return (createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass }).Ajv;
}

export interface IrProblem {
  /** JSON pointer to the offending value (`/models/0/nodes/3/attrs/filters`). */
  path: string;
  message: string;
}

export function validateIr(json: unknown): { ir?: IrFile; problems: IrProblem[] } {
  validator ??= new (loadAjv())({ allErrors: true, strict: false }).compile(irSchema());
  if (!validator(json)) {
    const problems = (validator.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'invalid' }));
    return { problems };
  }
  const ir = json as IrFile;
  const problems: IrProblem[] = [];
  ir.models.forEach((m, mi) => {
    const seen = new Set<string>();
    m.nodes.forEach((n, ni) => {
      const at = `/models/${mi}/nodes/${ni}`;
      if (seen.has(n.id)) problems.push({ path: `${at}/id`, message: `duplicate node id '${n.id}'` });
      for (const i of n.inputs) if (!seen.has(i)) problems.push({ path: `${at}/inputs`, message: `input '${i}' is not an earlier node` });
      seen.add(n.id);
    });
    if (!seen.has(m.output)) problems.push({ path: `/models/${mi}/output`, message: `output '${m.output}' is not a node` });
  });
  if (ir.structure) problems.push(...structureProblems(ir.structure));
  return problems.length ? { problems } : { ir, problems };
}
