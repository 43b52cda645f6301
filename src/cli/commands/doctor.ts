// `nnc doctor RUN_DIR [--json]`: the findings that explain a run (docs/doctor.md), recomputed from
// its run.json, so runs made by older versions get every check their record allows.
import { EXIT } from '../output.js';
import { runtimeErrors } from './runtime-common.js';

export async function runDoctor(runDir: string, opts: { json?: boolean }): Promise<number> {
  return runtimeErrors(async () => {
    const { readRecord } = await import('../../runtime/run-dir.js');
    const { diagnose, formatFindings } = await import('../../runtime/doctor/index.js');
    const { TrainError } = await import('../../runtime/train.js');
    let record;
    try {
      record = readRecord(runDir);
    } catch {
      throw new TrainError(`'${runDir}' is not a run folder: no readable run.json (give a folder made by nnc train)`);
    }
    const findings = diagnose(record);
    if (opts.json) process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
    else process.stdout.write(`${record.model} (${runDir}, ${record.status}, ${record.epochs.length} epoch${record.epochs.length === 1 ? '' : 's'}):\n${formatFindings(findings, '  ')}`);
    return EXIT.ok;
  });
}
