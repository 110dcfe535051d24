import { z } from 'zod';
import { ERROR_CODE_LIST } from './error-code-list';

/** protocol's error codes (error-code-list.ts) as a schema, and the body every error leaves in. */
export const errorCodeSchema = z.enum(ERROR_CODE_LIST);

export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
