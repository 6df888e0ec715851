/**
 * What the command line offers that the rest of watchpost defines: the services (`--services`), the
 * questions only the consultant can answer (`--answer`) and the output formats (`--format`). Option
 * parsing, validation and help read them here and nowhere else; the services and questions come from the
 * service registry (src/services/registry.ts).
 */
import type { Question } from '../services/types.js';

export { FORMATS, type Format, OUTPUT_FORMATS } from '../render/formats.js';
/** Every question, `--answer KEY=VALUE` with VALUE one of `values`: the services', then the finding's. */
export { type Answers, QUESTIONS, SERVICES, type ServiceId } from '../services/registry.js';
export type { Question };
