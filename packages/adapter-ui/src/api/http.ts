import { ApiError, parseRetryAfter } from './api-error';

export interface RequestOptions {
  method: 'GET' | 'POST';
  token?: string | null;
  body?: unknown;
}

/** fetch + JSON + the API's error body turned into an ApiError with its code. */
export async function requestJson<T>(base: string, path: string, opts: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let res: Response;
  try {
    res = await fetch(base + path, {
      method: opts.method,
      headers,
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      credentials: 'omit', // bearer tokens only: CRM iframes block third-party cookies
    });
  } catch {
    throw new ApiError('NETWORK', 'Cannot reach the server. Check your connection.', 0);
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
    const detailWait = err?.details?.retryAfterSeconds;
    const retry = parseRetryAfter(res.headers.get('retry-after')) ?? (typeof detailWait === 'number' ? detailWait : null);
    const code = (typeof err?.code === 'string' ? err.code : res.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE') as ApiError['code'];
    throw new ApiError(code, err?.message ?? `Request failed (${res.status})`, res.status, retry);
  }
  if (json === null) throw new ApiError('BAD_RESPONSE', 'The server sent an unreadable answer.', res.status);
  return json as T;
}
