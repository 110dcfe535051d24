import type { OpenFrameApi } from '../src/servicenow/openframe';

/** ServiceNow's openFrameAPI as documented, recording each call (test fixture only). */
export function fakeOpenFrame(o: { failInit?: string } = {}) {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const subs = new Map<string, (c: unknown) => void>();
  const api: OpenFrameApi = {
    EVENTS: { COMMUNICATION_EVENT: 'openframe_communication_event' },
    init: (config, ok, fail) => {
      calls.push({ method: 'init', args: [config] });
      queueMicrotask(() => (o.failInit ? fail({ message: o.failInit }) : ok({})));
    },
    subscribe: (event, h) => {
      calls.push({ method: 'subscribe', args: [event] });
      subs.set(event, h);
    },
    openServiceNowForm: (a) => void calls.push({ method: 'openServiceNowForm', args: [a] }),
    show: () => void calls.push({ method: 'show', args: [] }),
    hide: () => void calls.push({ method: 'hide', args: [] }),
    setSize: (w, h) => void calls.push({ method: 'setSize', args: [w, h] }),
    setTitle: (t) => void calls.push({ method: 'setTitle', args: [t] }),
    setSubtitle: (t) => void calls.push({ method: 'setSubtitle', args: [t] }),
  };
  return { api, calls, communication: (context: unknown) => subs.get('openframe_communication_event')?.(context) };
}
