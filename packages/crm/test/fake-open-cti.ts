import type { OpenCti, OpenCtiCallback, OpenCtiClickToDialPayload, OpenCtiNavigationPayload, OpenCtiSearchMatch } from '../src/salesforce/open-cti';

/** Salesforce's sforce.opencti as documented, recording each call (test fixture only). */
export function fakeOpenCti(o: { matches?: Record<string, OpenCtiSearchMatch>; failSaveLog?: string; silent?: string[] } = {}) {
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  let clickListener: ((p: OpenCtiClickToDialPayload) => void) | undefined;
  let navListener: ((p: OpenCtiNavigationPayload) => void) | undefined;
  const answer = <T>(method: string, args: { callback?: OpenCtiCallback<T> }, value: T): void => {
    const { callback, ...rest } = args;
    calls.push({ method, args: rest });
    if (o.silent?.includes(method)) return; // never answers
    queueMicrotask(() => callback?.({ success: true, returnValue: value, errors: null }));
  };
  const cti: OpenCti = {
    CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },
    SCREENPOP_TYPE: { SOBJECT: 'sobject', URL: 'url', OBJECTHOME: 'objecthome', LIST: 'list', SEARCH: 'search', NEW_RECORD_MODAL: 'newRecord', FLOW: 'flow' },
    searchAndScreenPop: (a) => answer('searchAndScreenPop', a, (o.matches ?? {}) as Record<string, unknown>),
    screenPop: (a) => answer('screenPop', a, null),
    enableClickToDial: (a) => answer('enableClickToDial', a, null),
    onClickToDial: (a) => {
      calls.push({ method: 'onClickToDial', args: {} });
      clickListener = a.listener;
    },
    saveLog: (a) => {
      if (o.failSaveLog) {
        const { callback, ...rest } = a;
        calls.push({ method: 'saveLog', args: rest });
        queueMicrotask(() => callback?.({ success: false, returnValue: null, errors: [{ description: o.failSaveLog }] }));
        return;
      }
      answer('saveLog', a, { recordId: '00T000000000001' });
    },
    refreshView: (a = {}) => answer('refreshView', a, null),
    setSoftphonePanelVisibility: (a) => answer('setSoftphonePanelVisibility', a, null),
    setSoftphonePanelHeight: (a) => answer('setSoftphonePanelHeight', a, null),
    setSoftphonePanelWidth: (a) => answer('setSoftphonePanelWidth', a, null),
    onNavigationChange: (a) => {
      calls.push({ method: 'onNavigationChange', args: {} });
      navListener = a.listener;
    },
    notifyInitializationComplete: () => void calls.push({ method: 'notifyInitializationComplete', args: {} }),
  };
  return {
    cti,
    calls,
    click: (p: OpenCtiClickToDialPayload) => clickListener?.(p),
    navigate: (p: OpenCtiNavigationPayload) => navListener?.(p),
  };
}
