/** The workload inventory's reads (EC2, ECR, Lambda, S3), each with the rule its answers must meet. */
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetBucketLocationCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { absent, list, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // EC2 answers always carry <reservationSet> (an empty element when there is no instance), each
  // reservation its <instancesSet>, each instance its instanceState. A terminated instance is told by its
  // state, so the state is required: without it a gone instance would count as a workload.
  describeInstances: op('ec2', 'DescribeInstancesCommand', 'ec2:DescribeInstances', (c, i: Input<typeof DescribeInstancesCommand>, s) => c.send(new DescribeInstancesCommand(i), { abortSignal: s }),
    { fields: { Reservations: list(record({ Instances: list(record({ InstanceId: text(), State: record({ Name: text() }) })) })), NextToken: optional(text()) } }, { lists: ['reservationSet', 'instancesSet'] }),
  // ECR answers `repositories` (empty when there is none).
  describeRepositories: op('ecr', 'DescribeRepositoriesCommand', 'ecr:DescribeRepositories', (c, i: Input<typeof DescribeRepositoriesCommand>, s) => c.send(new DescribeRepositoriesCommand(i), { abortSignal: s }),
    { fields: { repositories: list(record({ repositoryName: text() })), nextToken: optional(text()) } }),
  // Lambda answers `Functions` (empty when there is none).
  listFunctions: op('lambda', 'ListFunctionsCommand', 'lambda:ListFunctions', (c, i: Input<typeof ListFunctionsCommand>, s) => c.send(new ListFunctionsCommand(i), { abortSignal: s }),
    { fields: { Functions: list(record({ FunctionName: text() })), NextMarker: optional(text()) } }),
  // S3 answers <Buckets> (an empty element when there is no bucket); each bucket has its Name.
  listBuckets: op('s3', 'ListBucketsCommand', 's3:ListAllMyBuckets', (c, i: Input<typeof ListBucketsCommand>, s) => c.send(new ListBucketsCommand(i), { abortSignal: s }),
    { fields: { Buckets: list(record({ Name: text(), BucketRegion: optional(text()) })), ContinuationToken: optional(text()) } }, { root: 'ListAllMyBucketsResult', lists: ['Buckets'] }),
  // S3 API reference, GetBucketLocation: "Buckets in Region us-east-1 have a LocationConstraint of null"
  // (an empty <LocationConstraint/>, which the root element check still requires).
  getBucketLocation: op('s3', 'GetBucketLocationCommand', 's3:GetBucketLocation', (c, i: Input<typeof GetBucketLocationCommand>, s) => c.send(new GetBucketLocationCommand(i), { abortSignal: s }),
    { fields: { LocationConstraint: absent(text()) } }, { root: 'LocationConstraint', texts: ['LocationConstraint'] }),
} as const;
