/**
 * Organization-level evidence of an organization scan, read once with the credentials that list the
 * organization's accounts (management account or Organizations delegated administrator) and kept with every
 * account: the delegated administrators of the services that declare a service principal (Inspector: see
 * services/inspector/collect.ts for why the organization's view is read instead of the member's).
 */
import { type AwsSession, globalRegion } from '../../aws/gateway.js';
import { OPS } from './operations.js';
import type { DelegatedAdministrators } from './schema.js';

/**
 * The delegated administrators of each service principal (organizations:ListDelegatedAdministrators, all
 * pages), keyed by principal, in the order given. A failed read stays an error on that principal.
 */
export async function collectDelegatedAdministrators(
  session: AwsSession,
  partition: string,
  principals: readonly string[],
): Promise<DelegatedAdministrators> {
  const entries = await Promise.all(
    principals.map(async (principal) => {
      const listed = await session.paginate(
        OPS.listDelegatedAdministrators,
        globalRegion(partition),
        { ServicePrincipal: principal },
        { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.DelegatedAdministrators },
      );
      const value: DelegatedAdministrators[string] = listed.ok
        ? { ok: true, value: { accountIds: listed.value.flatMap((a) => (a.Id ? [a.Id] : [])).sort() } }
        : listed;
      return [principal, value] as const;
    }),
  );
  return Object.fromEntries(entries);
}
