import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { join } from 'node:path';
import { requireTool, tempDir } from '@switchboard/testkit';
import { DEMO_CALLER_ID } from '@switchboard/server';
import { FAKE_SCRIPTS, type HarnessCrm } from './crm-fakes';
import { ZAF_APP_GUID, ZAF_HOST_SCRIPT, ZAF_SDK_PATH, zafSdkScript } from './zaf-host';

/** The caller of the inbound calls: the demo caller (a simulated customer in the browser) presents this number. */
export const CALLER_NUMBER = DEMO_CALLER_ID;

/** The caller's record in each CRM (the harness answers every search with it). */
export const CALLER_RECORD = {
  salesforce: { id: '0035g00000AbCdEAAZ', name: 'Abel Tuter', type: 'Contact' },
  dynamics: { id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Abel Tuter', type: 'contact' },
  servicenow: { id: 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1', name: 'Abel Tuter', type: 'sys_user' },
  zendesk: { id: '1001', name: 'Abel Tuter', type: 'user' },
} as const;

export const CRM_LABEL: Record<HarnessCrm, string> = { salesforce: 'Salesforce', dynamics: 'Dynamics 365', servicenow: 'ServiceNow', zendesk: 'Zendesk' };
/**
 * The Zendesk account the app is installed in (its origin is a CRM origin: the CSP then allows
 * Zendesk's CDN). The harness serves Zendesk's page on it: the ZAF SDK posts only to the origin
 * its URL names and takes messages only from it.
 */
export const ZENDESK_ORIGIN = 'https://acme.zendesk.com';
const ZENDESK_HOST = new URL(ZENDESK_ORIGIN).host;
export const ZAF_HOST = 'static.zdassets.com';
export const SN_USER = 'switchboard.integration';
export const SN_PASSWORD = 'harness-secret';

/** One call the adapter made to the CRM's script, as the harness page recorded it. */
export interface RecordedCall {
  method: string;
  args: unknown;
}

/** The harness page's side of the fakes' wire (crm-fakes.ts): records each call, answers it, or fails or hangs on demand. */
const FAKES_WIRE_HOST = `
  addEventListener('message', function (e) {
    var m = e.data;
    if (e.source !== frame.contentWindow || !m || m.harness !== 1 || !m.method) return;
    record(m.method, m.args);
    if (hits(HANG, m)) return; // ?hang=method: the CRM never answers
    // ?fail=method: CIF's promise rejects with an Error.
    if (CRM !== 'salesforce' && hits(FAIL, m)) {
      frame.contentWindow.postMessage({ harness: 1, id: m.id, error: 'Harness refused ' + m.method }, '*');
      return;
    }
    frame.contentWindow.postMessage({ harness: 1, id: m.id, result: answer(m.method, m.args) }, '*');
  });
`;

/**
 * The harness page: a CRM window (the record area) with the adapter in its softphone iframe.
 * It records every call the adapter's bridge makes with its arguments (`harness.calls`) and
 * answers in the CRM's shape: from the fakes' wire (crm-fakes.ts), or for Zendesk as Zendesk's
 * top window speaking the real ZAF SDK's postMessage protocol (zaf-host.ts), where anything off
 * the protocol lands in `harness.violations`.
 */
function harnessPage(crm: HarnessCrm, adapterUrl: string, faults: { fail: string | null; hang: string | null }): string {
  const rec = CALLER_RECORD[crm];
  return `<!doctype html><html><head><meta charset="utf-8"><title>${CRM_LABEL[crm]} (harness)</title>
<style>
body{margin:0;font:14px system-ui,sans-serif;background:#f3f2f2;color:#181818;display:grid;grid-template-columns:1fr 340px;grid-template-rows:44px 1fr;height:100vh}
header{grid-column:1/3;background:#032d60;color:#fff;display:flex;align-items:center;padding:0 16px;font-weight:600;gap:12px}
header small{font-weight:400;opacity:.8}
main{padding:16px;overflow:auto}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin-bottom:12px}
.card h2{font-size:15px;margin:0 0 8px}
#log{font:12px ui-monospace,monospace;margin:0;padding-left:32px;max-height:340px;overflow:auto}
aside{border-left:1px solid #ccc;background:#fff}
iframe{border:0;width:340px;height:100%;min-height:600px}
</style></head><body>
<header>${CRM_LABEL[crm]} <small>conformance harness: ${crm === 'zendesk' ? 'the real ZAF SDK, this page speaks its protocol' : "the CRM's script is a recording fake"}</small></header>
<main>
  <div class="card"><h2>Record</h2><div id="record">No record open</div></div>
  <div class="card"><h2>Phone numbers</h2><a href="#" id="click-number">+61 491 570 110</a></div>
  <div class="card"><h2>Calls from the adapter</h2><ol id="log"></ol></div>
</main>
<aside><iframe id="adapter" title="Switchboard" src="${adapterUrl}" allow="microphone"></iframe></aside>
<script>
(function () {
  var CRM = ${JSON.stringify(crm)}, REC = ${JSON.stringify(rec)}, FAIL = ${JSON.stringify(faults.fail)}, HANG = ${JSON.stringify(faults.hang)};
  var calls = [], violations = [], frame = document.getElementById('adapter');
  function show(text) { document.getElementById('record').textContent = text; }
  function record(method, args) {
    calls.push({ method: method, args: args });
    var li = document.createElement('li'); li.textContent = method; document.getElementById('log').appendChild(li);
  }
  function ok(v) { return { success: true, returnValue: v, errors: null }; }
  function answer(method, args) {
    // Faults on demand (?fail=method, Salesforce's error shape): the adapter must say so and carry on.
    if (CRM === 'salesforce' && hits(FAIL, { method: method, args: [args] })) return { success: false, returnValue: null, errors: [{ description: 'Harness refused ' + method }] };
    if (CRM === 'salesforce') {
      if (method === 'searchAndScreenPop') { show('Screen pop: ' + REC.name + ' (Contact ' + REC.id + ')'); var r = {}; r[REC.id] = { Id: REC.id, Name: REC.name, RecordType: 'Contact' }; return ok(r); }
      if (method === 'saveLog') { show('Task saved: ' + args.value.Subject); return ok({ recordId: '00T5g00000LoGgEDAA' }); }
      return ok(null);
    }
    if (CRM === 'dynamics') {
      if (method === 'searchAndOpenRecords') { show('Opened contact: ' + REC.name); return JSON.stringify({ 0: { contactid: REC.id, fullname: REC.name } }); }
      if (method === 'createRecord') { show('Phone call saved: ' + JSON.parse(args[1]).subject); return JSON.stringify({ id: 'c0c0c0c0-0000-4000-8000-000000000001', entityName: 'phonecall' }); }
      if (method === 'addHandler') return true;
      return null;
    }
    if (CRM === 'servicenow') {
      if (method === 'openServiceNowForm') show('Form: ' + args[0].entity + ' ' + args[0].query);
      return method === 'init' ? {} : null;
    }
    if (method === 'get') return args[0] === 'currentUser' ? { currentUser: { id: 901, name: 'Alice Agent', role: 'agent' } } : args[0] === 'instances' ? { instances: {} } : null;
    if (method === 'invoke' && args[0] === 'popover') show('App ' + args[1]);
    if (method === 'request') {
      var url = args[0].url;
      if (url.indexOf('/api/v2/search.json') === 0) return { results: [{ id: Number(REC.id), name: REC.name }] };
      if (url.indexOf('/display.json') > 0) { show('Talk display: user ' + REC.name); return {}; }
      if (url === '/api/v2/channels/voice/tickets.json') { show('Voice ticket #5001 created'); return { ticket: { id: 5001 } }; }
      return {};
    }
    return null;
  }
  // A fault names a method, or method:url-prefix for one kind of request (ZAF's client.request).
  function hits(spec, m) {
    if (!spec) return false;
    if (spec === m.method) return true;
    var url = m.args && m.args[0] && m.args[0].url;
    return spec.indexOf(m.method + ':') === 0 && typeof url === 'string' && url.indexOf(spec.slice(m.method.length + 1)) === 0;
  }
${crm === 'zendesk' ? ZAF_HOST_SCRIPT : FAKES_WIRE_HOST}
  function send(event, payload) { frame.contentWindow.postMessage({ harness: 1, event: event, payload: payload }, '*'); }
  window.harness = {
    calls: calls,
    violations: violations,
    /** A phone number clicked in the CRM, in the CRM's own event shape. */
    clickToDial: function (number) {
      if (CRM === 'salesforce') send('clickToDial', { number: number, recordId: REC.id, recordName: REC.name, objectType: 'Contact' });
      else if (CRM === 'dynamics') send('onclicktoact', JSON.stringify({ value: number, name: REC.name, format: 'Phone', entityLogicalName: 'contact', entityId: '{' + REC.id + '}' }));
      else if (CRM === 'servicenow') send('openframe_communication_event', { type: 'OUTGOING_CALL', data: { metaData: { phoneNumber: number } } });
      else zafEvent('voice.dialout', { number: number });
    }
  };
  document.getElementById('click-number').addEventListener('click', function (e) { e.preventDefault(); window.harness.clickToDial(e.target.textContent.replace(/\\s/g, '')); });
})();
</script></body></html>`;
}

export interface CrmHarness {
  /** http://localhost:<port>: the CRM's origin (Salesforce org, Dynamics org, ServiceNow instance). */
  origin: string;
  /** The same server as the Switchboard server reaches it (the ServiceNow instance's Table API). */
  loopbackOrigin: string;
  /** Chromium flags: Zendesk's CDN and account hosts answered by the harness over HTTPS. */
  chromiumArgs: string[];
  /** The harness page for a CRM, framing the adapter served at `adapterBase` (Zendesk's on ZENDESK_ORIGIN). */
  pageUrl(crm: HarnessCrm): string;
  /** The adapter's URL inside that CRM (what the admin configures). */
  adapterUrl(crm: HarnessCrm, adapterBase: string): string;
  /** Table API writes the ServiceNow instance received. */
  tableWrites: Array<{ table: string; body: Record<string, string> }>;
  tableReads: string[];
  scriptRequests: string[];
  close(): Promise<void>;
}

/** The harness: one HTTP server for the CRM pages, scripts and ServiceNow's Table API, one HTTPS server for Zendesk's CDN. */
export async function startCrmHarness(o: { port: number; httpsPort: number; adapterBase: () => string }): Promise<CrmHarness> {
  requireTool('openssl');
  const dir = tempDir('crm-harness');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const san = `subjectAltName=DNS:${ZAF_HOST},DNS:${ZENDESK_HOST}`;
  const openssl = [...'req -x509 -newkey rsa:2048 -nodes -days 2'.split(' '), '-keyout', key, '-out', cert, '-subj', `/CN=${ZAF_HOST}`, '-addext', san];
  execFileSync('openssl', openssl, { stdio: 'ignore' });
  const zafSdk = zafSdkScript();
  const origin = `http://localhost:${o.port}`;
  const tableWrites: CrmHarness['tableWrites'] = [];
  const tableReads: string[] = [];
  const scriptRequests: string[] = [];
  let missingScript: string | null = null;
  let tableFaults: { fail: string | null; hang: string | null } = { fail: null, hang: null };
  const adapterUrl = (crm: HarnessCrm, base: string): string => {
    const q =
      crm === 'salesforce'
        ? `crm=salesforce&sfdcIframeOrigin=${encodeURIComponent(origin)}&mode=Lightning`
        : crm === 'dynamics'
          ? `crm=dynamics&crmOrigin=${encodeURIComponent(origin)}`
          : crm === 'servicenow'
            ? `crm=servicenow&snInstance=${encodeURIComponent(origin)}`
            : `crm=zendesk&origin=${encodeURIComponent(ZENDESK_ORIGIN)}&app_guid=${ZAF_APP_GUID}`;
    return `${base}/?${q}`;
  };

  const js = (res: ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const page = /^\/(salesforce|dynamics|servicenow|zendesk)$/.exec(url.pathname)?.[1] as HarnessCrm | undefined;
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      // ?adapter=<query> adds to the adapter's URL (e.g. an Open CTI version that does not exist).
      const extra = url.searchParams.get('adapter');
      const faults = { fail: url.searchParams.get('fail'), hang: url.searchParams.get('hang') };
      // Until the next page: ?noscript=1 answers the CRM's script with a 404, ?tableFail=get and
      // ?tableHang=post break ServiceNow's Table API.
      missingScript = url.searchParams.has('noscript') ? page : null;
      tableFaults = { fail: url.searchParams.get('tableFail'), hang: url.searchParams.get('tableHang') };
      res.end(harnessPage(page, adapterUrl(page, o.adapterBase()) + (extra ? `&${extra}` : ''), faults));
      return;
    }
    for (const [crm, s] of Object.entries(FAKE_SCRIPTS)) {
      if (s.path === url.pathname) {
        scriptRequests.push(url.pathname);
        if (crm === missingScript) return void res.writeHead(404).end('not found');
        return js(res, s.js);
      }
    }
    // ServiceNow's REST Table API (the server calls it with SERVICENOW_USER / _PASSWORD).
    const table = /^\/api\/now\/table\/([a-z_]+)$/.exec(url.pathname)?.[1];
    if (table) {
      const expected = `Basic ${Buffer.from(`${SN_USER}:${SN_PASSWORD}`).toString('base64')}`;
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== expected) {
        res.writeHead(401).end(JSON.stringify({ error: { message: 'User Not Authenticated' }, status: 'failure' }));
        return;
      }
      if (req.method === 'GET') {
        tableReads.push(`${table}?${url.searchParams.get('sysparm_query')}`);
        const digits = /phoneLIKE(\d+)/.exec(url.searchParams.get('sysparm_query') ?? '')?.[1] ?? '';
        const rec = CALLER_RECORD.servicenow;
        if (tableFaults.fail === 'get') {
          res.writeHead(500).end(JSON.stringify({ error: { message: 'Harness: the instance is down', detail: null }, status: 'failure' }));
          return;
        }
        const result = digits && CALLER_NUMBER.endsWith(digits) ? [{ sys_id: rec.id, name: rec.name }] : [];
        res.writeHead(200).end(JSON.stringify({ result }));
        return;
      }
      let text = '';
      for await (const c of req) text += c;
      // ?tableHang=post: the instance takes the write and never answers (the server's timeout ends it).
      if (tableFaults.hang === 'post') return;
      tableWrites.push({ table, body: JSON.parse(text) as Record<string, string> });
      res.writeHead(201).end(JSON.stringify({ result: { sys_id: `b${String(tableWrites.length).padStart(31, '0')}` } }));
      return;
    }
    res.writeHead(404).end('not found');
  };
  const http: Server = createServer((req, res) => void handle(req, res));
  // Zendesk's CDN (the real ZAF SDK) and the Zendesk account's pages, over TLS.
  const https: HttpsServer = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    if (req.headers.host !== ZAF_HOST) return void handle(req, res);
    const path = new URL(req.url ?? '/', `https://${ZAF_HOST}`).pathname;
    if (path === ZAF_SDK_PATH) {
      scriptRequests.push(`https://${ZAF_HOST}${path}`);
      if (missingScript === 'zendesk') return void res.writeHead(404).end('not found');
      return js(res, zafSdk);
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => http.listen(o.port, '127.0.0.1', () => r()));
  await new Promise<void>((r) => https.listen(o.httpsPort, '127.0.0.1', () => r()));
  return {
    origin,
    loopbackOrigin: `http://127.0.0.1:${o.port}`,
    // localhost is the harness (a secure context like the server's 127.0.0.1); Zendesk's CDN and account are too, over TLS.
    chromiumArgs: [
      `--host-resolver-rules=MAP localhost 127.0.0.1, MAP ${ZAF_HOST} 127.0.0.1:${o.httpsPort}, MAP ${ZENDESK_HOST} 127.0.0.1:${o.httpsPort}`,
      '--ignore-certificate-errors',
    ],
    pageUrl: (crm) => (crm === 'zendesk' ? `${ZENDESK_ORIGIN}/zendesk` : `${origin}/${crm}`),
    adapterUrl,
    tableWrites,
    tableReads,
    scriptRequests,
    async close() {
      http.closeAllConnections();
      https.closeAllConnections();
      await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => https.close(r))]);
    },
  };
}
