import type { CheckDefinition } from '../../../checks/types.js';
import { unknownVerdict, verdict } from '../../../checks/types.js';
import { listWords, notCollectedGlobal, unknownWith } from '../../../checks/util.js';
import { inAccounts, prose } from '../../../finding/prose.js';
import {
  coverageWords,
  isLogging,
  lake,
  loggingStores,
  managementCoverage,
  orgNote,
  sortedTrails,
  storeManagementCoverage,
  storeNote,
  trailListGap,
} from '../trails.js';

const WHAT = 'which management events the multi-region trails record';

export const cloudtrailManagementEvents: CheckDefinition = {
  meta: {
    id: 'cloudtrail.management-events',
    service: 'cloudtrail',
    title: 'A multi-region trail records read and write management events',
    severity: 'high',
    securityHub: 'CloudTrail.1',
    cis: '3.1',
    remediation:
      "Set the multi-region trail's event selectors to record all management events, both read and write.",
    scope: 'account',
    enablement: false,
  },
  evaluate(account) {
    const ct = account.cloudtrail;
    if (!ct) return notCollectedGlobal('cloudtrail:DescribeTrails', WHAT);
    const multi = sortedTrails(ct.trails).filter((t) => t.isMultiRegion);
    const candidates = multi.filter(isLogging);
    const shortfalls: string[] = [];
    const notes: string[] = [];
    let unreadable: (typeof candidates)[number] | undefined;
    for (const t of candidates) {
      if (!t.eventSelectors.ok) {
        unreadable ??= t;
        continue;
      }
      const c = managementCoverage(t.eventSelectors.value);
      if (c.read && c.write) {
        return [
          verdict(
            'global',
            null,
            'pass',
            `Multi-region trail ${t.name}${orgNote(t, account.accountId)} records read and write management events${
              c.notes.length > 0 ? `, though it ${c.notes.join('; ')}` : ''
            }.`,
            { trails: [t.arn], notes: c.notes },
          ),
        ];
      }
      shortfalls.push(`${t.name} records ${coverageWords(c)}`);
      notes.push(...c.notes);
    }
    // No multi-region trail records both: a multi-region CloudTrail Lake event data store may.
    const lakeView = lake(account);
    for (const s of loggingStores(lakeView)) {
      if (!s.details.ok || !s.details.value.multiRegion) continue;
      const c = storeManagementCoverage(s)!;
      if (c.read && c.write) {
        return [
          verdict(
            'global',
            null,
            'pass',
            `Multi-region CloudTrail Lake event data store ${s.name}${storeNote(s)} records read and write management events${
              c.notes.length > 0 ? `, though it ${c.notes.join('; ')}` : ''
            }.`,
            { trails: candidates.map((t) => t.arn), eventDataStores: [s.arn], notes: c.notes },
          ),
        ];
      }
      shortfalls.push(`event data store ${s.name} records ${coverageWords(c)}`);
      notes.push(...c.notes);
    }
    const data = { trails: candidates.map((t) => t.arn), shortfalls, notes };
    if (unreadable && !unreadable.eventSelectors.ok) {
      return [unknownWith('global', null, unreadable.eventSelectors.error, WHAT, data)];
    }
    if (candidates.length === 0) {
      const statusErr = multi.find((t) => !t.status.ok);
      if (statusErr && !statusErr.status.ok) {
        return [unknownWith('global', null, statusErr.status.error, WHAT, data)];
      }
      const gap = trailListGap(account) ?? lakeView.gap;
      if (gap) return [{ ...unknownVerdict('global', null, gap, WHAT), data }];
      if (shortfalls.length > 0) {
        return [
          verdict(
            'global',
            null,
            'fail',
            `No logging multi-region trail exists, and no CloudTrail Lake event data store records both read and write management events: ${listWords(shortfalls)}.`,
            data,
          ),
        ];
      }
      return [
        verdict(
          'global',
          null,
          'fail',
          multi.length === 0
            ? 'No multi-region trail exists, so management events are not recorded account-wide.'
            : 'No multi-region trail is logging, so management events are not recorded account-wide.',
          data,
        ),
      ];
    }
    if (lakeView.gap) return [unknownWith('global', null, lakeView.gap, WHAT, data)];
    return [
      verdict(
        'global',
        null,
        'fail',
        `No logging multi-region trail records both read and write management events: ${listWords(shortfalls)}.`,
        data,
      ),
    ];
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        inAccounts(
          ctx,
          fails,
          prose`No multi-region logging trail recorded both read and write management events.`,
        ),
      ];
    },
  },
};
