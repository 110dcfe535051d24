import { z } from 'zod';
import { routes, EVENTS_PATH, type RouteSpec } from './routes';
import { errorBodySchema } from './error-codes';
import { ERROR_CODE_LIST } from './error-code-list';
import { clientMessageSchema, serverMessageSchema } from './events';

const toSchema = (s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;

/** Builds the OpenAPI 3.1 document from the same zod schemas that validate requests. */
export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, r] of Object.entries(routes) as Array<[string, RouteSpec]>) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [p, ps] of Object.entries(js.properties ?? {})) {
        parameters.push({ name: p, in: where, required: where === 'path' || (js.required ?? []).includes(p), schema: ps });
      }
    }
    const op: Record<string, unknown> = {
      operationId: name,
      summary: r.summary,
      parameters,
      responses: {
        '200': r.produces
          ? { description: 'OK', content: { [r.produces]: { schema: { type: 'string', format: 'binary' } } } }
          : { description: 'OK', content: { 'application/json': { schema: toSchema(r.response, 'output') } } },
        default: { description: 'Error', content: { 'application/json': { schema: toSchema(errorBodySchema, 'output') } } },
      },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } };
    if (r.auth !== 'public') {
      op.security = [{ bearer: [] }];
      op['x-roles'] = r.auth;
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  paths[EVENTS_PATH] = {
    get: {
      operationId: 'events',
      summary: 'WebSocket event stream. Send hello {token, clientId, lastSeq?}; receive a snapshot, then ordered events.',
      responses: { '101': { description: 'Switching to WebSocket' } },
      'x-client-messages': toSchema(clientMessageSchema, 'input'),
      'x-server-messages': toSchema(serverMessageSchema, 'output'),
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Switchboard API', version },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      // Every code an error body may carry (the server adds the status each travels with).
      schemas: { ErrorCode: { type: 'string', enum: [...ERROR_CODE_LIST] } },
    },
    paths,
  };
}
