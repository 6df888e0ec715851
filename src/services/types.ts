/**
 * What a service module is (src/services/<service>/index.ts) and what the shared collection machinery
 * (src/collect/account.ts) gives its collector. Types only: importing this file loads nothing.
 */
import type * as z from 'zod';
import type { AwsSession } from '../aws/gateway.js';
import type { AnyOperation } from '../aws/operation.js';
import type { RegionalOffer } from '../checks/offered.js';
import type { CheckDefinition } from '../checks/types.js';
import type { AwsError, Observed, Regional } from '../evidence/observed.js';
import type { AccountEvidence, Result } from '../evidence/schema.js';
import type { ContentBlock } from '../finding/document.js';
import type { ProseContext, Sentence } from '../finding/prose.js';
import type { Trail } from './cloudtrail/schema.js';

/** How a service is named where it is shown. */
export interface ServiceLabels {
  /** In the finding's prose: "Amazon GuardDuty". */
  readonly title: string;
  /** In tables, HTML columns, the coverage picture, OCSF and the list of template names: "GuardDuty". */
  readonly short: string;
  /** The terminal grid's column heading, at most 10 characters: "TrustedAdv". */
  readonly column: string;
  /** What a template's subsection marker may call the service: lower case, single spaces. */
  readonly markerNames: readonly string[];
}

/** A decision only the consultant can make, given as `--answer KEY=VALUE`. */
export interface Question<K extends string = string, V extends string = string> {
  readonly key: K;
  readonly values: readonly V[];
  /** What is asked, and what each answer does. */
  readonly help: string;
  /**
   * Words of a template option that make it depend on this answer (docs/templates.md, "What watchpost
   * decides"): such an option without a condition is kept only when the answer is `keepWhen`, and stays
   * open while the question is unanswered.
   */
  readonly words?: RegExp;
  readonly keepWhen?: V;
}

/** One part of a collector: the name its progress is reported under, and the operations it reads. */
export interface CollectorPart {
  /** e.g. `guardduty`, `waf:elbv2`. */
  readonly name: string;
  /** Named when the part fails for a reason other than an AWS answer ("collector failed"). */
  readonly operations: readonly Pick<AnyOperation, 'iamAction'>[];
}

/**
 * One value an organization's administrator account answered about a member, per region (`--org-mode
 * bulk|auto`, src/pipeline/org-bulk.ts): the value, or why it cannot stand for the member's own read (the
 * member then reads it itself). Plain data: it is sent to worker threads.
 */
export type AdministratorAnswer<T> = { ok: true; value: T } | { ok: false; reason: string };
export interface AdministratorRead<T> {
  /** The administrator account the answers came from. */
  readonly administrator: string;
  /** Per region the administrator was asked in; a region missing here is read by the member. */
  readonly regions: Readonly<Record<string, AdministratorAnswer<T>>>;
}
/** What the administrators answered about one account, per service that reads in bulk. */
export interface AccountBulk {
  /** inspector2:BatchGetAccountStatus from the Inspector delegated administrator. */
  readonly inspector?: AdministratorRead<{
    status: string;
    scanTypes: {
      ec2: string | null;
      ecr: string | null;
      lambda: string | null;
      lambdaCode: string | null;
      codeRepository?: string | null;
    };
  }>;
  /**
   * macie2:ListMembers from the Macie administrator: this account as its administrator lists it, where the
   * relationship is in force (Enabled, Paused); it stands for the member's GetAdministratorAccount.
   */
  readonly macie?: AdministratorRead<{ accountId: string; relationshipStatus: string }>;
  /**
   * guardduty:ListMembers from the GuardDuty administrator's detector: this account as its administrator
   * lists it, where the relationship is Enabled; it stands for the member's GetAdministratorAccount.
   */
  readonly guardduty?: AdministratorRead<{ accountId: string; relationshipStatus: string }>;
  /**
   * The management account's organization trails, read once in the account that owns them (GetTrailStatus,
   * GetEventSelectors, GetInsightSelectors by trail ARN): per trail ARN, the same for every member.
   */
  readonly cloudtrail?: {
    readonly administrator: string;
    readonly trails: Readonly<
      Record<string, AdministratorAnswer<Pick<Trail, 'status' | 'eventSelectors' | 'insights'>>>
    >;
  };
}

/**
 * What a collector is handed. The read helpers report progress and turn a collector defect (an exception)
 * into an error recorded on the evidence, naming the part's operations: nothing escapes, nothing is left out.
 */
export interface CollectKit {
  readonly session: AwsSession;
  readonly accountId: string;
  readonly partition: string;
  /** The regions being scanned. */
  readonly regions: readonly string[];
  /** Reads every scanned region at once; progress is reported per region as each one ends. */
  regional<T>(part: CollectorPart, read: (region: string) => Promise<Observed<T>>): Promise<Regional<T>>;
  /** One read for the whole account; progress is reported for "global". */
  global<T>(part: CollectorPart, read: () => Promise<Observed<T>>): Promise<Observed<T>>;
  /**
   * A read across every region that returns its own shape (CloudTrail: trails are listed per region, then
   * read in their home region); progress is reported for every region once it ends. Should it throw, the
   * evidence is `onFailure(error)`.
   */
  account<T>(part: CollectorPart, read: () => Promise<T>, onFailure: (error: AwsError) => T): Promise<T>;
  /** Organization scans: what administrator accounts answered about this account (AccountBulk). */
  readonly bulk?: AccountBulk;
  /** For a `late` source: the account's evidence as the services collected it. */
  readonly evidence?: AccountEvidence;
  /**
   * A shared source the service `needs`, once it is read (undefined when it is not collected): a
   * service may then make a read only where that source shows it can matter (Macie's analysis reads
   * only in regions with buckets).
   */
  source?(id: SourceId): Promise<unknown> | undefined;
}

