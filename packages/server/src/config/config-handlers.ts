import type { ConfigRouteName } from '@switchboard/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigChangesRepo } from '@switchboard/store';
import type { RouteHandlers } from '../http/register-routes';
import { apiError } from '../http/api-error';
import type { ConfigService } from './config-service';

/** Control characters (and lone surrogates) anywhere in an item: refused at the edge, as every other string. */
const CONTROL = /[\p{Cc}\p{Cs}]/u;

function checkStrings(v: unknown, path: string): void {
  if (typeof v === 'string') {
    if (CONTROL.test(v))
      throw apiError('VALIDATION_FAILED', `Invalid body: ${path || 'value'} must not contain control characters`, {
        where: 'body',
        fields: { [path]: 'must not contain control characters' },
      });
  } else if (Array.isArray(v)) v.forEach((x, i) => checkStrings(x, `${path}[${i}]`));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) checkStrings(x, path ? `${path}.${k}` : k);
}

const ifMatch = (req: FastifyRequest): string | undefined => (typeof req.headers['if-match'] === 'string' ? req.headers['if-match'] : undefined);
const etag = (reply: FastifyReply, version: string): void => void reply.header('etag', `"${version}"`).header('cache-control', 'no-store');

/** The configuration routes (protocol's configRoutes). */
export function configHandlers(config: ConfigService, changes: ConfigChangesRepo): Pick<RouteHandlers, ConfigRouteName> {
  return {
    async workspaceConfig({ principal, reply }) {
      const view = await config.view(principal);
      etag(reply, view.version);
      return view;
    },
    async workspaceConfigPut({ principal, params, body, req, reply }) {
      checkStrings(body, '');
      const res = await config.put(principal, params.section, params.itemId, body, ifMatch(req));
      etag(reply, res.version);
      return res;
    },
    async workspaceConfigDelete({ principal, params, req, reply }) {
      const res = await config.remove(principal, params.section, params.itemId, ifMatch(req));
      etag(reply, res.version);
      return res;
    },
    async workspaceConfigObjectPut({ principal, params, body, req, reply }) {
      checkStrings(body, '');
      const res = await config.putObject(principal, params.section, body, ifMatch(req));
      etag(reply, res.version);
      return res;
    },
    async workspaceConfigObjectDelete({ principal, params, req, reply }) {
      const res = await config.removeObject(principal, params.section, ifMatch(req));
      etag(reply, res.version);
      return res;
    },
    async workspaceExport({ reply }) {
      const { text, version } = await config.exportYaml();
      etag(reply, version);
      return reply.type('application/yaml; charset=utf-8').header('content-disposition', 'attachment; filename="workspace.yaml"').send(text);
    },
    async workspaceImport({ principal, body, req, reply }) {
      const res = await config.import(principal, body.yaml, ifMatch(req));
      etag(reply, res.version);
      return res;
    },
    async workspaceConfigChanges({ query }) {
      const rows = await changes.list(query.limit);
      return { rows: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) };
    },
  };
}
