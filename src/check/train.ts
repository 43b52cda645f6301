// The `train { ... }` section: each setting checked and every default filled in, so the IR
// always carries a complete training configuration.
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/suggest.js';
import type { IrOptimizer, IrTrain } from '../ir/types.js';
import { LOSSES, METRICS, OPTIMIZERS } from '../ir/training.js';
import type { AttrType } from '../layers/types.js';
import type { TrainSection } from '../syntax/ast.js';
import { bindAttrs } from './args.js';
import { convert } from './convert.js';
import type { Evaluator } from './evaluate.js';
import { limits } from './limits.js';
import type { Env, Value } from './values.js';

export const defaultTrain = (): IrTrain => ({
  optimizer: { name: 'adam', lr: 0.001 },
  loss: null,
  metrics: ['accuracy'],
  batch: 32,
  epochs: 10,
  validation: 0,
  shuffle: true,
  seed: null,
});

/** The numeric train settings' types, shared with experiment grids (experiment.ts). */
export const SETTING_TYPES = {
  batch: { t: 'int', min: 1 },
  epochs: { t: 'int', min: 1, max: limits.maxEpochs },
  validation: { t: 'number', min: 0, max: 1, maxExclusive: true },
} as const satisfies Record<string, AttrType>;

const KEYS = ['optimizer', 'loss', 'metrics', 'batch', 'epochs', 'validation', 'shuffle', 'seed'] as const;

export function evalTrain(section: TrainSection, env: Env, ev: Evaluator, diags: Diagnostics): IrTrain {
  const train = defaultTrain();
  const seen = new Set<string>();
  for (const entry of section.entries) {
    const key = entry.key.name;
    if (!(KEYS as readonly string[]).includes(key)) {
      const close = suggest(key, KEYS);
      diags.error('NN0305', entry.key.span, `unknown train setting '${key}'`, close ? `did you mean '${close}'?` : `settings: ${KEYS.join(', ')}`);
      continue;
    }
    if (seen.has(key)) {
      diags.error('NN0309', entry.key.span, `train setting '${key}' is given twice`);
      continue;
    }
    seen.add(key);
    const cx = { ev, env, what: `train ${key}`, span: entry.value.span };
    if (key === 'optimizer') {
      const opt = optimizer(entry.value, env, ev, diags);
      if (opt) train.optimizer = opt;
      continue;
    }
    const value = ev.eval(entry.value, env);
    const set = <T>(v: T | undefined, f: (v: T) => void) => v !== undefined && f(v);
    switch (key) {
      case 'loss':
        set(convert(value, { t: 'symbol', values: LOSSES }, cx) as string | undefined, (v) => (train.loss = v));
        break;
      case 'metrics': {
        const items: Value[] = value.k === 'tuple' ? value.items : [value];
        const ms = items.map((m) => convert(m, { t: 'symbol', values: METRICS }, cx) as string | undefined);
        if (ms.every((m) => m !== undefined)) train.metrics = ms as string[];
        break;
      }
      case 'batch':
        set(convert(value, SETTING_TYPES.batch, cx) as number | undefined, (v) => (train.batch = v));
        break;
      case 'epochs':
        set(convert(value, SETTING_TYPES.epochs, cx) as number | undefined, (v) => (train.epochs = v));
        break;
      case 'validation':
        set(convert(value, SETTING_TYPES.validation, cx) as number | undefined, (v) => (train.validation = v));
        break;
      case 'shuffle':
        set(convert(value, { t: 'bool' }, cx) as boolean | undefined, (v) => (train.shuffle = v));
        break;
      case 'seed':
        set(convert(value, { t: 'int', min: 0 }, cx) as number | undefined, (v) => (train.seed = v));
        break;
    }
  }
  return train;
}

function optimizer(expr: TrainSection['entries'][number]['value'], env: Env, ev: Evaluator, diags: Diagnostics): IrOptimizer | undefined {
  const name = expr.kind === 'name' ? expr.name : expr.kind === 'call' ? expr.callee.name : undefined;
  const span = expr.kind === 'call' ? expr.callee.span : expr.span;
  const names = Object.keys(OPTIMIZERS);
  if (!name || !names.includes(name)) {
    const close = name ? suggest(name, names) : undefined;
    diags.error('NN0306', span, name ? `unknown optimizer '${name}'` : 'optimizer must be one of ' + names.join(', '), close ? `did you mean '${close}'?` : `optimizers: ${names.join(', ')}`);
    return undefined;
  }
  const specs = OPTIMIZERS[name as IrOptimizer['name']];
  const bound = bindAttrs(specs, expr.kind === 'call' ? expr.args : [], ev, env, name, expr.span);
  return bound.ok ? ({ name, ...bound.attrs } as IrOptimizer) : undefined;
}
