/**
 * What the finding says of Amazon Macie as a whole: after its checks' sentences, whether the buckets may
 * hold personal data, which only the client can say (`--answer personal-data=yes|no`; "no" waives
 * macie.enabled, so the service has nothing to say).
 */
import { paragraph, text } from '../../finding/document.js';
import { join, prose, review } from '../../finding/prose.js';
import type { ServiceProse } from '../types.js';

export const macieProse: ServiceProse = {
  arrange(ctx, sentences) {
    const personal =
      ctx.answers['personal-data'] === 'yes'
        ? text('The client indicated that these buckets may hold personal or otherwise sensitive data.')
        : review(
            'question',
            prose`Could these buckets hold personal or otherwise sensitive data?`,
            prose`Ask the client: Macie earns its cost where buckets may hold personal data. If none can, drop this subsection (--answer personal-data=no); if some can, --answer personal-data=yes.`,
          );
    return [paragraph(join(sentences), text(' '), personal)];
  },
};
