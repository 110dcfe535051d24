import { ApiError } from './errors';

export type FetchLike = (
  input: string,
  init?: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  token?: string | null;
  clientId?: string;
  body?: unknown;
}

/** One HTTP exchange: JSON in, JSON out; an error body becomes a typed ApiError. */
export async function httpJson<T>(fetchImpl: FetchLike, baseUrl: string, req: HttpRequest): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  if (req.clientId) headers['x-client-id'] = req.clientId;
  let body: string | undefined;
  if (req.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.body);
  }
  let res: Awaited<ReturnType<FetchLike>>;
  let text: string;
  try {
    res = await fetchImpl(baseUrl + req.path, { method: req.method, headers, ...(body !== undefined ? { body } : {}) });
    text = await res.text();
  } catch (err) {
    throw new ApiError('NETWORK_ERROR', `Cannot reach the server: ${(err as Error).message}`, 0);
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError('BAD_RESPONSE', `The server answered ${res.status} with a body that is not JSON`, res.status);
  }
  if (res.status >= 200 && res.status < 300) return parsed as T;
  const e = (parsed as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
  const retryAfter = res.headers.get('retry-after');
  throw new ApiError(
    (e?.code as ApiError['code']) ?? 'BAD_RESPONSE',
    e?.message ?? `HTTP ${res.status}`,
    res.status,
    e?.details,
    retryAfter !== null && retryAfter !== '' && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) : undefined,
  );
}

/** A non-JSON answer (a CSV) as text; an error body still becomes a typed ApiError. */
export async function httpText(fetchImpl: FetchLike, baseUrl: string, req: HttpRequest): Promise<string> {
  const headers: Record<string, string> = {};
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  let res: Awaited<ReturnType<FetchLike>>;
  let text: string;
  try {
    res = await fetchImpl(baseUrl + req.path, { method: req.method, headers });
    text = await res.text();
  } catch (err) {
    throw new ApiError('NETWORK_ERROR', `Cannot reach the server: ${(err as Error).message}`, 0);
  }
  if (res.status >= 200 && res.status < 300) return text;
  let e: { code?: string; message?: string; details?: Record<string, unknown> } | undefined;
  try {
    e = (JSON.parse(text) as { error?: typeof e }).error;
  } catch {
    e = undefined;
  }
  throw new ApiError((e?.code as ApiError['code']) ?? 'BAD_RESPONSE', e?.message ?? `HTTP ${res.status}`, res.status, e?.details);
}
