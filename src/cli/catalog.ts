/**
 * What the command line offers that the rest of watchpost defines: the services (`--services`), the
 * questions only the consultant can answer (`--answer`) and the output formats (`--format`). Option
 * parsing, validation and help read them here and nowhere else, so that taking them from the service
 * registry (src/services/registry.ts) is a change of the import lines below.
 */
import { ANSWERS } from '../finding/default-template.js';

export { SERVICES, type ServiceId } from '../evidence/schema.js';
export type { Answers } from '../finding/default-template.js';
export { FORMATS, type Format, OUTPUT_FORMATS } from '../render/formats.js';

/** A decision only the consultant can make: `--answer KEY=VALUE`, VALUE one of `values`. */
export interface Question {
  key: string;
  values: readonly string[];
}

export const QUESTIONS: readonly Question[] = Object.entries(ANSWERS).map(([key, values]) => ({
  key,
  values,
}));
