import type { CifFramework } from '../src/dynamics/cif';

/** Dynamics 365's Microsoft.CIFramework as documented (JSON strings in and out), recording each call (test fixture only). */
export function fakeCif(o: { contacts?: Array<{ contactid: string; fullname: string }>; failCreate?: string } = {}) {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const handlers = new Map<string, (json: string) => Promise<unknown>>();
  const rec = <T>(method: string, args: unknown[], value: T): Promise<T> => {
    calls.push({ method, args });
    return Promise.resolve(value);
  };
  const cif: CifFramework = {
    searchAndOpenRecords: (e, q, s) => rec('searchAndOpenRecords', [e, q, s], JSON.stringify(Object.fromEntries((o.contacts ?? []).map((c, i) => [String(i), c])))),
    openForm: (opts, params) => rec('openForm', params === undefined ? [opts] : [opts, params], '{}'),
    createRecord: (e, data) => {
      calls.push({ method: 'createRecord', args: [e, data] });
      return o.failCreate ? Promise.reject(new Error(o.failCreate)) : Promise.resolve(JSON.stringify({ id: 'pc-1', entityName: e }));
    },
    setClickToAct: (v) => rec('setClickToAct', [v], undefined),
    addHandler: (name, h) => {
      handlers.set(name, h);
      return rec('addHandler', [name], true);
    },
    setMode: (m) => rec('setMode', [m], undefined),
    setWidth: (w) => rec('setWidth', [w], undefined),
  };
  return { cif, calls, fire: (name: string, payload: unknown) => handlers.get(name)?.(JSON.stringify(payload)) };
}
