// `nnc doctor RUN_DIR [--json]`: the findings that explain a run (docs/doctor.md), recomputed from
// its run.json, so runs made by older versions get every check their record allows.
import { EXIT } from '../output.js';
import { runtimeErrors } from './runtime-common.js';

export async function runDoctor(runDir: string, opts: { json?: boolean }): Promise<number> {
  return runtimeErrors(async () => {
    const { readRunRecord } = await import('../../runtime/run-files.js');
    const { diagnose, formatFindings } = await import('../../runtime/doctor/index.js');
    const record = readRunRecord(runDir);
    const findings = diagnose(record);
    if (opts.json) process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
    else process.stdout.write(`${record.model} (${runDir}, ${record.status}, ${record.epochs.length} epoch${record.epochs.length === 1 ? '' : 's'}):\n${formatFindings(findings, '  ')}`);
    return EXIT.ok;
  });
}
