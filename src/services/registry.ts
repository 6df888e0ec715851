/**
 * THE list of the services watchpost judges, and of the evidence they share. Everything that is per service
 * elsewhere derives from it: the service ids, the evidence schema (evidence/schema.ts), the checks and their
 * order, the labels, the names a template may use, the consultant's questions, the account collector, the
 * allow-list and `watchpost policy`. Adding a service is one folder and one line here.
 *
 * Importing this file loads the checks and the schemas, not the AWS SDK: collectors and operations load
 * when asked for.
 */
import type { AnyOperation } from '../aws/operation.js';
import type { CheckDefinition, CheckMeta } from '../checks/types.js';
import type { AccountEvidence, Result } from '../evidence/schema.js';
import { cloudtrail } from './cloudtrail/index.js';
import { guardduty } from './guardduty/index.js';
import { inspector } from './inspector/index.js';
import { inventory } from './inventory/index.js';
import { macie } from './macie/index.js';
import { shield } from './shield/index.js';
import { trustedadvisor } from './trustedadvisor/index.js';
import type { EvidenceSource, Question, ServiceLabels, ServiceModule } from './types.js';
import { usage } from './usage/index.js';
import { waf } from './waf/index.js';

/** The services, in the order they are collected, judged and shown. */
export const SERVICE_MODULES = [
  cloudtrail,
  trustedadvisor,
  inspector,
  macie,
  guardduty,
  waf,
  shield,
] as const;

/**
 * Evidence the services share (no checks of their own), collected when a selected service needs it; a
 * `late` source (the usage signals of the cost estimate) after the services, unless the scan skips it.
 */
export const SOURCES = [inventory, usage] as const;

type ServiceModules = typeof SERVICE_MODULES;
type ServiceModuleOf = ServiceModules[number];
export type ServiceId = ServiceModuleOf['id'];

type Ids<T extends readonly { id: string }[]> = {
  readonly [K in keyof T]: T[K] extends { id: infer I } ? I : never;
};

/** The service ids, in order (a tuple type, as zod's enum wants it). */
export const SERVICES = SERVICE_MODULES.map((m) => m.id) as unknown as Ids<ServiceModules>;

const MODULE_BY_ID: ReadonlyMap<string, ServiceModule> = new Map(
  SERVICE_MODULES.map((m) => [m.id, m as ServiceModule]),
);

/** The module of a service. */
export function serviceModule(id: ServiceId): ServiceModule {
  return MODULE_BY_ID.get(id)!;
}

// ------------------------------------------------------------------------------------------- checks

const checks: CheckDefinition[] = [];
const checkById = new Map<string, { check: CheckDefinition; rank: number }>();

/** (Re)reads the checks from the modules: at load, and around withExtraCheck. */
function indexChecks(): void {
  checks.splice(0, checks.length, ...SERVICE_MODULES.flatMap((m) => m.checks));
  checkById.clear();
  checks.forEach((check, rank) => {
    checkById.set(check.meta.id, { check, rank });
  });
}
indexChecks();

/** Every check, by service in registry order, then as each service lists them. */
export const CHECKS: readonly CheckDefinition[] = checks;

export function checkMeta(id: string): CheckMeta | undefined {
  return checkById.get(id)?.check.meta;
}

/** The check listed under an id. */
export function checkDefinition(id: string): CheckDefinition | undefined {
  return checkById.get(id)?.check;
}

/**
 * What tables call a check: its `label`, else its id after the service in words
 * ("guardduty.protection-plans" → "Protection plans"); an id no service lists stays as it is.
 */
