import type { z } from 'zod';
import type { Role } from './auth';

/** One REST route: the server registers it and validates with its schemas; the OpenAPI document is built from it. */
export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify-style path (`:param`). */
  readonly path: string;
  readonly summary: string;
  /** Roles allowed; 'public' needs no token. */
  readonly auth: 'public' | readonly Role[];
  readonly body?: z.ZodType;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly response: z.ZodType;
  /** A non-JSON answer's media type (a WAV, a CSV); the OpenAPI document says so. */
  readonly produces?: string;
  /** A body larger than BODY_LIMIT_BYTES this route takes (a whole workspace file). */
  readonly bodyLimit?: number;
}
