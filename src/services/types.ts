/**
 * What a service module is (src/services/<service>/index.ts) and what the shared collection machinery
 * (src/collect/account.ts) gives its collector. Types only: importing this file loads nothing.
 */
import type * as z from 'zod';
import type { AwsSession } from '../aws/gateway.js';
import type { AnyOperation } from '../aws/operation.js';
import type { CheckDefinition } from '../checks/types.js';
import type { AwsError, Observed, Regional } from '../evidence/observed.js';

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
}

/** One part of a collector: the name its progress is reported under, and the operations it reads. */
export interface CollectorPart {
  /** e.g. `guardduty`, `waf:elbv2`. */
  readonly name: string;
  /** Named when the part fails for a reason other than an AWS answer ("collector failed"). */
  readonly operations: readonly Pick<AnyOperation, 'iamAction'>[];
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
}

/** Shared evidence that services can need (src/services/registry.ts SOURCES). */
export type SourceId = 'inventory';

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
}
