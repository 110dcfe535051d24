import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isErrorCode, type ErrorCode } from '@switchboard/protocol';
import { CLIENT_CODE_OF, STATUS_BY_CODE } from './error-status';

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
  // A path outside the adapter's folder (`/../x`, `/%2e%2e/…`): there is nothing there, and no failure on our side.
  FST_STATIC_FORBIDDEN_PATH: 'NOT_FOUND',
  // A path that is not valid percent-encoded UTF-8 (`/%c0%ae…`).
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
  FST_ERR_MAX_PARAM_LENGTH: 'VALIDATION_FAILED',
};

const MESSAGES: Partial<Record<string, string>> = {
  FST_STATIC_FORBIDDEN_PATH: 'Not found',
  FST_ERR_BAD_URL: 'The request path is not a valid URL',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is too long',
};

const INTERNAL: Mapped = { status: STATUS_BY_CODE.INTERNAL, code: 'INTERNAL', message: 'Internal error' };

/** A package's own code (TEL_…, SIP_…, DIALER_…), if it is one the table maps. */
function packageCode(code: unknown): ErrorCode | undefined {
  return typeof code === 'string' && Object.hasOwn(CLIENT_CODE_OF, code) ? CLIENT_CODE_OF[code as keyof typeof CLIENT_CODE_OF] : undefined;
}

/** Any error, ours or Fastify's, as protocol's code with the status the one table gives it. */
export function mapError(err: unknown): Mapped {
  const e = err as Partial<FastifyError> & { details?: Record<string, unknown> };
  if (isErrorCode(e.code)) {
    return { status: STATUS_BY_CODE[e.code], code: e.code, message: e.message ?? e.code, ...(e.details ? { details: e.details } : {}) };
  }
  const fromPackage = packageCode(e.code);
  if (fromPackage === 'INTERNAL') return INTERNAL;
  if (fromPackage) return { status: STATUS_BY_CODE[fromPackage], code: fromPackage, message: e.message ?? fromPackage };
  const mapped = e.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) {
    const message =
      mapped === 'MALFORMED_JSON'
        ? 'The request body is not valid JSON'
        : mapped === 'BODY_TOO_LARGE'
          ? 'The request body is too large'
          : mapped === 'UNSUPPORTED_MEDIA_TYPE'
            ? 'Send the request body as application/json'
            : (MESSAGES[e.code!] ?? e.message ?? mapped);
    return { status: STATUS_BY_CODE[mapped], code: mapped, message };
  }
  if (e instanceof SyntaxError) return { status: STATUS_BY_CODE.MALFORMED_JSON, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' };
  // Any other client error a plugin raises (its statusCode says so) is the client's, not ours: no 500, no stack.
  const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
  if (status === 404 || status === 403 || status === 405) return { status: STATUS_BY_CODE.NOT_FOUND, code: 'NOT_FOUND', message: 'Not found' };
  if (status >= 400 && status < 500) return { status: STATUS_BY_CODE.VALIDATION_FAILED, code: 'VALIDATION_FAILED', message: 'The request is not valid' };
  return INTERNAL;
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
    void reply.status(STATUS_BY_CODE.NOT_FOUND).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (a path that is
 * not valid UTF-8) get the API's shape too, rather than Fastify's own.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const m = mapError(err);
  req.log.info({ code: m.code, fastifyCode: err.code }, m.message);
  void reply.status(m.status).send({ error: { code: m.code, message: m.message } });
}
