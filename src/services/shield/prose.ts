/**
 * What the finding says of AWS Shield Advanced as a whole: after its check's sentence, the option of
 * subscribing, which the consultant keeps or drops (`--answer shield-advanced=keep|drop`; "drop" waives
 * shield.advanced, so the service has nothing to say). With a subscription, the sentences of the Shield
 * Advanced checks (protections, mitigation, engagement, renewal) stand alone.
 */
import { paragraph, text } from '../../finding/document.js';
import { join, prose, review } from '../../finding/prose.js';
import type { ServiceProse } from '../types.js';

export const shieldProse: ServiceProse = {
  arrange(ctx, sentences) {
    // The option of subscribing follows only the sentence saying there is no subscription.
    const unsubscribed = ctx.a
      .forService('shield')
      .some((r) => r.checkId === 'shield.advanced' && r.status === 'fail');
    if (!unsubscribed) return [paragraph(join(sentences))];
    const option = prose`Shield Advanced could be considered for the most exposed resources, for tailored DDoS detection, cost protection during attacks and access to the AWS Shield Response Team.`;
    return [
      paragraph(
        join(sentences),
        text(' '),
        ctx.answers['shield-advanced'] === 'keep'
          ? option
          : review(
              'option',
              option,
              prose`Shield Advanced has a high monthly fee and a one-year commitment: keep this only if the client’s exposure justifies it (--answer shield-advanced=keep or =drop).`,
            ),
      ),
    ];
  },
};
