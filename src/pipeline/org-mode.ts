/** `scan --org --org-mode`: where members' state is read (org-bulk.ts). No imports: --help loads it. */
export const ORG_MODES = ['auto', 'bulk', 'per-account'] as const;
export type OrgMode = (typeof ORG_MODES)[number];

/** What each mode does, for --help and docs/cli.md. */
export const ORG_MODE_HELP: Record<OrgMode, string> = {
  auto: "read members' Inspector status and who manages their GuardDuty and Macie in bulk from each service's administrator account, and the organization trail's status once in the management account, where known and reachable; elsewhere each account reads its own",
  bulk: 'as auto, and say on stderr (and in the evidence) where a service has no reachable administrator',
  'per-account': 'every account reads its own state (no administrator is entered)',
};
