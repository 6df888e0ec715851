/**
 * Whether a web ACL can block anything: shared by every check of a resource AWS WAF protects. Pure (no AWS
 * SDK): the collector reads each distinct web ACL once (GetWebACL), the checks judge it here.
 *
 * A web ACL that cannot block is not protection. It cannot block when its default action is Allow and none
 * of its rules (rule groups included, Firewall Manager's too) can stop a request: it has no rules, or its
 * rules only count requests (Action Count, or a rule group with OverrideAction Count) or allow them. A rule
 * with Action Block, CAPTCHA or Challenge can stop a request; so can a rule group with OverrideAction None
 * (its rules' own actions apply). When some of a rule group's rules are overridden (RuleActionOverrides,
 * ExcludedRules), the web ACL does not tell whether any of its rules still blocks: unknown, never pass.
 */
import type { z } from 'zod';
import { causeOf, describeError, type Verdict, verdict } from '../../checks/types.js';
import { type Data, unknownWith } from '../../checks/util.js';
import type { AwsError, Observed } from '../../evidence/observed.js';
import type { WafEvidence, WebAclSchema } from './schema.js';

export type WebAcl = z.infer<typeof WebAclSchema>;
export type WebAclRule = WebAcl['rules'][number];

/** The actions that stop a request that matches (WAF developer guide, "Rule action"). */
const STOPS = new Set(['Block', 'Captcha', 'Challenge']);

/** The ARN of a WAFv2 web ACL, in parts (the read needs Name, Id and Scope). */
export interface WebAclRef {
  arn: string;
  /** The region its GetWebACL is sent to: the ARN's (CloudFront's: us-east-1 in the aws partition). */
  region: string;
  scope: 'REGIONAL' | 'CLOUDFRONT';
  name: string;
  id: string;
}

/** arn:<partition>:wafv2:<region>:<account>:(regional|global)/webacl/<name>/<id> */
export function parseWebAclArn(arn: string): WebAclRef | null {
  const m = /^arn:[^:]+:wafv2:([^:]+):[^:]*:(regional|global)\/webacl\/([^/]+)\/([^/]+)$/.exec(arn);
  if (!m) return null;
  return { arn, region: m[1]!, scope: m[2] === 'global' ? 'CLOUDFRONT' : 'REGIONAL', name: m[3]!, id: m[4]! };
}

/**
 * A web ACL of AWS WAF Classic: CloudFront's WebACLId is a WAF Classic id (no ARN) for those, API Gateway's
 * webAclArn a `waf-regional` ARN. watchpost does not read WAF Classic.
 */
export function isClassicWebAcl(ref: string): boolean {
  return !ref.startsWith('arn:') || /^arn:[^:]+:waf(-regional)?:/.test(ref);
}

/** Whether one rule can stop a request: yes, no, or not told by the web ACL. */
export function ruleCanBlock(rule: WebAclRule): 'yes' | 'no' | 'undetermined' {
  if (rule.kind === 'rule') {
    if (STOPS.has(rule.action)) return 'yes';
    return rule.action === 'Count' || rule.action === 'Allow' ? 'no' : 'undetermined';
  }
  if (rule.action === 'Count') return 'no';
  if (rule.action !== 'None') return 'undetermined';
  // A rule of the group overridden to an action that stops requests: that rule blocks when it matches.
  if (rule.ruleActionOverrides.some((o) => STOPS.has(o.action))) return 'yes';
  // Some of the group's rules only count (or allow): whether any other one blocks is not in the web ACL.
  if (rule.ruleActionOverrides.length > 0 || rule.excludedRules.length > 0) return 'undetermined';
  return 'yes';
}

/** The managed rule groups a web ACL uses, as "Vendor/Name". */
export function managedRuleGroups(acl: WebAcl): string[] {
  return [...new Set(acl.rules.flatMap((r) => (r.managed ? [`${r.managed.vendor}/${r.managed.name}`] : [])))];
}

export type WebAclJudgement =
  | { kind: 'blocks'; acl: WebAcl }
  | { kind: 'cannot-block'; acl: WebAcl; problem: 'no-rules' | 'count-only'; why: string }
  | { kind: 'undetermined'; acl: WebAcl; error: AwsError }
  | { kind: 'unread'; error: AwsError };

