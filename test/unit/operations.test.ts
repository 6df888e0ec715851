/**
 * Read-only by construction: `op()` refuses to define an operation whose command or IAM action is not a
 * read, and every operation watchpost can call was made by it. The test walks every registered one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AnyOperation, notReadProblem, op, registeredOperations } from '../../src/aws/operation.js';
import { allOperations } from '../../src/services/registry.js';
import { OPS } from '../support/operations.js';

const send = async () => ({});
const rule = { fields: {} };

describe('op() defines reads only', () => {
  test('a write command is refused when it is defined', () => {
    assert.throws(
      () => op('guardduty', 'CreateDetectorCommand', 'guardduty:CreateDetector', send, rule),
      /refuses to define guardduty:CreateDetectorCommand is not a read operation/,
    );
    assert.throws(
      () => op('s3', 'PutBucketPolicyCommand', 's3:PutBucketPolicy', send, rule),
      /not a read operation/,
    );
    // "Batch" alone is not a read: BatchGet is.
    assert.throws(
      () =>
        op(
          'inspector2',
          'BatchUpdateMemberEc2DeepInspectionStatusCommand',
          'inspector2:BatchUpdateMemberEc2DeepInspectionStatus',
          send,
          rule,
        ),
      /not a read operation/,
    );
  });
  test('a read command with a write IAM action is refused', () => {
    assert.throws(
      () => op('guardduty', 'ListFiltersCommand', 'guardduty:DeleteFilter', send, rule),
      /IAM action guardduty:DeleteFilter .* is not a read action/,
    );
  });
  test('a name that only starts like a read verb is refused', () => {
    assert.match(notReadProblem('ec2', 'GetawayCommand', 'ec2:GetSomething') ?? '', /not a read operation/);
    assert.match(
      notReadProblem('ec2', 'DescribeRegions', 'ec2:DescribeRegions') ?? '',
      /not a read operation/,
    );
  });
  test('the exceptions are exact: sts:AssumeRole only with its own IAM action', () => {
    assert.equal(notReadProblem('sts', 'AssumeRoleCommand', 'sts:AssumeRole'), null);
    assert.match(notReadProblem('sts', 'AssumeRoleCommand', 'iam:PassRole') ?? '', /only with IAM action/);
    assert.match(notReadProblem('organizations', 'AssumeRoleCommand', 'sts:AssumeRole') ?? '', /not a read/);
    assert.equal(notReadProblem('apigateway', 'GetRestApisCommand', 'apigateway:GET'), null);
    assert.match(notReadProblem('apigateway', 'GetRestApisCommand', 'apigateway:POST') ?? '', /not a read/);
  });
  test('a command defined twice is refused', () => {
    assert.throws(
      () => op('guardduty', 'ListDetectorsCommand', 'guardduty:ListDetectors', send, rule),
      /guardduty:ListDetectorsCommand is defined twice/,
    );
  });
});

describe('every registered operation', () => {
  test('is a read by name, or a listed exception', async () => {
    const all = await allOperations();
    assert.ok(all.length >= 30, String(all.length));
    for (const o of registeredOperations()) {
      assert.equal(notReadProblem(o.client, o.command, o.iamAction), null, `${o.client}:${o.command}`);
    }
  });
  test('is one the registry lists (no operation is defined outside a service, a source or the core)', async () => {
    const listed = new Set<AnyOperation>(await allOperations());
    assert.deepEqual(
      registeredOperations()
        .filter((o) => !listed.has(o))
        .map((o) => `${o.client}:${o.command}`),
      [],
    );
    assert.equal(listed.size, (await allOperations()).length, 'an operation is listed twice');
  });
  test("is in the tests' table of every operation, exactly once", async () => {
    const table = Object.values(OPS) as AnyOperation[];
    assert.equal(new Set(table).size, table.length);
    assert.deepEqual(new Set(table), new Set(await allOperations()));
  });
});
