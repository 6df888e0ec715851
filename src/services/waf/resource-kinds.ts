/** The kinds of resource WAF's checks judge, each with the words the finding lists them under, in order. */
import { wafAlb } from './checks/alb.js';
import { wafApiGateway } from './checks/api-gateway.js';
import { wafAppSync } from './checks/appsync.js';
import { wafCloudFront } from './checks/cloudfront.js';
import { wafCognito } from './checks/cognito.js';

export const WAF_KINDS: readonly (readonly [checkId: string, label: string])[] = [
  [wafApiGateway.meta.id, 'API Gateway REST API stages'],
  [wafAlb.meta.id, 'internet-facing Application Load Balancers'],
  [wafCloudFront.meta.id, 'CloudFront distributions'],
  [wafAppSync.meta.id, 'AppSync GraphQL APIs'],
  [wafCognito.meta.id, 'Cognito user pools'],
];
