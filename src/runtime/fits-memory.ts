// Whether a model can train at a batch size on this machine at all: a lower bound of the memory a
// training step holds, from the static analysis (weights, gradients, optimizer state, and every
// layer's outputs for the batch counted twice, as the backward pass holds their gradients too),
// against the machine's memory. A batch that cannot fit gets a clear error before training, not an
// out-of-memory abort minutes into it.
import * as os from 'node:os';
import { summarize, trainingMemory } from '../analysis/summary.js';
import type { IrModel } from '../ir/types.js';

const GIB = 2 ** 30;

/** What a training step of `model` holds apart from the batch, and for each sample of it, in bytes. */
function trainingCost(model: IrModel): { fixed: number; perSample: number } {
  const one = trainingMemory(model, summarize(model).totals, 1);
  return { fixed: one.total - one.activations, perSample: 2 * one.activations };
}

/** The memory a training step of `model` needs at least, in bytes; the batch is at most `samples`. */
export function trainingBytes(model: IrModel, batch: number, samples: number): number {
  const { fixed, perSample } = trainingCost(model);
  return fixed + perSample * Math.max(1, Math.min(batch, samples));
}

/** Why `model` cannot train in batches of `batch` here, or undefined. */
export function memoryProblem(model: IrModel, batch: number, samples: number, available = os.totalmem()): string | undefined {
  const { fixed, perSample } = trainingCost(model);
  const used = Math.max(1, Math.min(batch, samples));
  const need = fixed + perSample * used;
  if (need <= available) return undefined;
  const fits = Math.floor((available - fixed) / perSample);
  const gib = (b: number) => `${(b / GIB).toFixed(1)} GiB`;
  const advice = fits >= 1 ? `use a smaller --batch (at most ${fits} could fit)` : 'the weights alone do not fit: use a smaller model';
  return `model ${model.name} in batches of ${used.toLocaleString('en-US')} needs at least ${gib(need)} to train (nnc summary --batch ${used}, with the activations' gradients), more than this machine's ${gib(available)}; ${advice}`;
}
