import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';

/**
 * Zendesk's side of the ZAF SDK, for the conformance harness: the real SDK (the npm package
 * `zendesk_app_framework_sdk`, a root devDependency) built the way its Gruntfile builds the CDN's
 * zaf_sdk.min.js (one browser bundle exporting the global `ZAFClient`), and the host page's half
 * of the postMessage protocol the SDK speaks (lib/client.js), as a script for the harness page.
 */

/** Where Zendesk's CDN serves the SDK (the bridge's ZAF_SDK_URL, on https://static.zdassets.com). */
export const ZAF_SDK_PATH = '/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js';
/** The app's installation guid, passed as `app_guid` in the app's URL. */
export const ZAF_APP_GUID = '0f2c6a52-7d4e-4a8e-9c9d-3a1b2c3d4e5f';

let built: string | undefined;

/** The SDK's lib/index.js bundled for the browser (the npm package ships only the CommonJS sources). */
export function zafSdkScript(): string {
  if (built !== undefined) return built;
  const entry = createRequire(import.meta.url).resolve('zendesk_app_framework_sdk');
  const out = buildSync({ entryPoints: [entry], bundle: true, format: 'iife', globalName: 'ZAFClient', platform: 'browser', minify: true, write: false, logLevel: 'silent' });
  built = out.outputFiles[0]!.text;
  if (!built.includes('iframe.handshake')) throw new Error(`the ZAF SDK built from ${entry} has no handshake: not the SDK this harness speaks to`);
  return built;
}

/**
 * The harness page's ZAF host (the Zendesk "top window"), as page script text. It expects, in
 * scope: `frame` (the app's iframe), `record(method, args)`, `answer(method, args)` (the result
 * of a get or request), `hits(spec, call)`, `FAIL`, `HANG`, `violations` (protocol errors the
 * test asserts are none). It defines `zafEvent(name, data)` for CRM events (Talk's dial-out).
 *
 * The protocol (lib/client.js): the app posts JSON strings to its parent with the `origin` of
 * its URL as target origin, and takes only messages from its parent on that origin.
 *  - `{key: 'iframe.handshake', message: {version}, appGuid, instanceGuid}`; the app queues all
 *    else until the host answers `{key: 'zaf.app.registered', message: {metadata, context}}`.
 *  - get / set / invoke: `{id, request: 'get'|'set'|'invoke', params, appGuid, instanceGuid}`
 *    (get's params a list of paths, set's an object, invoke's `{name: [args]}`), answered
 *    `{id, result}` (per-path failures in `result.errors[path]`) or `{id, error: {name, message}}`.
 *  - `{key: 'iframe.on:<event>', message: {subscriberCount}}` subscribes; the host then sends
 *    `{key: 'zaf.<event>', message: data}`. `iframe.off:<event>` and `iframe.trigger:<event>` too.
 *  - request: the app subscribes to `request:<n>.done` and `.fail`, then posts
 *    `{key: 'request:<n>', message: options}`; the host answers with the event
 *    `zaf.request:<n>.done` `{responseArgs: [data, textStatus, jqXHR]}` or `.fail`
 *    `{responseArgs: [jqXHR, textStatus, errorThrown]}` (the SDK resolves / rejects with the first).
 */
export const ZAF_HOST_SCRIPT = `
  var APP_GUID = ${JSON.stringify(ZAF_APP_GUID)}, appOrigin = new URL(frame.src).origin, subscribed = {};
  function zafPost(msg) { frame.contentWindow.postMessage(JSON.stringify(msg), appOrigin); }
  function zafEvent(name, data) {
    if (!subscribed[name]) { violations.push('event ' + name + ' sent with no subscriber'); return; }
    zafPost({ key: 'zaf.' + name, message: data });
  }
  var CONTEXT = { host: 'support', product: 'support', location: 'top_bar', instanceGuid: APP_GUID, account: { subdomain: 'acme' } };
  var METADATA = { appId: 0, installationId: 42, name: 'Switchboard', version: '1.0.0', settings: { title: 'Switchboard' } };
  var registered = false;
  addEventListener('message', function (e) {
    if (e.source !== frame.contentWindow) return;
    if (e.origin !== appOrigin) { violations.push('a message from ' + e.origin); return; }
    if (typeof e.data !== 'string') { violations.push('a message that is not a JSON string'); return; }
    var m = JSON.parse(e.data);
    if (m.appGuid !== APP_GUID) violations.push('appGuid ' + m.appGuid + ' is not the app_guid the app was given');
    // get / set / invoke: a request with an id, answered with the same id.
    if (m.request) {
      if (!registered) violations.push(m.request + ' before the handshake was answered');
      var args = m.request === 'invoke' ? [].concat.apply([], Object.keys(m.params).map(function (k) { return [k].concat(m.params[k]); })) : m.request === 'get' ? m.params : [m.params];
      var c = { method: m.request, args: args };
      record(c.method, c.args);
      if (hits(HANG, c)) return;
      if (hits(FAIL, c)) return zafPost({ id: m.id, error: { name: 'Error', message: 'Harness refused ' + c.method } });
      var result = {};
      if (m.request === 'get') m.params.forEach(function (p) { var r = answer('get', [p]); if (r && p in r) result[p] = r[p]; else (result.errors = result.errors || {})[p] = { name: 'InvalidPath', message: 'Harness: no such path', path: p }; });
      else if (m.request === 'invoke') answer('invoke', args);
      return zafPost({ id: m.id, result: result });
    }
    var key = String(m.key), sub;
    if (key === 'iframe.handshake') {
      record('init', { origin: location.origin, appGuid: m.appGuid, version: m.message && m.message.version });
      registered = true;
      return zafPost({ key: 'zaf.app.registered', message: { metadata: METADATA, context: CONTEXT } });
    }
    if (!registered) violations.push(key + ' before the handshake was answered');
    if ((sub = /^iframe\\.(on|off):(.+)$/.exec(key))) {
      subscribed[sub[2]] = m.message.subscriberCount;
      // A request's own done/fail subscriptions are part of the request, not calls of their own.
      if (!/^request:\\d+\\.(done|fail)$/.test(sub[2])) record(sub[1], [sub[2]]);
      return;
    }
    if ((sub = /^iframe\\.trigger:(.+)$/.exec(key))) return record('trigger', [sub[1], m.message, m.instanceGuid]);
    if (/^request:\\d+$/.test(key)) {
      var req = { method: 'request', args: [m.message] };
      record(req.method, req.args);
      if (!subscribed[key + '.done'] || !subscribed[key + '.fail']) violations.push(key + ' without its done/fail subscriptions');
      if (hits(HANG, req)) return;
      if (hits(FAIL, req)) {
        var body = { error: 'InternalError', description: 'Harness refused request' };
        var xhr = { readyState: 4, status: 500, statusText: 'Internal Server Error', responseText: JSON.stringify(body), responseJSON: body };
        return zafEvent(key + '.fail', { responseArgs: [xhr, 'error', 'Internal Server Error'] });
      }
      var data = answer('request', req.args);
      return zafEvent(key + '.done', { responseArgs: [data, 'success', { readyState: 4, status: 200, statusText: 'OK', responseText: JSON.stringify(data) }] });
    }
    violations.push('an unknown message ' + key);
  });
`;
