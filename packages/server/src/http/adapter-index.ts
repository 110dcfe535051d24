import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The adapter's page with the API origins this server allows besides its own
 * (ALLOWED_API_ORIGINS) in `<meta name="switchboard-api-origins">`: the adapter
 * follows `?api=` only to one of those (adapter-ui/src/api/api-base.ts).
 * Read per request: the page is small and a rebuilt adapter shows at once.
 */
export function registerAdapterIndex(app: FastifyInstance, adapterDir: string, apiOrigins: readonly string[]): void {
  const meta = `<meta name="switchboard-api-origins" content="${escapeAttr(apiOrigins.join(' '))}" />`;
  const serve = async (_req: unknown, reply: FastifyReply) => {
    const html = await readFile(join(adapterDir, 'index.html'), 'utf8');
    const page = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => `${h}\n    ${meta}`) : meta + html;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  };
  app.get('/', serve);
  app.get('/index.html', serve);
}
