/**
 * The services watchpost covers and the sources of evidence they share.
 */
import { CORE_OPS } from '../aws/core-operations.js';
import { iamActionsOf, type Operation } from '../aws/operation.js';

/**
 * Every operation watchpost can call: the scan's own reads, and each service's and source's (loading them
 * loads the AWS SDK).
 */
export async function allOperations(): Promise<Operation<unknown, unknown>[]> {
  const modules = await Promise.all([
    import('./inventory/operations.js'),
    import('./organizations/operations.js'),
    import('./cloudtrail/operations.js'),
    import('./trustedadvisor/operations.js'),
    import('./inspector/operations.js'),
    import('./macie/operations.js'),
    import('./guardduty/operations.js'),
    import('./waf/operations.js'),
    import('./shield/operations.js'),
  ]);
  return [CORE_OPS, ...modules.map((m) => m.OPS)].flatMap(
    (ops) => Object.values(ops) as Operation<unknown, unknown>[],
  );
}

/** Every IAM action watchpost needs, sorted: the least-privilege policy (`watchpost policy`). */
export async function requiredIamActions(): Promise<string[]> {
  return iamActionsOf(await allOperations());
}
