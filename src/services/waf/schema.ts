/** AWS WAF's part of the evidence (AccountEvidence.waf): the resources it can protect, and their web ACLs. */
import * as z from 'zod';
import { nstr, observed, regional, str } from '../../evidence/observed.js';

const webAclAssociation = observed(z.object({ webAclArn: nstr }));
export const RestApiSchema = z.object({
  id: str,
  name: str,
  /** EDGE | REGIONAL | PRIVATE */
  endpointTypes: z.array(str),
  stages: observed(z.array(z.object({ stageName: str, arn: str, webAclArn: nstr }))),
});
export const LoadBalancerSchema = z.object({
  arn: str,
  name: str,
  type: str, // application | network | gateway
  scheme: nstr, // internet-facing | internal
  webAcl: webAclAssociation.nullable(), // read only for internet-facing ALBs
});
export const DistributionSchema = z.object({
  id: str,
  arn: str,
  domainName: str,
  aliases: z.array(str),
  webAclId: nstr,
});
export const GraphqlApiSchema = z.object({ apiId: str, arn: str, name: str, webAclArn: nstr });
export const UserPoolSchema = z.object({ id: str, arn: str, name: str, webAcl: webAclAssociation });
export const WafEvidenceSchema = z.object({
  restApis: regional(z.object({ apis: z.array(RestApiSchema) })),
  loadBalancers: regional(z.object({ loadBalancers: z.array(LoadBalancerSchema) })),
  cloudFront: observed(z.object({ distributions: z.array(DistributionSchema) })),
  appSync: regional(z.object({ apis: z.array(GraphqlApiSchema) })),
  cognito: regional(z.object({ userPools: z.array(UserPoolSchema) })),
});
export type WafEvidence = z.infer<typeof WafEvidenceSchema>;
