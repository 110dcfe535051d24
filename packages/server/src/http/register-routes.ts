import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { routes, type RouteName, type RouteSpec } from '@switchboard/protocol';
import { parseWith } from './validate';
import { apiError } from './api-error';
import { bearerFrom, type Principal, type TokenService } from '../auth/token-service';

type Spec<K extends RouteName> = (typeof routes)[K];
type Part<S, P extends 'body' | 'params' | 'query'> = S extends { [k in P]: infer T extends z.ZodType } ? z.output<T> : undefined;

export interface RouteContext<K extends RouteName> {
  body: Part<Spec<K>, 'body'>;
  params: Part<Spec<K>, 'params'>;
  query: Part<Spec<K>, 'query'>;
  /** Null only on public routes. */
  principal: Spec<K>['auth'] extends 'public' ? null : Principal;
  req: FastifyRequest;
  reply: FastifyReply;
}

export type RouteHandlers = {
  [K in RouteName]: (ctx: RouteContext<K>) => Promise<z.input<Spec<K>['response']>>;
};

/**
 * Registers exactly the protocol's routes table: auth and role from `auth`,
 * body/params/query parsed with the route's own (strict) zod schemas.
 */
export function registerRoutes(app: FastifyInstance, tokens: TokenService, handlers: RouteHandlers): void {
  for (const [name, r] of Object.entries(routes) as Array<[RouteName, RouteSpec]>) {
    const handler = handlers[name] as (ctx: RouteContext<RouteName>) => Promise<unknown>;
    app.route({
      method: r.method,
      url: r.path,
      ...(r.bodyLimit ? { bodyLimit: r.bodyLimit } : {}),
      handler: async (req, reply) => {
        let principal: Principal | null = null;
        if (r.auth !== 'public') {
          principal = await tokens.verify(bearerFrom(req.headers.authorization));
          if (!r.auth.includes(principal.role)) {
            throw apiError('FORBIDDEN', `This needs the role ${r.auth.join(' or ')}; you are ${principal.role}`);
          }
        }
        const ctx = {
          body: r.body ? parseWith(r.body, req.body, 'body') : undefined,
          params: r.params ? parseWith(r.params, req.params, 'params') : undefined,
          query: r.query ? parseWith(r.query, req.query, 'query') : undefined,
          principal,
          req,
          reply,
        } as RouteContext<RouteName>;
        return handler(ctx);
      },
    });
  }
}
