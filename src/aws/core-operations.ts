/**
 * The reads a scan makes of the account itself, whatever services it covers: who the caller is, which
 * regions are enabled, and (organization scans) the role assumed in each member account.
 */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import * as z from 'zod';
import { list, optional, record, text } from './answers.js';
import { type Input, op } from './operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const CORE_OPS = {
  // STS API reference: an identity always has Account and Arn (the scan refuses to start without them).
  getCallerIdentity: op('sts', 'GetCallerIdentityCommand', 'sts:GetCallerIdentity', (c, i: object, s) => c.send(new GetCallerIdentityCommand(i), { abortSignal: s }),
    { fields: { Account: text(), Arn: text() } }),
  // STS model: Credentials' AccessKeyId, SecretAccessKey, SessionToken and Expiration are required members.
  assumeRole: op('sts', 'AssumeRoleCommand', 'sts:AssumeRole', (c, i: Input<typeof AssumeRoleCommand>, s) => c.send(new AssumeRoleCommand(i), { abortSignal: s }),
    { fields: { Credentials: record({ AccessKeyId: text(), SecretAccessKey: text(), SessionToken: text(), Expiration: z.date() }) } }),
  // EC2 answers always carry <regionInfo> (empty only if no region answered, which cannot be: the call
  // itself is made to one). OptInStatus: read when present (regions.ts).
  describeRegions: op('ec2', 'DescribeRegionsCommand', 'ec2:DescribeRegions', (c, i: Input<typeof DescribeRegionsCommand>, s) => c.send(new DescribeRegionsCommand(i), { abortSignal: s }),
    { fields: { Regions: list(record({ RegionName: text(), OptInStatus: optional(text()) })) } }, { lists: ['regionInfo'] }),
} as const;
