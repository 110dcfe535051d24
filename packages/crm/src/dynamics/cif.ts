/**
 * Dynamics 365 Channel Integration Framework 1.0, as documented: `Microsoft.CIFramework`,
 * installed by msdyn_ciLibrary.js once the page fires `CIFInitDone`. Strings in, strings out:
 * parameters and results are JSON text, and every call returns a Promise.
 */
export interface CifFramework {
  searchAndOpenRecords(entityLogicalName: string, queryParameters: string, searchOnly: boolean): Promise<string>;
  openForm(entityFormOptions: string, entityFormParameters?: string): Promise<string>;
  createRecord(entityLogicalName: string, data: string): Promise<string>;
  setClickToAct(value: boolean): Promise<void>;
  addHandler(eventName: 'onclicktoact' | 'onpagenavigate' | 'onmodechanged' | 'onsizechanged', handler: (paramsJson: string) => Promise<unknown>): Promise<boolean>;
  /** 0: minimised, 1: docked (shown). */
  setMode(mode: 0 | 1): Promise<void>;
  setWidth(width: number): Promise<void>;
}

/** What onclicktoact hands over (JSON). */
export interface CifClickToActPayload {
  value: string;
  name?: string;
  format?: string;
  entityLogicalName?: string;
  entityId?: string;
}
