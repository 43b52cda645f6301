// The backends' names, fastest first, in a module that loads nothing, so the command line can
// list them in its options without loading the backends.
export const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'fast', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
/** A backend by name, or `auto`: the fastest that loads here. */
export type BackendChoice = BackendName | 'auto';
