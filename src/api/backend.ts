// `import "nnspec/backend"`: registers nnspec's `fast` CPU backend (TF.js's cpu backend with native
// kernels) with TensorFlow.js, so any TF.js program (generated code included) can train on it.
// Importing this module registers it with a priority above TF.js's own CPU and WebGL backends, so a
// program that sets no backend gets it; `registerFastBackend()` registers it and makes it current.
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { nativeProblem } from '../runtime/fast/addon.js';
import { FAST, registerFast } from '../runtime/fast/backend.js';

/** Why the fast backend is not available here (no native kernels), or undefined when it is. */
export function fastBackendProblem(): string | undefined {
  return registered ? undefined : nativeProblem() || 'not registered';
}

let registered = false;

async function register(): Promise<boolean> {
  if (!registered) registered = (await registerFast(tfc, 2.5)) !== null;
  return registered;
}

/**
 * Registers the `fast` backend with TensorFlow.js and makes it the current backend. Resolves to
 * `"fast"`, or rejects with the reason when the native kernels are not available here (run
 * `npx nnc build-native`, or see `npx nnc backends`).
 */
export async function registerFastBackend(): Promise<'fast'> {
  if (!(await register())) throw new Error(`nnspec's fast backend is not available: ${nativeProblem()}`);
  if (!(await tfc.setBackend(FAST))) throw new Error("nnspec's fast backend failed to initialize");
  return FAST;
}

/** The name of the backend this module registers. */
export const FAST_BACKEND = FAST;

await register();
