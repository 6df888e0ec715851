/**
 * Errors the CLI turns into exit codes. Kept in a module with no heavy imports, so the CLI can load a
 * command's dependencies (the AWS SDK, the renderers) only when that command runs.
 */
import { InputError } from '../evidence/bundle.js';
import type { ReviewItem } from '../finding/types.js';

/** Credentials are missing, expired or rejected: the CLI prints the message and exits 1. */
export class CredentialsError extends Error {
  override name = 'CredentialsError';
}

/** --final was asked and review items remain: the CLI lists them and exits 2. */
export class FinalRefusedError extends InputError {
  constructor(readonly items: ReviewItem[]) {
    super(`--final refused: the finding still has ${items.length} unresolved review item(s)`);
  }
}
