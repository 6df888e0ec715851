/** Shield's read, with the rule its answers must meet. */
import { GetSubscriptionStateCommand } from '@aws-sdk/client-shield';
import { text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // Shield model, GetSubscriptionState: `SubscriptionState` is a required member.
  getSubscriptionState: op('shield', 'GetSubscriptionStateCommand', 'shield:GetSubscriptionState', (c, i: Input<typeof GetSubscriptionStateCommand>, s) => c.send(new GetSubscriptionStateCommand(i), { abortSignal: s }),
    { fields: { SubscriptionState: text() } }),
} as const;
