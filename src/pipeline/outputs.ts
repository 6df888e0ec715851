/**
 * Writes what people and machines read from one bundle and its results into an output folder.
 * Decisions were made by the checks and the finding composer; this only serialises and renders.
 */
import { toJson } from '../evidence/bundle.js';
import type { OutputDir } from '../evidence/output-dir.js';
import type { Bundle, Result } from '../evidence/schema.js';

export interface ReportOptions {
  templatePath?: string;
  xrefs: Record<string, string>;
  final?: boolean;
}

export interface WriteOptions extends ReportOptions {
  /** Write evidence.json too (scan does; report/assess read it from elsewhere). */
  evidence: boolean;
  /** Only results.json (and evidence): `assess`. */
  resultsOnly?: boolean;
}

export async function writeOutputs(
  out: OutputDir,
  bundle: Bundle,
  results: Result[],
  opts: WriteOptions,
): Promise<string[]> {
  const files: string[] = [];
  if (opts.evidence) files.push(out.write('evidence.json', toJson(bundle)));
  files.push(out.write('results.json', toJson(results)));
  return files;
}
