// Loads TensorFlow.js for Node on the pure-JS CPU backend: tfjs-core, tfjs-layers and
// tfjs-backend-cpu, by dynamic import, so a module that merely imports this file loads no TF.js.
// Tests and CLI commands that build or train models get TF.js only from here.
import type * as Tfc from '@tensorflow/tfjs-core';
import type * as Tfl from '@tensorflow/tfjs-layers';

/** What the model builder and the runtime need: the Layers API, with tfjs-core beside it. */
export interface Tf {
  core: typeof Tfc;
  /** The `@tensorflow/tfjs-layers` namespace; it is also the `TfContext` layer kinds build with. */
  tfl: typeof Tfl;
}

let loaded: Promise<Tf> | undefined;

/** TF.js with the `cpu` backend set. Loaded once; later calls return the same modules. */
export function loadTf(): Promise<Tf> {
  loaded ??= (async () => {
    const core = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    const tfl = await import('@tensorflow/tfjs-layers');
    // tfjs-layers calls chained tensor methods (the recurrent layers' orthogonal initializer does).
    const { installChainedOps } = await import('./tfjs-chained-ops.js');
    installChainedOps(core);
    await core.setBackend('cpu');
    await core.ready();
    return { core, tfl };
  })();
  return loaded;
}
