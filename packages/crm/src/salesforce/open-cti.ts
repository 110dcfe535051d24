/**
 * Salesforce Open CTI for Lightning Experience, as documented (API 38.0+): the global
 * `sforce.opencti` that opencti_min.js installs. Every method takes one object with an optional
 * `callback` that receives `{ success, returnValue, errors }`.
 */
export interface OpenCtiResponse<T> {
  success: boolean;
  returnValue: T | null;
  errors: ReadonlyArray<{ description?: string; details?: unknown }> | null;
}
export type OpenCtiCallback<T> = (response: OpenCtiResponse<T>) => void;

/** One match of searchAndScreenPop, keyed by record id in its returnValue. */
export interface OpenCtiSearchMatch {
  Id: string;
  Name?: string;
  RecordType: string;
  [field: string]: unknown;
}

export interface OpenCtiClickToDialPayload {
  number: string;
  recordId?: string;
  recordName?: string;
  objectType?: string;
}

export interface OpenCtiNavigationPayload {
  url?: string;
  recordId?: string;
  recordName?: string;
  objectType?: string;
}

export interface OpenCti {
  CALL_TYPE: { INBOUND: string; OUTBOUND: string; INTERNAL: string };
  SCREENPOP_TYPE: { SOBJECT: string; URL: string; OBJECTHOME: string; LIST: string; SEARCH: string; NEW_RECORD_MODAL: string; FLOW: string };
  searchAndScreenPop(args: {
    searchParams?: string;
    queryParams?: string;
    defaultFieldValues?: Record<string, string>;
    callType: string;
    deferred?: boolean;
    callback?: OpenCtiCallback<Record<string, OpenCtiSearchMatch | unknown>>;
  }): void;
  screenPop(args: { type: string; params: Record<string, unknown>; callback?: OpenCtiCallback<unknown> }): void;
  enableClickToDial(args: { callback?: OpenCtiCallback<unknown> }): void;
  onClickToDial(args: { listener: (payload: OpenCtiClickToDialPayload) => void }): void;
  saveLog(args: { value: Record<string, unknown>; callback?: OpenCtiCallback<{ recordId?: string } | string> }): void;
  refreshView(args?: { callback?: OpenCtiCallback<unknown> }): void;
  setSoftphonePanelVisibility(args: { visible: boolean; callback?: OpenCtiCallback<unknown> }): void;
  setSoftphonePanelHeight(args: { heightPX: number; callback?: OpenCtiCallback<unknown> }): void;
  setSoftphonePanelWidth(args: { widthPX: number; callback?: OpenCtiCallback<unknown> }): void;
  onNavigationChange(args: { listener: (payload: OpenCtiNavigationPayload) => void }): void;
  /** API 43.0+: tells Salesforce the adapter is ready (with a standby URL configured). */
  notifyInitializationComplete?(): void;
}