/** The cause of an unknown for an ACL that cannot be told from its rules (a rule group with overrides). */
function undeterminedCause(acl: WebAcl, rules: readonly WebAclRule[]): AwsError {
  const names = rules.map((r) => r.name).join(', ');
  return {
    kind: 'other',
    code: 'RuleGroupOverridesUndetermined',
    action: 'wafv2:GetWebACL',
    message: `web ACL ${acl.name} allows by default and its only rules that might block (${names}) have some of their rules overridden: the web ACL does not say whether any still blocks`,
    httpStatus: null,
  };
}

export function judgeWebAcl(acl: WebAcl): WebAclJudgement {
  if (acl.defaultAction === 'Block') return { kind: 'blocks', acl };
  if (acl.defaultAction !== 'Allow') {
    return {
      kind: 'undetermined',
      acl,
      error: {
        kind: 'unparseable',
        code: 'UnexpectedAnswer',
        action: 'wafv2:GetWebACL',
        message: `web ACL ${acl.name} has default action "${acl.defaultAction}"`,
        httpStatus: null,
      },
    };
  }
  const verdicts = acl.rules.map((r) => [r, ruleCanBlock(r)] as const);
  if (verdicts.some(([, v]) => v === 'yes')) return { kind: 'blocks', acl };
  const unsure = verdicts.filter(([, v]) => v === 'undetermined').map(([r]) => r);
  if (unsure.length > 0) return { kind: 'undetermined', acl, error: undeterminedCause(acl, unsure) };
  if (acl.rules.length === 0) {
    return {
      kind: 'cannot-block',
      acl,
      problem: 'no-rules',
      why: 'it has no rules and its default action is Allow',
    };
  }
  return {
    kind: 'cannot-block',
    acl,
    problem: 'count-only',
    why: `its ${acl.rules.length === 1 ? 'only rule' : `${acl.rules.length} rules`} only ${acl.rules.length === 1 ? 'counts' : 'count'} or ${acl.rules.length === 1 ? 'allows' : 'allow'} requests and its default action is Allow`,
  };
}

/** The error a check reports for a web ACL whose evidence is absent (not read by the scan). */
function notRead(arn: string): AwsError {
  return {
    kind: 'not-collected',
    code: 'NotCollected',
    message: `web ACL ${arn} was not read`,
    action: 'wafv2:GetWebACL',
    httpStatus: null,
  };
}

/** The web ACL `ref` names (an ARN, or CloudFront's WebACLId), judged from the evidence. */
export function webAclOf(waf: WafEvidence, ref: string): WebAclJudgement {
  if (isClassicWebAcl(ref)) {
    return {
      kind: 'unread',
      error: {
        kind: 'other',
        code: 'WafClassicWebAcl',
        action: 'waf:GetWebACL',
        message: `${ref} is an AWS WAF Classic web ACL, which watchpost does not read (migrate it to AWS WAF)`,
        httpStatus: null,
      },
    };
  }
  const parsed = parseWebAclArn(ref);
  if (!parsed) {
    return {
      kind: 'unread',
      error: {
        kind: 'unparseable',
        code: 'UnexpectedAnswer',
        action: 'wafv2:GetWebACL',
        message: `${ref} is not the ARN of a WAFv2 web ACL`,
        httpStatus: null,
      },
    };
  }
  const entry = waf.webAcls?.[parsed.region]?.[ref];
  if (!entry) return { kind: 'unread', error: notRead(ref) };
  if (!entry.ok) return { kind: 'unread', error: entry.error };
  return judgeWebAcl(entry.value);
}

/** Codes of the causes this file makes (their messages say what happened in our words). */
export const OWN_CAUSES = new Set(['WafClassicWebAcl', 'RuleGroupOverridesUndetermined']);

/**
 * The verdict on a resource that has web ACL `ref`: pass when the web ACL can block, fail (saying why) when
 * it cannot, unknown when it could not be read or its rules do not tell. `label` names the resource
 * ("Application Load Balancer web"); the result's data gains the web ACL's name, default action, managed
 * rule groups (for information) and, on a fail, `webAclProblem` (no-rules | count-only).
 */
