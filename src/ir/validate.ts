// Checks IR read from anywhere (a file, another tool) against the schema and against what the
// schema cannot say: node ids unique and in order, inputs referring to earlier nodes, and the
// structure's names defined where they are used.
import { createRequire } from 'node:module';
import type { Ajv as AjvClass } from 'ajv';
import { irSchema } from './schema.js';
import { structureProblems } from './structure-check.js';
import type { IrFile, IrModel } from './types.js';

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
  ir.models.forEach((m, mi) => problems.push(...graphProblems(m, `/models/${mi}`)));
  ir.experiments?.forEach((x, xi) => {
    const labels = new Set<string>();
    x.variants.forEach((v, vi) => {
      const at = `/experiments/${xi}/variants/${vi}`;
      if (labels.has(v.folder)) problems.push({ path: `${at}/folder`, message: `duplicate variant folder '${v.folder}'` });
      labels.add(v.folder);
      problems.push(...graphProblems(v.ir, `${at}/ir`));
    });
  });
  if (ir.structure) problems.push(...structureProblems(ir.structure));
  return problems.length ? { problems } : { ir, problems };
}

/** Node ids unique and in order, inputs referring to earlier nodes, the output a node. */
function graphProblems(m: IrModel, at: string): IrProblem[] {
  const problems: IrProblem[] = [];
  const seen = new Set<string>();
  m.nodes.forEach((n, ni) => {
    const node = `${at}/nodes/${ni}`;
    if (seen.has(n.id)) problems.push({ path: `${node}/id`, message: `duplicate node id '${n.id}'` });
    for (const i of n.inputs) if (!seen.has(i)) problems.push({ path: `${node}/inputs`, message: `input '${i}' is not an earlier node` });
    seen.add(n.id);
  });
  if (!seen.has(m.output)) problems.push({ path: `${at}/output`, message: `output '${m.output}' is not a node` });
  return problems;
}
