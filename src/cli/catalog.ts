/**
 * What the command line offers that the rest of watchpost defines: the services (`--services`), the
 * questions only the consultant can answer (`--answer`) and the output formats (`--format`). Option
 * parsing, validation and help read them here and nowhere else; the services and questions come from the
 * service registry (src/services/registry.ts).
 */
import { SERVICE_MODULES } from '../services/registry.js';
import type { Question } from '../services/types.js';

export { FORMATS, type Format, OUTPUT_FORMATS } from '../render/formats.js';
export { type Answers, SERVICES, type ServiceId } from '../services/registry.js';
export type { Question };

/** Every service's questions, in registry order: `--answer KEY=VALUE`, VALUE one of `values`. */
export const QUESTIONS: readonly Question[] = SERVICE_MODULES.flatMap(
  (m) => m.questions as readonly Question[],
);