export function webAclVerdict(
  waf: WafEvidence,
  region: string,
  resource: string,
  label: string,
  ref: string,
  data: Data,
): Verdict {
  const j = webAclOf(waf, ref);
  const base: Data = { ...data, webAclArn: ref };
  if (j.kind === 'unread' || j.kind === 'undetermined') {
    const why = OWN_CAUSES.has(j.error.code) ? j.error.message : describeError(j.error);
    return {
      region,
      resource,
      status: 'unknown',
      detail: `Could not determine whether the web ACL of ${label} can block requests: ${why}.`,
      cause: causeOf(j.error),
      data: j.kind === 'undetermined' ? { ...base, ...aclData(j.acl) } : base,
    };
  }
  const full = { ...base, ...aclData(j.acl) };
  if (j.kind === 'blocks') {
    return verdict(region, resource, 'pass', `${label} is protected by WAF web ACL ${j.acl.name}.`, full);
  }
  return verdict(
    region,
    resource,
    'fail',
    `${label} has WAF web ACL ${j.acl.name}, which cannot block requests: ${j.why}.`,
    { ...full, webAclProblem: j.problem },
  );
}

function aclData(acl: WebAcl): Data {
  return {
    webAclName: acl.name,
    webAclDefaultAction: acl.defaultAction,
    webAclRules: acl.rules.length,
    managedRuleGroups: managedRuleGroups(acl),
  };
}

/** The distinct WAFv2 web ACLs the listed resources use (WAF Classic ids and other text left out). */
export function webAclRefs(e: Omit<WafEvidence, 'webAcls'>): WebAclRef[] {
  const arns: (string | null)[] = [];
  const each = <T>(r: Record<string, Observed<T>>, f: (v: T) => void) => {
    for (const o of Object.values(r)) if (o.ok) f(o.value);
  };
  each(e.restApis, (v) => {
    for (const api of v.apis) if (api.stages.ok) arns.push(...api.stages.value.map((s) => s.webAclArn));
  });
  each(e.loadBalancers, (v) => {
    for (const lb of v.loadBalancers) if (lb.webAcl?.ok) arns.push(lb.webAcl.value.webAclArn);
  });
  if (e.cloudFront.ok) arns.push(...e.cloudFront.value.distributions.map((d) => d.webAclId));
  each(e.appSync, (v) => arns.push(...v.apis.map((a) => a.webAclArn)));
  each(e.cognito, (v) => {
    for (const p of v.userPools) if (p.webAcl.ok) arns.push(p.webAcl.value.webAclArn);
  });
  each(e.appRunner ?? {}, (v) => {
    for (const svc of v.services) if (svc.webAcl?.ok) arns.push(svc.webAcl.value.webAclArn);
  });
  each(e.amplify ?? {}, (v) => arns.push(...v.apps.map((a) => a.webAclArn)));
  each(e.verifiedAccess ?? {}, (v) => {
    for (const i of v.instances) if (i.webAcl.ok) arns.push(i.webAcl.value.webAclArn);
  });
  const refs = new Map<string, WebAclRef>();
  for (const arn of arns) {
    const ref = arn ? parseWebAclArn(arn) : null;
    if (ref) refs.set(ref.arn, ref);
  }
  return [...refs.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

/**
 * The verdict for a resource whose web ACL GetWebACLForResource read: unknown when that read failed, the
 * web ACL judged when there is one, fail (`noneDetail`) when there is none.
 */
export function associationVerdict(
  waf: WafEvidence | undefined,
  region: string,
  resource: string,
  label: string,
  association: Observed<{ webAclArn: string | null }>,
  data: Data,
  noneDetail = `${label} has no WAF web ACL.`,
): Verdict {
  if (!association.ok) {
    return unknownWith(region, resource, association.error, `whether ${label} has a WAF web ACL`, data);
  }
  const acl = association.value.webAclArn;
  return acl && waf
    ? webAclVerdict(waf, region, resource, label, acl, data)
    : verdict(region, resource, 'fail', noneDetail, { ...data, webAclArn: null });
}
