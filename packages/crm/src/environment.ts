/**
 * What a bridge needs of the page it runs in, as a port: tests give a fake, the adapter gives
 * the browser's (packages/adapter-ui). Keeps the bridges free of DOM globals and testable in Node.
 */
export interface CrmEnvironment {
  /** Where the CRM's script and API live: from the adapter URL's parameters, else the embedding page's origin. */
  readonly params: URLSearchParams;
  /** document.referrer: the CRM page that iframes the adapter. */
  readonly referrer: string;
  /** The page's globals, where a CRM script installs its API (`sforce`, `Microsoft`, `openFrameAPI`). */
  readonly globals: Record<string, unknown>;
  /** Adds a <script> with these attributes; resolves when it has loaded, rejects when it fails. */
  loadScript(src: string, attributes?: Record<string, string>): Promise<void>;
  /** Resolves when the page receives this DOM event (Dynamics' CIFInitDone). */
  waitForEvent(name: string): Promise<void>;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The origin of a URL, or null when it is not an absolute http(s) URL. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}
