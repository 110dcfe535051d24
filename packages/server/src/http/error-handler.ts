import type { FastifyError, FastifyInstance } from 'fastify';
import { isProtocolCode } from './api-error';
import type { ErrorCode } from '@switchboard/protocol';
import { ERROR_CODES } from '@switchboard/protocol';

interface Mapped {
  status: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Fastify's own error codes mapped onto the protocol's. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export function mapError(err: unknown): Mapped {
  const e = err as Partial<FastifyError> & { details?: Record<string, unknown> };
  if (isProtocolCode(e.code)) {
    return { status: ERROR_CODES[e.code], code: e.code, message: e.message ?? e.code, ...(e.details ? { details: e.details } : {}) };
  }
  const mapped = e.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) {
    const message =
      mapped === 'MALFORMED_JSON'
        ? 'The request body is not valid JSON'
        : mapped === 'BODY_TOO_LARGE'
          ? 'The request body is too large'
          : mapped === 'UNSUPPORTED_MEDIA_TYPE'
            ? 'Send the request body as application/json'
            : (e.message ?? mapped);
    return { status: ERROR_CODES[mapped], code: mapped, message };
  }
  if (e instanceof SyntaxError) return { status: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' };
  return { status: 500, code: 'INTERNAL', message: 'Internal error' };
}

/** Every error leaves as {error:{code,message,details?}} with the protocol's status for the code. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const m = mapError(err);
    if (m.status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: m.code }, m.message);
    void reply.status(m.status).send({ error: { code: m.code, message: m.message, ...(m.details ? { details: m.details } : {}) } });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });
}
