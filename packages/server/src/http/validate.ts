import type { z } from 'zod';
import { apiError } from './api-error';

/**
 * Parses one part of a request with the route's zod schema (the same schema
 * the OpenAPI document is built from). A failure is 400 VALIDATION_FAILED
 * naming every bad field, e.g. {fields: {"command.reasonId": "Required"}}.
 */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'params' | 'query'): T {
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) fields[[...issue.path, k].join('.')] = 'Unknown field';
      continue;
    }
    const key = issue.path.length ? issue.path.join('.') : where;
    fields[key] ??= issue.message;
  }
  const names = Object.keys(fields);
  throw apiError('VALIDATION_FAILED', `Invalid ${where}: ${names.join(', ')}`, { where, fields });
}
