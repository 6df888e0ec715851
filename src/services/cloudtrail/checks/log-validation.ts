import type { CheckDefinition } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { prose } from '../../../finding/prose.js';
import { perTrail, trailsPhrase } from '../trails.js';

export const cloudtrailLogValidation: CheckDefinition = {
  meta: {
    id: 'cloudtrail.log-validation',
    service: 'cloudtrail',
    title: 'CloudTrail log file integrity validation is on',
    severity: 'low',
    securityHub: 'CloudTrail.4',
    cis: '3.2',
    remediation:
      'Turn on log file validation for the trail so that altered or deleted log files can be detected.',
    scope: 'resource',
    enablement: false,
  },
  evaluate(account) {
    return perTrail(account, 'whether log file validation is on', (t, note, data) =>
      t.logFileValidation
        ? verdict(t.homeRegion, t.arn, 'pass', `Trail ${t.name}${note} writes signed digest files.`, data)
        : verdict(
            t.homeRegion,
            t.arn,
            'fail',
            `Trail ${t.name}${note} does not validate its log files, so tampering would go unnoticed.`,
            data,
          ),
    );
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`Log file integrity validation was off for ${trailsPhrase(ctx, fails)}, so later changes to delivered log files could not be detected.`,
      ];
    },
  },
};
