import type { CheckDefinition } from '../../../checks/types.js';
import { unknownVerdict, verdict } from '../../../checks/types.js';
import { perResourceRegional } from '../../../checks/util.js';
import { unprotected } from '../prose.js';
import { webAclVerdict } from '../web-acl.js';

/** True when every endpoint type of the API is PRIVATE (reachable only from VPCs). */
export function isPrivateApi(endpointTypes: readonly string[]): boolean {
  return endpointTypes.length > 0 && endpointTypes.every((t) => t.toUpperCase() === 'PRIVATE');
}

export function restApiArn(partition: string, region: string, apiId: string): string {
  return `arn:${partition}:apigateway:${region}::/restapis/${apiId}`;
}

export const wafApiGateway: CheckDefinition = {
  meta: {
    id: 'waf.api-gateway',
    service: 'waf',
    title: 'Public API Gateway REST API stages are protected by AWS WAF',
    label: 'API Gateway stage',
    severity: 'medium',
    securityHub: 'APIGateway.4',
    cis: null,
    remediation: 'Associate an AWS WAF web ACL with each public REST API stage.',
    scope: 'resource',
    enablement: true,
    resourceWords: /\bAPI[ -]?Gateways?\b/i,
  },
  evaluate(account) {
    return perResourceRegional(
      account,
      account.waf?.restApis,
      'apigateway:GET',
      'which API Gateway REST APIs exist',
      (v) => [...v.apis].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      (region, api) => {
        const apiArn = restApiArn(account.partition, region, api.id);
        const base = { api: api.name, apiId: api.id, endpointTypes: api.endpointTypes };
        const priv = isPrivateApi(api.endpointTypes);
        if (!api.stages.ok) {
          if (priv) {
            return [
              verdict(region, apiArn, 'not_applicable', `REST API ${api.name} is private (VPC only).`, base),
            ];
          }
          return [
            {
              ...unknownVerdict(region, apiArn, api.stages.error, `the stages of REST API ${api.name}`),
              data: base,
            },
          ];
        }
        const stages = [...api.stages.value].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
        if (stages.length === 0) {
          return [
            verdict(
              region,
              apiArn,
              'not_applicable',
              `REST API ${api.name} has no deployed stage, so nothing is exposed.`,
              base,
            ),
          ];
        }
        return stages.map((s) => {
          const data = { ...base, stage: s.stageName, webAclArn: s.webAclArn };
          const label = `Stage ${s.stageName} of REST API ${api.name}`;
          if (priv) return verdict(region, s.arn, 'not_applicable', `${label} is private (VPC only).`, data);
          return s.webAclArn && account.waf
            ? webAclVerdict(account.waf, region, s.arn, label, s.webAclArn, data)
            : verdict(
                region,
                s.arn,
                'fail',
                `${label} is reachable from the internet without a WAF web ACL.`,
                data,
              );
        });
      },
      (region) => `Region ${region} has no API Gateway REST API.`,
    );
  },
  prose: unprotected('API Gateway REST API stages'),
};
