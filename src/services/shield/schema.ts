/** Shield's part of the evidence (AccountEvidence.shield): the Shield Advanced subscription. */
import * as z from 'zod';
import { observed, str } from '../../evidence/observed.js';

export const ShieldEvidenceSchema = observed(z.object({ subscriptionState: str })); // ACTIVE | INACTIVE
export type ShieldEvidence = z.infer<typeof ShieldEvidenceSchema>;
