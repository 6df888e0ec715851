import type { CheckDefinition } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { cap, prose } from '../../../finding/prose.js';
import { perTrail, trailsPhrase } from '../trails.js';

export const cloudtrailKmsEncryption: CheckDefinition = {
  meta: {
    id: 'cloudtrail.kms-encryption',
    service: 'cloudtrail',
    title: 'CloudTrail logs are encrypted with a KMS key',
    label: 'KMS encryption',
    severity: 'medium',
    securityHub: 'CloudTrail.2',
    cis: '3.5',
    remediation: 'Configure the trail to encrypt its log files with a customer managed KMS key (SSE-KMS).',
    scope: 'resource',
    enablement: false,
  },
  evaluate(account) {
    return perTrail(account, 'whether the trail uses a KMS key', (t, note, data) =>
      t.kmsKeyId
        ? verdict(t.homeRegion, t.arn, 'pass', `Trail ${t.name}${note} encrypts its logs with a KMS key.`, {
            ...data,
            kmsKeyId: t.kmsKeyId,
          })
        : verdict(
            t.homeRegion,
            t.arn,
            'fail',
            `Trail ${t.name}${note} does not use a KMS key; its logs rely on default S3 encryption only.`,
            data,
          ),
    );
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`${cap(trailsPhrase(ctx, fails))} did not encrypt log files with a KMS key, leaving only the default S3-managed encryption.`,
      ];
    },
  },
};
