// Which experiment of a file to run, and whether it has data: one rule for `nnc run` and the
// library's runExperiment, which differ only in how they name the choices.
import type { IrExperiment } from '../ir/types.js';

export interface Wording {
  /** How a user names the experiment: `--experiment NAME`. */
  choose: string;
  /** How a user gives data: `--data`. */
  data: string;
  /** Advice after "declares no experiment", with its leading separator, or ''. */
  none: string;
}

/** The experiment named (or the file's only one) when it can run, else what is wrong, in words. */
export function chooseExperiment(file: string, experiments: IrExperiment[], name: string | undefined, hasData: boolean, words: Wording): IrExperiment | string {
  const names = experiments.map((x) => x.name).join(', ');
  let x: IrExperiment | undefined;
  if (name !== undefined) {
    x = experiments.find((e) => e.name === name);
    if (!x) return `no experiment '${name}' in ${file}; experiments: ${names || '(none)'}`;
  } else {
    if (experiments.length === 0) return `${file} declares no experiment${words.none}`;
    if (experiments.length > 1) return `${file} declares ${experiments.length} experiments; choose one with ${words.choose}: ${names}`;
    x = experiments[0]!;
  }
  if (!hasData && x.data === null) return `experiment '${x.name}' names no data; add 'data: ...' to it or give ${words.data}`;
  return x;
}
