// Limits that keep every input finishing in seconds: past them the compiler reports a limit
// diagnostic (NN09xx) instead of overflowing the stack or exhausting memory.
export const limits = {
  /** Layers in one model after expanding blocks and repeats. */
  maxNodes: 200_000,
  /** Nested evaluation: let → let → ..., block → block → ... */
  maxDepth: 400,
  /** Largest size, count or index an integer attribute may hold (TF.js sizes are int32). */
  maxInt: 2 ** 31 - 1,
  /**
   * Steps of work one compilation may take, all models together: each value computed, layer
   * added (4 steps), block call, chain item and repeat iteration counts, so no input can make the
   * checker run for long, however its repeats, blocks and variants multiply.
   */
  maxWork: 1_000_000,
  /** Digits a number may grow to by arithmetic (literals stop at 400 digits of exponent). */
  maxDigits: 2_000,
  /** Variants one experiment's grid may expand to (models times the product of the axes' lengths). */
  maxVariants: 1_000,
  /** Runs per variant an experiment may ask for. */
  maxRuns: 1_000,
  /** Epochs a train section may ask for. */
  maxEpochs: 1_000_000,
  /** Diagnostics reported for one file before the rest are summarised. */
  maxDiagnostics: 100,
} as const;
