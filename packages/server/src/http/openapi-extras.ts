import { routes } from '@switchboard/protocol';
import { STATUS_BY_CODE } from './error-status';

/**
 * The command route takes an optional X-Client-Id header (which tab sent it,
 * for session ownership); protocol's route table has no header slot, so the
 * server adds the parameter to the document it serves.
 */
export function documentClientIdHeader(doc: Record<string, unknown>): Record<string, unknown> {
  const paths = doc.paths as Record<string, Record<string, { parameters?: unknown[] }>>;
  const op = paths[routes.agentCommand.path]?.post;
  op?.parameters?.push({
    name: 'X-Client-Id',
    in: 'header',
    required: false,
    description:
      'The tab sending the command (the clientId of its event-stream hello). When a tab owns the session, ' +
      'commands from any other client, or with no X-Client-Id, get 409 NOT_SESSION_OWNER; with no owner tab connected, any client may act.',
    schema: { type: 'string', minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' },
  });
  return doc;
}

/**
 * protocol's document lists the error codes; which HTTP status each travels with is the
 * server's (its error table), so the server writes it into the document it serves.
 */
export function documentErrorStatuses(doc: Record<string, unknown>): Record<string, unknown> {
  const schemas = (doc.components as { schemas?: Record<string, Record<string, unknown>> } | undefined)?.schemas;
  const errorCode = schemas?.ErrorCode;
  if (errorCode) {
    errorCode['x-status-by-code'] = { ...STATUS_BY_CODE };
    errorCode.description = 'The HTTP status of each code is in x-status-by-code.';
  }
  return doc;
}
