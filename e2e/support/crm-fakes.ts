/**
 * Fakes of each CRM's own script (test fixtures), served by the harness at the CRM's documented
 * path and loaded by the adapter's bridge into the adapter's frame, as the real ones are. Each
 * installs the documented global (`sforce.opencti`, `Microsoft.CIFramework`, `openFrameAPI`)
 * and turns every call into a postMessage to the harness page (the CRM's window),
 * which records it with its arguments and answers in the documented shape; the harness sends
 * CRM events (a number clicked) the same way.
 */

/** The wire every fake shares: rpc(method, args) → the harness's answer; on(event, handler). */
const WIRE = `
  var pending = {}, seq = 0, handlers = {};
  function plain(v) { return JSON.parse(JSON.stringify(v === undefined ? null : v, function (k, x) { return typeof x === 'function' ? '[function]' : x; })); }
  function rpc(method, args) {
    var id = ++seq;
    parent.postMessage({ harness: 1, id: id, method: method, args: plain(args) }, '*');
    return new Promise(function (resolve, reject) { pending[id] = { resolve: resolve, reject: reject }; });
  }
  function on(event, handler) { (handlers[event] = handlers[event] || []).push(handler); }
  addEventListener('message', function (e) {
    var m = e.data;
    if (e.source !== parent || !m || m.harness !== 1) return;
    // An answer with error rejects, as the CRM's promise does (CIF's with an Error).
    if (m.id && pending[m.id]) {
      var p = pending[m.id]; delete pending[m.id];
      if (m.error !== undefined) p.reject(typeof m.error === 'string' ? new Error(m.error) : m.error); else p.resolve(m.result);
    }
    if (m.event) (handlers[m.event] || []).forEach(function (h) { h(m.payload); });
  });
`;

/** Salesforce Open CTI (Lightning): /support/api/<ver>/lightning/opencti_min.js. */
const SALESFORCE = `(function () {${WIRE}
  function withCallback(name) { return function (a) { rpc(name, a).then(function (r) { if (a && typeof a.callback === 'function') a.callback(r); }); }; }
  function listener(name, event) { return function (a) { on(event, function (p) { a.listener(p); }); rpc(name, a); }; }
  var api = {
    CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },
    SCREENPOP_TYPE: { SOBJECT: 'sobject', URL: 'url', OBJECTHOME: 'objecthome', LIST: 'list', SEARCH: 'search', NEW_RECORD_MODAL: 'newRecord', FLOW: 'flow' },
    onClickToDial: listener('onClickToDial', 'clickToDial'),
    onNavigationChange: listener('onNavigationChange', 'navigation'),
    notifyInitializationComplete: function () { rpc('notifyInitializationComplete', {}); }
  };
  ['searchAndScreenPop', 'screenPop', 'enableClickToDial', 'disableClickToDial', 'saveLog', 'refreshView', 'setSoftphonePanelVisibility',
   'setSoftphonePanelHeight', 'setSoftphonePanelWidth', 'getCallCenterSettings', 'isSoftphonePanelVisible'].forEach(function (n) { api[n] = withCallback(n); });
  window.sforce = { opencti: api };
})();`;

/** Dynamics 365 CIF 1.0: /webresources/Widget/msdyn_ciLibrary.js, then the CIFInitDone event. */
const DYNAMICS = `(function () {${WIRE}
  var me = document.currentScript;
  var cif = {
    addHandler: function (name, h) { on(name, function (p) { h(p); }); return rpc('addHandler', [name]); }
  };
  ['searchAndOpenRecords', 'openForm', 'createRecord', 'setClickToAct', 'setMode', 'setWidth', 'getEnvironment'].forEach(function (n) {
    cif[n] = function () { return rpc(n, Array.prototype.slice.call(arguments)); };
  });
  window.Microsoft = { CIFramework: cif };
  rpc('load', { crmurl: me && me.getAttribute('data-crmurl'), cifid: me && me.getAttribute('data-cifid') }).then(function () {
    window.dispatchEvent(new Event('CIFInitDone'));
  });
})();`;

/** ServiceNow OpenFrame: /scripts/openframe/latest/openFrameAPI.min.js. */
const SERVICENOW = `(function () {${WIRE}
  var api = {
    EVENTS: { COMMUNICATION_EVENT: 'openframe_communication_event', HEADER_ICON_CLICKED: 'openframe_header_icon_clicked' },
    init: function (config, ok, fail) { rpc('init', [config]).then(function (r) { if (r && r.error) fail(r.error); else ok(r); }); },
    subscribe: function (event, h) { on(event, function (p) { h(p); }); rpc('subscribe', [event]); }
  };
  ['openServiceNowForm', 'openServiceNowList', 'show', 'hide', 'isVisible', 'setSize', 'setTitle', 'setSubtitle', 'setIcons', 'toastMessage'].forEach(function (n) {
    api[n] = function () { rpc(n, Array.prototype.slice.call(arguments)); };
  });
  window.openFrameAPI = api;
})();`;

export type HarnessCrm = 'salesforce' | 'dynamics' | 'servicenow' | 'zendesk';

/** Each CRM's script path on its origin (the bridges' documented URLs), and the fake served there (Zendesk runs the real ZAF SDK: zaf-host.ts). */
export const FAKE_SCRIPTS: Record<Exclude<HarnessCrm, 'zendesk'>, { path: string; js: string }> = {
  salesforce: { path: '/support/api/62.0/lightning/opencti_min.js', js: SALESFORCE },
  dynamics: { path: '/webresources/Widget/msdyn_ciLibrary.js', js: DYNAMICS },
  servicenow: { path: '/scripts/openframe/latest/openFrameAPI.min.js', js: SERVICENOW },
};
