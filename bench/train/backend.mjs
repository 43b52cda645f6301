// The backend bench/train measures: the one `nnc train` uses out of the box (`auto`).
import * as path from 'node:path';

export async function defaultBackend(root) {
  const { loadBackend } = await import(path.join(root, 'dist/runtime/backends/index.js'));
  const loaded = await loadBackend('auto');
  return { tf: loaded.tf, backend: loaded.tf.core.getBackend(), note: loaded.name };
}
