import type { ZafClient } from '../src/zendesk/zaf';

/** A ZAF client as documented, recording each call (test fixture only). */
export function fakeZaf(o: { users?: Array<{ id: number; name: string }>; agentId?: number; failRequest?: string; unanswered?: 'get' | 'invoke' } = {}) {
  // What the real SDK 2.0 settles an unanswered get or invoke with, after 5 s: it *resolves* with this.
  const timeout = (name: string, params: unknown[]) => ({ name: 'TimeoutError', message: `Timeout when invoking "${name}"`, invocationName: name, paramsArray: params });
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const handlers = new Map<string, Array<(d: unknown) => void>>();
  const triggered: Array<{ guid: string; event: string; data: unknown }> = [];
  const make = (guid: string): ZafClient => ({
    get: async (path) => {
      calls.push({ method: 'get', args: [path] });
      if (o.unanswered === 'get') return timeout('get', [path]) as unknown as Record<string, unknown>;
      if (path === 'currentUser') return { currentUser: { id: o.agentId ?? 7, name: 'Alice' } };
      if (path === 'instances') return { instances: { 'g-top': { location: 'top_bar' }, 'g-bg': { location: 'background' } } };
      return {};
    },
    invoke: async (name, ...args) => {
      calls.push({ method: 'invoke', args: [name, ...args] });
      return o.unanswered === 'invoke' ? timeout('invoke', [name]) : undefined;
    },
    on: (event, h) => {
      calls.push({ method: 'on', args: [event] });
      handlers.set(event, [...(handlers.get(event) ?? []), h]);
    },
    trigger: (event, data) => void triggered.push({ guid, event, data }),
    instance: (g) => make(g),
    request: async <T>(opts: { url: string; type?: string; data?: string }) => {
      calls.push({ method: 'request', args: [opts] });
      if (o.failRequest && opts.url.includes(o.failRequest)) throw Object.assign(new Error('403 Forbidden'), { status: 403 });
      if (opts.url.startsWith('/api/v2/search.json')) return { results: o.users ?? [] } as T;
      if (opts.url === '/api/v2/channels/voice/tickets.json') return { ticket: { id: 901 } } as T;
      return {} as T;
    },
  });
  return { client: make('self'), calls, triggered, emit: (event: string, data: unknown) => handlers.get(event)?.forEach((h) => h(data)) };
}