export function checkLabel(id: string): string {
  const meta = checkMeta(id);
  if (!meta) return id;
  if (meta.label) return meta.label;
  const words = id.slice(id.indexOf('.') + 1).replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A check's place in CHECKS (undefined for an id no service lists). */
export function checkRank(id: string): number | undefined {
  return checkById.get(id)?.rank;
}

/**
 * For tests only (no command reaches it): runs `fn` with `check` listed last in its service's `checks`,
 * as if one line in the service's index.ts listed it, and takes it out again afterwards. Everything that
 * derives from the registry sees it while `fn` runs: the runner, the finding, the renderers.
 */
export async function withExtraCheck<T>(check: CheckDefinition, fn: () => T | Promise<T>): Promise<T> {
  const listed = serviceModule(check.meta.service).checks as CheckDefinition[];
  if (checkById.has(check.meta.id)) throw new Error(`withExtraCheck: ${check.meta.id} is already listed`);
  listed.push(check);
  indexChecks();
  try {
    return await fn();
  } finally {
    listed.splice(listed.indexOf(check), 1);
    indexChecks();
  }
}

/** True when `checkId` is one of `service`'s checks that say whether it is switched on at all. */
export function isEnablementCheck(service: ServiceId, checkId: string): boolean {
  const meta = checkMeta(checkId);
  return meta !== undefined && meta.service === service && meta.enablement;
}

// ------------------------------------------------------------------------------------------- labels

/** Each service's labels, by id. */
export const LABELS = Object.fromEntries(SERVICE_MODULES.map((m) => [m.id, m.labels])) as {
  readonly [K in ServiceId]: ServiceLabels;
};

const MARKER_NAMES: ReadonlyMap<string, ServiceId> = new Map(
  SERVICE_MODULES.flatMap((m) => m.labels.markerNames.map((n) => [n, m.id] as const)),
);

/** The service a template's subsection marker names ("Amazon GuardDuty", any case and spacing). */
export function serviceForMarkerName(name: string): ServiceId | undefined {
  return MARKER_NAMES.get(name.trim().replace(/\s+/g, ' ').toLowerCase());
}

// ---------------------------------------------------------------------------------------- questions

/** Questions about the finding as a whole, asked after the services' own. */
export const FINDING_QUESTIONS = [
  {
    key: 'unknown',
    values: ['review', 'limitation', 'omit'],
    help: 'What the finding does with checks that could not be assessed: "review" (default) leaves a review item that --final refuses; "limitation" states each one in the client text as a limitation of the review; "omit" leaves them out of the finding (results.json and the HTML report keep them).',
  },
  {
    key: 'wording',
    values: ['review', 'watchpost'],
    help: 'What the finding does with a sentence of your template that the evidence contradicts: "review" (default) highlights it with the suggested replacement, and --final refuses; "watchpost" uses every suggested replacement.',
  },
] as const satisfies readonly Question[];

type QuestionOf<M> = M extends { questions: readonly (infer Q)[] } ? Q : never;
type AnyQuestion = QuestionOf<ServiceModuleOf> | (typeof FINDING_QUESTIONS)[number];

/** The consultant's answers (`--answer KEY=VALUE`), typed by the questions the services and the finding ask. */
export type Answers = { [Q in AnyQuestion as Q['key']]?: Q['values'][number] };

/** Every question: the services' in registry order, then the finding's. */
export const QUESTIONS: readonly Question[] = [
  ...SERVICE_MODULES.flatMap((m) => m.questions as readonly Question[]),
  ...FINDING_QUESTIONS,
];

/** Every question with its allowed values, in that order. */
export const ANSWERS = Object.fromEntries(QUESTIONS.map((q) => [q.key, q.values])) as {
  readonly [K in keyof Answers]-?: readonly NonNullable<Answers[K]>[];
};

/** True when the consultant's answers take `meta`'s failures out of the finding. */
export function waives(
  meta: CheckMeta | undefined,
  answers: Readonly<Record<string, string | undefined>>,
): boolean {
  return meta?.waivedBy !== undefined && answers[meta.waivedBy.question] === meta.waivedBy.value;
}

// ------------------------------------------------------------------------------- the finding's evidence

const EVIDENCE_SOURCES: readonly EvidenceSource[] = [...SOURCES, ...SERVICE_MODULES];

/** Every resource label the sources and services give for an account's evidence: resource → label. */
export function resourceLabels(account: AccountEvidence): (readonly [resource: string, label: string])[] {
  return EVIDENCE_SOURCES.flatMap((m) => {
    const e = account[m.id as keyof AccountEvidence];
    return e !== undefined && m.resourceLabels ? [...m.resourceLabels(e)] : [];
  });
}

/** The account with only what the finding reads of each source's evidence (organization scans). */
export function keepForFinding(account: AccountEvidence): Partial<AccountEvidence> {
  const kept: Partial<Record<string, unknown>> = {};
  for (const m of EVIDENCE_SOURCES) {
    const e = account[m.id as keyof AccountEvidence];
    if (e !== undefined && m.keepForFinding) kept[m.id] = m.keepForFinding(e);
  }
  return kept as Partial<AccountEvidence>;
}

/** The facts a template's conditions may test, by name, each with what decides it. */
export const FACTS: ReadonlyMap<
  string,
  (accounts: readonly AccountEvidence[], results: readonly Result[]) => boolean
> = new Map(
  EVIDENCE_SOURCES.flatMap((m) =>
    (m.facts ?? []).map((f) => [
      f.name,
      (accounts: readonly AccountEvidence[], results: readonly Result[]) =>
        f.holds(
          accounts.flatMap((a) => {
            const e = a[m.id as keyof AccountEvidence];
            return e === undefined ? [] : [e];
          }),
          results.filter((r) => r.service === m.id),
        ),
    ]),
  ),
);

/**
 * The vocabulary that decides a template's options without a condition (docs/templates.md): per service,
 * the words for the kind of gap it closes; the facts and questions whose words an option may use.
 */
export const GAP_WORDS: readonly { service: ServiceId; words: RegExp; kind: string | undefined }[] =
  SERVICE_MODULES.flatMap((m) =>
    'gapWords' in m && m.gapWords
      ? [{ service: m.id as ServiceId, words: m.gapWords, kind: 'gapKind' in m ? m.gapKind : undefined }]
      : [],
  );
export const FACT_WORDS: readonly (readonly [string, RegExp])[] = EVIDENCE_SOURCES.flatMap((m) =>
  (m.facts ?? []).flatMap((f) => (f.words ? [[f.name, f.words] as const] : [])),
);
/** Services whose results' resources are checks of their own, which a template clause may name. */
export const CHECK_LIST_SERVICES: readonly ServiceId[] = SERVICE_MODULES.flatMap((m) =>
  'resourcesAreChecks' in m && m.resourcesAreChecks ? [m.id as ServiceId] : [],
);
export const QUESTION_WORDS: readonly Question[] = QUESTIONS.filter((q) => q.words !== undefined);

// ------------------------------------------------------------------------------- organization scans

/** The service principals whose delegated administrators an organization scan of `services` reads. */
export function delegatedAdministratorPrincipals(services: readonly ServiceId[]): string[] {
  return SERVICE_MODULES.filter((m) => services.includes(m.id)).flatMap((m) =>
    'delegatedAdministratorPrincipal' in m && m.delegatedAdministratorPrincipal
      ? [m.delegatedAdministratorPrincipal]
      : [],
  );
}

// ------------------------------------------------------------------------------------- operations

/**
 * Every operation watchpost can call: the scan's own reads, the organization reads, and each source's
 * and service's (loading them loads the AWS SDK).
 */
export async function allOperations(): Promise<AnyOperation[]> {
  const loaded = await Promise.all([
    (async () => Object.values((await import('../aws/core-operations.js')).CORE_OPS))(),
    (async () => Object.values((await import('./organizations/operations.js')).OPS))(),
    ...[...SOURCES, ...SERVICE_MODULES].map((m) => m.operations()),
  ]);
  return loaded.flat() as AnyOperation[];
}

/** Every IAM action watchpost needs, sorted: the least-privilege policy (`watchpost policy`). */
export async function requiredIamActions(): Promise<string[]> {
  return [...new Set((await allOperations()).map((o) => o.iamAction))].sort();
}
