// Whether a model can train at a batch size on this machine at all: a lower bound of the memory a
// training step holds, from the static analysis (weights, gradients, optimizer state, and every
// layer's outputs for the batch counted twice, as the backward pass holds their gradients too),
// against the machine's memory. A batch that cannot fit gets a clear error before training, not an
// out-of-memory abort minutes into it.
import * as os from 'node:os';
import { summarize, trainingMemory } from '../analysis/summary.js';
import type { IrModel } from '../ir/types.js';

const GIB = 2 ** 30;

/** The memory a training step of `model` needs at least, in bytes; the batch is at most `samples`. */
export function trainingBytes(model: IrModel, batch: number, samples: number): number {
  const m = trainingMemory(model, summarize(model).totals, Math.max(1, Math.min(batch, samples)));
  return m.total + m.activations;
}

/** Why `model` cannot train in batches of `batch` here, or undefined. */
export function memoryProblem(model: IrModel, batch: number, samples: number, available = os.totalmem()): string | undefined {
  const need = trainingBytes(model, batch, samples);
  if (need <= available) return undefined;
  const used = Math.max(1, Math.min(batch, samples));
  const perSample = trainingBytes(model, 2, 2) - trainingBytes(model, 1, 1);
  const fixed = trainingBytes(model, 1, 1) - perSample;
  const fits = Math.floor((available - fixed) / perSample);
  const gib = (b: number) => `${(b / GIB).toFixed(1)} GiB`;
  const advice = fits >= 1 ? `use a smaller --batch (at most ${fits} could fit)` : 'the weights alone do not fit: use a smaller model';
  return `model ${model.name} in batches of ${used.toLocaleString('en-US')} needs at least ${gib(need)} to train (nnc summary --batch ${used}, with the activations' gradients), more than this machine's ${gib(available)}; ${advice}`;
}
