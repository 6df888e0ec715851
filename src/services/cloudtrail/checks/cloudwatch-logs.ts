import type { CheckDefinition } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { cap, prose } from '../../../finding/prose.js';
import { perTrail, trailsPhrase } from '../trails.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * True when CloudWatch Logs delivery lags more than a day behind S3 delivery. Both times come from the
 * same GetTrailStatus answer, so no clock is read.
 */
function staleDelivery(s3: string | null, cwl: string | null): boolean {
  if (!s3) return false;
  const a = Date.parse(s3);
  if (Number.isNaN(a)) return false;
  if (!cwl) return true;
  const b = Date.parse(cwl);
  return !Number.isNaN(b) && a - b > DAY_MS;
}

export const cloudtrailCloudWatchLogs: CheckDefinition = {
  meta: {
    id: 'cloudtrail.cloudwatch-logs',
    service: 'cloudtrail',
    title: 'CloudTrail trails deliver to CloudWatch Logs',
    label: 'CloudWatch Logs',
    severity: 'low',
    securityHub: 'CloudTrail.5',
    cis: '3.4',
    remediation:
      'Send the trail to a CloudWatch Logs log group so that metric filters and alarms can act on API activity.',
    scope: 'resource',
    enablement: false,
  },
  evaluate(account) {
    return perTrail(account, 'whether the trail delivers to CloudWatch Logs', (t, note, data) => {
      if (!t.cloudWatchLogsLogGroupArn) {
        return verdict(
          t.homeRegion,
          t.arn,
          'fail',
          `Trail ${t.name}${note} is not integrated with CloudWatch Logs, so no alarm can act on its events.`,
          data,
        );
      }
      const s = t.status.ok ? t.status.value : null;
      const stale = s ? staleDelivery(s.latestDeliveryTime, s.latestCloudWatchLogsDeliveryTime) : false;
      return verdict(
        t.homeRegion,
        t.arn,
        'pass',
        stale
          ? `Trail ${t.name}${note} is connected to CloudWatch Logs, but its last delivery there lags more than a day behind S3.`
          : `Trail ${t.name}${note} delivers to CloudWatch Logs.`,
        {
          ...data,
          logGroupArn: t.cloudWatchLogsLogGroupArn,
          latestCloudWatchLogsDeliveryTime: s?.latestCloudWatchLogsDeliveryTime ?? null,
          cloudWatchDeliveryStale: stale,
        },
      );
    });
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`${cap(trailsPhrase(ctx, fails))} did not send events to CloudWatch Logs, which metric filters and alarms on API activity rely on.`,
      ];
    },
  },
};
