/**
 * The four statuses a check result can have. A leaf module (no service knowledge): the HTML report's
 * browser script shares these types.
 */
import * as z from 'zod';

export const STATUSES = ['pass', 'fail', 'not_applicable', 'unknown'] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;
