/**
 * The Zendesk App Framework client, as documented (ZAF SDK 2.0, loaded from Zendesk's CDN):
 * `ZAFClient.init()` inside an app's iframe (its URL carries `origin` and `app_guid`) gives a
 * client that reads (`get`), acts (`invoke`), listens (`on`), talks to other instances of the
 * app (`instance(guid).trigger`) and calls Zendesk's REST API as the signed-in agent (`request`).
 */
export interface ZafClient {
  get(path: string | string[]): Promise<Record<string, unknown>>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  on(event: string, handler: (data: unknown) => void): void;
  trigger(event: string, data?: unknown): void;
  instance(guid: string): ZafClient;
  request<T = unknown>(options: { url: string; type?: 'GET' | 'POST' | 'PUT'; contentType?: string; data?: string }): Promise<T>;
}

export interface ZafGlobal {
  /** A client, or false when the page is not inside Zendesk (no origin and app_guid). */
  init(): ZafClient | false;
}

/** Where Zendesk serves the SDK an app page loads. */
export const ZAF_SDK_URL = 'https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js';

/** Zendesk Talk Partner Edition's channel ids for a voice ticket. */
export const VIA_INBOUND = 45;
export const VIA_OUTBOUND = 46;
