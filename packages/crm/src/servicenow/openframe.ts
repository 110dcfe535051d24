/**
 * ServiceNow OpenFrame, as documented: the global `openFrameAPI` that openFrameAPI.min.js
 * installs. `init` comes first; everything else after its success callback.
 */
export interface OpenFrameApi {
  EVENTS: { COMMUNICATION_EVENT: string; [name: string]: string };
  init(config: Record<string, unknown>, success: (snConfig: unknown) => void, failure: (error: unknown) => void): void;
  subscribe(event: string, handler: (context: unknown) => void): void;
  openServiceNowForm(args: { entity: string; query: string }): void;
  show(): void;
  hide(): void;
  setSize(width: number, height: number): void;
  setTitle(title: string): void;
  setSubtitle(subtitle: string): void;
}

/**
 * ServiceNow has no search or save in the browser: an instance's records are read and written
 * through its REST Table API, with credentials the administrator gives the Switchboard server.
 * The adapter passes this port (backed by the server) when it has one.
 */
export interface ServiceNowRecords {
  findByPhone(number: string): Promise<Array<{ sys_id: string; name: string; table: string }>>;
  logInteraction(log: import('../crm-host').ActivityLog): Promise<{ sys_id: string }>;
}
