/**
 * The cost estimate of a scan (docs/costs.md) as the outputs show it: from the whole bundle (`report`,
 * `merge`, a single-account scan), or, in an organization scan, account by account as each is judged,
 * while its whole evidence is still at hand (the scan keeps only a slim copy of each account afterwards).
 * Both give the same lines: per account, then the organization-wide ones, in the order of costs.json.
 */
import {
  accountCosts,
  type CostLine,
  estimateCosts,
  type OrganizationFacts,
  orderCostLines,
  organizationCostLines,
} from '../costs/estimate.js';
import { PRICES, type PriceTable } from '../costs/prices.js';
import type { AcceptFile } from '../engagement/accept.js';
import type { AccountEvidence, Bundle, Result } from '../evidence/schema.js';
import type { CostEstimate } from '../finding/costs.js';
import type { Answers } from '../finding/index.js';
import { checkMeta, waives } from '../services/registry.js';
import { acceptResults } from './engagement.js';
import { Interner } from './interner.js';

/** What the consultant's answers take out of the finding is not priced either (a declined Shield Advanced). */
function priced(results: readonly Result[], answers: Answers): Result[] {
  return results.filter((r) => !(r.status === 'fail' && waives(checkMeta(r.checkId), answers)));
}

/** The estimate from a whole bundle and its (accepted) results; null with `--no-costs` (`table` false). */
export function costEstimate(
  bundle: Bundle,
  results: readonly Result[],
  table: PriceTable | false | undefined,
  answers: Answers = {},
): CostEstimate | null {
  if (table === false) return null;
  const t = table ?? PRICES;
  return {
    table: t,
    lines: estimateCosts({ accounts: bundle.accounts, results: priced(results, answers), table: t }),
  };
}

/**
 * An organization scan's estimate, made as the accounts are judged: `add` each account with its whole
 * evidence and its results as the checks gave them (the accept file is applied here, as the scan applies
 * it to all results at the end, with the same day); `estimate` once all are in.
 */
export class OrganizationCosts {
  private readonly lines: CostLine[] = [];
  private readonly facts: OrganizationFacts[] = [];
  /** The lines are kept to the end: their repeated texts (basis, terms, items) once (interner.ts). */
  private readonly interner = new Interner();

  constructor(
    private readonly table: PriceTable,
    private readonly answers: Answers,
    private readonly accept: AcceptFile | undefined,
    private readonly now: Date,
  ) {}

  add(account: AccountEvidence, results: Result[]): void {
    const accepted = acceptResults(results, this.accept, this.now).results;
    const own = accountCosts(account, priced(accepted, this.answers), this.table);
    for (const line of own.lines) this.lines.push(this.interner.costLine(line));
    this.facts.push(own.facts);
  }

  estimate(): CostEstimate {
    return {
      table: this.table,
      lines: orderCostLines([...this.lines, ...organizationCostLines(this.facts, this.table)]),
    };
  }
}
