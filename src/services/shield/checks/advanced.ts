import type { CheckDefinition } from '../../../checks/types.js';
import { regionalScope, unknownVerdict, verdict } from '../../../checks/types.js';
import { notCollectedGlobal, unexpectedAnswer } from '../../../checks/util.js';
import type { Observed } from '../../../evidence/observed.js';
import type { AccountEvidence } from '../../../evidence/schema.js';
import { prose } from '../../../finding/prose.js';
import { isPrivateApi } from '../../waf/checks/api-gateway.js';

const WHAT = 'whether Shield Advanced is subscribed';

/**
 * Internet-facing resources Shield Advanced could protect, from the WAF evidence. `proven` is true only
 * when every listing needed was read in every scanned region, so a zero count means "none".
 */
export function exposure(account: AccountEvidence): {
  proven: boolean;
  apiStages: number;
  loadBalancers: number;
  distributions: number;
  graphqlApis: number;
} {
  const out = { proven: true, apiStages: 0, loadBalancers: 0, distributions: 0, graphqlApis: 0 };
  const waf = account.waf;
  const scope = regionalScope(account);
  if (!waf || !scope.ok || account.unavailableRegions.length > 0) out.proven = false;
  const regions = scope.ok ? scope.regions : [];
  const read = <T>(e: Observed<T> | undefined): T | null => {
    if (!e?.ok) {
      out.proven = false;
      return null;
    }
    return e.value;
  };
  if (waf) {
    for (const r of regions) {
      for (const api of read(waf.restApis[r])?.apis ?? []) {
        if (isPrivateApi(api.endpointTypes)) continue;
        if (api.stages.ok) out.apiStages += api.stages.value.length;
        else out.proven = false;
      }
      for (const lb of read(waf.loadBalancers[r])?.loadBalancers ?? []) {
        if (lb.type.toLowerCase() !== 'application') continue;
        if (lb.scheme === null) out.proven = false;
        else if (lb.scheme.toLowerCase() === 'internet-facing') out.loadBalancers += 1;
      }
      out.graphqlApis += read(waf.appSync[r])?.apis.length ?? 0;
    }
    out.distributions = read(waf.cloudFront)?.distributions.length ?? 0;
  }
  return out;
}

export const shieldAdvanced: CheckDefinition = {
  meta: {
    id: 'shield.advanced',
    service: 'shield',
    title: 'AWS Shield Advanced protects internet-facing resources',
    label: 'Shield Advanced',
    severity: 'low',
    securityHub: null,
    cis: null,
    remediation:
      'Weigh the cost of Shield Advanced against the DDoS risk to the public endpoints; subscribe and add protections if justified.',
    scope: 'account',
    enablement: true,
    waivedBy: { question: 'shield-advanced', value: 'drop' },
  },
  evaluate(account) {
    const sh = account.shield;
    if (!sh) return notCollectedGlobal('shield:GetSubscriptionState', WHAT);
    if (!sh.ok) return [unknownVerdict('global', null, sh.error, WHAT)];
    const state = sh.value.subscriptionState.toUpperCase();
    const e = exposure(account);
    const data = {
      subscriptionState: sh.value.subscriptionState,
      exposureProven: e.proven,
      publicApiStages: e.apiStages,
      internetFacingLoadBalancers: e.loadBalancers,
      distributions: e.distributions,
      graphqlApis: e.graphqlApis,
    };
    if (state === 'ACTIVE') {
      return [verdict('global', null, 'pass', 'The account subscribes to AWS Shield Advanced.', data)];
    }
    if (state !== 'INACTIVE') {
      return [
        {
          ...unknownVerdict(
            'global',
            null,
            unexpectedAnswer('shield:GetSubscriptionState', 'UnexpectedState', `unexpected state ${state}`),
            WHAT,
          ),
          data,
        },
      ];
    }
    const total = e.apiStages + e.loadBalancers + e.distributions + e.graphqlApis;
    if (e.proven && total === 0) {
      return [
        verdict(
          'global',
          null,
          'not_applicable',
          'The account does not subscribe to Shield Advanced, and no internet-facing resource it could protect was found.',
          data,
        ),
      ];
    }
    return [
      verdict(
        'global',
        null,
        'fail',
        'The account does not subscribe to Shield Advanced; this is a costly option, worth it only where DDoS risk to public endpoints justifies it.',
        data,
      ),
    ];
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`No AWS Shield Advanced subscription was active, so the internet-facing resources had only the automatic Shield Standard protection against DDoS attacks.`,
      ];
    },
  },
};