/** API answers → typed evidence; never judges (src/services/<service>/collect.ts). */
export type Collector<E> = (kit: CollectKit) => Promise<E>;

/**
 * Evidence of one kind in AccountEvidence, under `id`: a service's, or a source the services share.
 * Collector and operations load lazily: they load the AWS SDK, which `report`, `assess` and `--help` never need.
 */
export interface EvidenceSource<Id extends string = string, S extends z.ZodType = z.ZodType> {
  readonly id: Id;
  /** The zod schema of AccountEvidence[id] (./schema.ts). */
  readonly schema: S;
  readonly collector: () => Promise<Collector<z.infer<S>>>;
  /** The operations it may call (./operations.ts): the allow-list and `watchpost policy`. */
  readonly operations: () => Promise<readonly AnyOperation[]>;
  /**
   * Collected after every service, its kit carrying their evidence (`kit.evidence`): what it reads follows
   * from what they found (the usage signals of the cost estimate). Not a `needs` of any service.
   */
  readonly late?: boolean;
  // The hooks below are methods (checked bivariantly), so that the registry can hold every source as an
  // EvidenceSource whatever its evidence type.
  /**
   * How the finding names the resources this evidence holds, as results give them (an ARN, an id) → a
   * label (untrusted: the renderers escape it), e.g. a trail's ARN → its name. Unlisted resources are
   * named as the result gives them.
   */
  resourceLabels?(evidence: z.infer<S>): Iterable<readonly [resource: string, label: string]>;
  /**
   * What an organization scan keeps in memory of this evidence once the account is judged (the rest
   * stays on disk): all that `resourceLabels`, `facts` and the finding's sentences read. Nothing is kept
   * without it.
   */
  keepForFinding?(evidence: z.infer<S>): z.infer<S>;
  /** Facts a template's conditions may test (`{==OPTION[web:exposed]==}`, docs/templates.md). */
  readonly facts?: readonly Fact<z.infer<S>>[];
}

/** A fact a template's conditions may test, established from one kind of evidence. */
export interface Fact<E> {
  /** `subject:state`, lower case: `s3:used`. */
  readonly name: string;
  /** From this evidence in every account that has it, and the results of its service (none for a source). */
  holds(evidence: readonly E[], results: readonly Result[]): boolean;
  /** Words of a template option that make it need this fact (an option about S3 needs `s3:used`). */
  readonly words?: RegExp;
}

/**
 * What a service says in the finding as a whole, beyond its checks' sentences (each check's own are in
 * its file: CheckDefinition.prose).
 */
export interface ServiceProse {
  /**
   * Sentences about the service as a whole, before its checks' sentences. What they claim (ctx.claim) is
   * not offered to the checks again: one sentence may say what several checks found ("no trail anywhere"
   * says there is no multi-region trail either).
   */
  readonly lead?: (ctx: ProseContext) => Sentence[];
  /**
   * The checks whose sentences come first, in this order, where a sentence reads best after another;
   * the others follow in the order of `checks`.
   */
  readonly order?: readonly CheckDefinition[];
  /**
   * How the service's sentences (lead, then the checks') are laid out, when there are some: default one
   * paragraph. Where a service lists its checks' contributions, or adds a question for the consultant.
   */
  readonly arrange?: (ctx: ProseContext, sentences: Sentence[]) => ContentBlock[];
}

/** Shared evidence that services can need (src/services/registry.ts SOURCES). */
export type SourceId = 'inventory' | 'usage';

/** Everything about one AWS service watchpost judges. */
export interface ServiceModule<
  Id extends string = string,
  S extends z.ZodType = z.ZodType,
  Q extends Question = Question,
> extends EvidenceSource<Id, S> {
  readonly labels: ServiceLabels;
  /** In the order their results are listed. Each check's meta.service is `id`. */
  readonly checks: readonly CheckDefinition[];
  /** The consultant's decisions about this service's findings (a check's meta.waivedBy names one). */
  readonly questions: readonly Q[];
  /** Shared evidence its checks read: collected whenever the service is. */
  readonly needs: readonly SourceId[];
  /**
   * Organization scans: the service principal whose delegated administrators the organization is asked
   * for once (organizations:ListDelegatedAdministrators), kept with every account as evidence.
   */
  readonly delegatedAdministratorPrincipal?: string;
  /** What it says in the finding beyond its checks' own sentences. */
  readonly prose?: ServiceProse;
  /**
   * Words a template uses for the kind of gap this service closes ("vulnerabilities", "alerting"): an
   * option without a condition outside the service subsections that uses them is kept when this service
   * has a gap (docs/templates.md lists the vocabulary). Case-insensitive; matched on whole words.
   */
  readonly gapWords?: RegExp;
  /**
   * The kind of gap it belongs with ("weaknesses", "monitoring", "web"): an option that names a service
   * is also about the services of the same kind whose words it uses ("logging and alerting with
   * CloudTrail" speaks of GuardDuty too), never about those of another kind.
   */
  readonly gapKind?: string;
  /**
   * Its results' resources are checks of its own (Trusted Advisor's "IAM Access Key Rotation"): a
   * template's optional clause that names one follows that result (kept for a fail, dropped for a pass).
   */
  readonly resourcesAreChecks?: boolean;
  /**
   * Where AWS offers the service, when not in every region: its checks' unknowns where it has no endpoint
   * become "not offered" (checks/offered.ts). A check may name another service (CheckMeta.offeredIn).
   */
  readonly offeredIn?: RegionalOffer;
}
