import type { AccountEvidence } from '../../evidence/schema.js';
import type { Check } from '../types.js';
import { eachRegion, verdict } from '../types.js';
import { inventoryCount } from '../util.js';

export const INSPECTOR_ON = new Set(['ENABLED', 'ENABLING']);

/** Workload counts in a region (null where the inventory could not be read). */
export function workloads(account: AccountEvidence, region: string) {
  const inv = account.inventory;
  return {
    ec2Instances: inventoryCount(inv?.ec2Instances[region], (v) => v.ids),
    ecrRepositories: inventoryCount(inv?.ecrRepositories[region], (v) => v.names),
    lambdaFunctions: inventoryCount(inv?.lambdaFunctions[region], (v) => v.names),
  };
}

export const inspectorEnabled: Check = {
  meta: {
    id: 'inspector.enabled',
    service: 'inspector',
    title: 'Amazon Inspector is enabled where workloads run',
    severity: 'high',
    securityHub: 'Inspector.1, Inspector.2, Inspector.3, Inspector.4',
    cis: null,
    remediation:
      'Activate Amazon Inspector in the region so EC2 instances, container images and Lambda functions are scanned for vulnerabilities.',
    scope: 'region',
  },
  evaluate(account) {
    return eachRegion(
      account,
      account.inspector,
      'inspector2:BatchGetAccountStatus',
      'whether Amazon Inspector is enabled',
      (region, v) => {
        const w = workloads(account, region);
        const data = { inspectorStatus: v.status, ...w };
        if (INSPECTOR_ON.has(v.status.toUpperCase())) {
          return [
            verdict(
              region,
              null,
              'pass',
              `Amazon Inspector is ${v.status.toLowerCase()} in ${region}.`,
              data,
            ),
          ];
        }
        if (w.ec2Instances === 0 && w.ecrRepositories === 0 && w.lambdaFunctions === 0) {
          return [
            verdict(
              region,
              null,
              'not_applicable',
              `Amazon Inspector is not enabled in ${region}, which has no EC2 instances, ECR repositories or Lambda functions.`,
              data,
            ),
          ];
        }
        return [
          verdict(
            region,
            null,
            'fail',
            `Amazon Inspector is not enabled in ${region} (status ${v.status}) although workloads are or may be present.`,
            data,
          ),
        ];
      },
    );
  },
};
