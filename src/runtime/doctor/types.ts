// The shapes the doctor works on: what the per-epoch probe measures, and a finding about a run.
// Findings are a pure function of run.json (diagnose(record)), so `nnc doctor` can recompute them.

/** One layer on the probe's sampled batch, in inference mode. */
export interface LayerProbe {
  layer: string;
  /** The layer's output activation, when it is one the doctor watches. */
  activation?: 'relu' | 'sigmoid' | 'tanh';
  /** Output units (channels); for relu, the fraction that never fired on the batch. */
  units?: number;
  dead?: number;
  /** For sigmoid and tanh, the fraction of outputs within 0.01 of the bounds. */
  saturated?: number;
  /** L2 norms of the data loss's gradient with respect to the layer's trainable weights, and of those weights. */
  gradNorm?: number;
  weightNorm?: number;
  /**
   * For batch norm: how far its moving statistics are from the statistics of its input on the
   * batch — the mean over channels of |batch mean − moving mean| / batch std, and the median over
   * channels of moving variance / batch variance.
   */
  bnShift?: number;
  bnVarRatio?: number;
}

export interface EpochProbe {
  epoch: number;
  /** Samples in the probe's batch (the first training samples). */
  samples: number;
  layers: LayerProbe[];
  /** Batches whose loss exceeded twice the running (exponential) mean of the batch losses, and the largest such ratio. */
  spikes: number;
  maxSpike: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable code, documented in docs/doctor.md. */
  code: string;
  severity: Severity;
  /** What was measured, in plain words, with the numbers. */
  message: string;
  /** A concrete change that addresses it. */
  fix: string;
  layer?: string;
  /** The measured numbers by name, for tools and tests. */
  values: Record<string, number>;
}
