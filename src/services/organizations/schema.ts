/** What an organization scan reads of the organization itself (not judged by any check of its own). */
import * as z from 'zod';
import { observed, str } from '../../evidence/observed.js';

/**
 * organizations:ListDelegatedAdministrators per service principal (e.g. `inspector2.amazonaws.com`), read
 * from the account running an organization scan: the accounts the organization delegated the service to.
 */
export const DelegatedAdministratorsSchema = z.record(
  z.string(),
  observed(z.object({ accountIds: z.array(str) })),
);
export type DelegatedAdministrators = z.infer<typeof DelegatedAdministratorsSchema>;

/**
 * Organization scans (`--org-mode bulk|auto`): per service, the administrator account whose answers were
 * read in bulk for the members (src/pipeline/org-bulk.ts), or why none was (`error`: no single
 * administrator, or it could not be entered or read), and the regions it answered for.
 */
export const AdministratorReadsSchema = z.record(
  z.string(),
  z.object({
    administrator: str.nullable(),
    regions: z.array(str),
    error: str.optional(),
  }),
);
export type AdministratorReads = z.infer<typeof AdministratorReadsSchema>;
