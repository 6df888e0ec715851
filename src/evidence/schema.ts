/**
 * The evidence bundle: everything watchpost saw, in one versioned document. This file is the single
 * source of truth for both the TypeScript types and the validation applied when a bundle is read back.
 * The primitives (`Observed<T>`, `AwsError`) are in observed.ts; each service's part of an account's
 * evidence is in its own folder (src/services/<service>/schema.ts), and AccountEvidence is composed from
 * the registry's list (src/services/registry.ts). See observed.ts for the conventions.
 */
import * as z from 'zod';
import { AdministratorReadsSchema, DelegatedAdministratorsSchema } from '../services/organizations/schema.js';
import { SERVICE_MODULES, SERVICES, SOURCES } from '../services/registry.js';
import type { EvidenceSource } from '../services/types.js';
import { AcceptanceSchema } from './acceptance.js';
import { AwsErrorSchema, CallStatsSchema, CauseSchema, nstr, observed, str } from './observed.js';
import { StatusSchema } from './status.js';

export const SCHEMA_VERSION = 1;

export const ServiceIdSchema = z.enum(SERVICES);

/** Each source's or service's schema part, optional (a scan collects only the selected services), by id. */
function optionalParts<const Parts extends readonly EvidenceSource[]>(
  parts: Parts,
): { [P in Parts[number] as P['id']]: z.ZodOptional<P['schema']> } {
  return Object.fromEntries(parts.map((p) => [p.id, p.schema.optional()])) as {
    [P in Parts[number] as P['id']]: z.ZodOptional<P['schema']>;
  };
}

// ----------------------------------------------------------------------------------------------- Accounts
export const RegionListingSchema = z.object({
  /** Regions enabled for the account in its partition. */
  enabled: z.array(str),
  /** Regions seen but not scanned, and why (not opted in, other partition). */
  skipped: z.array(z.object({ name: str, reason: str })),
});

export const AccountEvidenceSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  /** The account's name in the organization (untrusted text), when scanned with --org. */
  accountName: nstr.optional(),
  partition: str,
  /** How the account was reached: the caller identity (an ARN, never a credential). */
  callerArn: str,
  regionListing: observed(RegionListingSchema),
  /** The regions the checks judge: enabled regions, narrowed by --regions. */
  scannedRegions: z.array(str),
  /** Regions the user asked for that cannot be scanned, with the reason. */
  unavailableRegions: z.array(z.object({ name: str, error: AwsErrorSchema })),
  /** Set when the account could not be entered at all (e.g. the role could not be assumed). */
  accessError: AwsErrorSchema.nullable(),
  /** The shared evidence (src/services/registry.ts SOURCES), then each service's part, in registry order. */
  ...optionalParts(SOURCES),
  ...optionalParts(SERVICE_MODULES),
  /**
   * Organization scans: the organization's delegated administrators as this scan read them (the same value
   * as `organization.delegatedAdministrators`), kept with the account so that it is judged from its own
   * evidence, also after `merge` or `--resume`. Absent in single-account scans and older bundles.
   */
  delegatedAdministrators: DelegatedAdministratorsSchema.optional(),
});
export type AccountEvidence = z.infer<typeof AccountEvidenceSchema>;

/** One shard of an organization scan cut with `scan --org --shard K/N` (src/pipeline/shard.ts). */
export const ShardInfoSchema = z.object({
  /** 1-based. */
  index: z.number().int().min(1),
  count: z.number().int().min(1),
  /** `--shard-run`: the name all shards of one run share (a Job's name), or null. */
  run: nstr,
  /** Digest of what was selected (regions, services, role, accounts) and the count: equal in every shard. */
  selection: str,
});
export type ShardInfo = z.infer<typeof ShardInfoSchema>;

export const BundleSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('watchpost'), version: str }),
  startedAt: str,
  finishedAt: nstr,
  /** False when the scan was interrupted; missing parts read as `not-collected`. */
  complete: z.boolean(),
  partition: str,
  /** Organization scans: the organization and the accounts that were selected but not finished. */
  organization: z
    .object({
      id: nstr,
      managementAccountId: nstr,
      /** Accounts selected for the scan whose evidence is not (yet) in the bundle: `--resume` finishes them. */
      pendingAccounts: z.array(z.object({ id: str, name: nstr })),
      /** Delegated administrators per service principal, read once per scan; absent in older bundles. */
      delegatedAdministrators: DelegatedAdministratorsSchema.optional(),
      /** `--org-mode bulk|auto`: what was read in bulk from which administrator; absent otherwise. */
      administratorReads: AdministratorReadsSchema.optional(),
      /** Present when this bundle is one shard of a scan (`--shard`); `merge` joins the shards. */
      shard: ShardInfoSchema.optional(),
    })
    .optional(),
  accounts: z.array(AccountEvidenceSchema),
  calls: CallStatsSchema,
});
export type Bundle = z.infer<typeof BundleSchema>;

// ------------------------------------------------------------------------------------------------- Results

export const ResultSchema = z
  .object({
    checkId: str,
    service: ServiceIdSchema,
    accountId: str,
    /** A region name, or "global" for account-level checks. */
    region: str,
    /** The resource judged (an ARN or name), null where the check is not per resource. */
    resource: nstr,
    status: StatusSchema,
    /** One sentence, in our words, saying what was found. */
    detail: str,
    /** For `unknown`: the AWS error and the IAM action that was needed. Null otherwise. */
    cause: CauseSchema.nullable(),
    /** Structured facts behind the verdict (e.g. the scan types that are off), for the finding. */
    data: z.record(z.string(), z.union([str, z.number(), z.boolean(), z.null(), z.array(str)])),
    /**
     * For `accepted` (a `fail` the client's accept file covers, docs/accepting.md): the entry's reason,
     * who accepted it, until when, the compensating control and where the entry is. Absent otherwise, so
     * results written without an accept file, and by a watchpost before accepting existed, read alike.
     */
    acceptance: AcceptanceSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.status === 'accepted') !== (r.acceptance !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['acceptance'],
        message:
          r.status === 'accepted'
            ? 'an accepted result needs its acceptance'
            : `only an accepted result has an acceptance (status is ${r.status})`,
      });
    }
  });
export type Result = z.infer<typeof ResultSchema>;
export const ResultsSchema = z.array(ResultSchema);
