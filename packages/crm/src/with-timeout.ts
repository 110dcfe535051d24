import { CrmError } from './crm-error';
import type { CrmEnvironment } from './environment';

/** How long a CRM gets to answer one call before the adapter gives up on it (the call goes on). */
export const CRM_CALL_TIMEOUT_MS = 8000;

/**
 * What a CRM's rejection says: an Error's message, a string, or an HTTP failure as the ZAF SDK
 * rejects `client.request` (jQuery's jqXHR shape: status, statusText, responseJSON/responseText).
 */
export function describeRejection(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object') {
    const x = err as { status?: unknown; statusText?: unknown; responseJSON?: unknown; responseText?: unknown; message?: unknown };
    const body = x.responseJSON as { error?: unknown; description?: unknown; message?: unknown } | undefined;
    const detail = [body?.description, body?.error, body?.message, x.message, x.responseText].find((d): d is string => typeof d === 'string' && d.trim() !== '');
    const status = typeof x.status === 'number' ? `HTTP ${x.status}${typeof x.statusText === 'string' && x.statusText ? ` ${x.statusText}` : ''}` : '';
    const said = [status, detail?.slice(0, 200)].filter(Boolean).join(': ');
    if (said) return said;
  }
  return 'an unreadable error';
}

/** Settles with the promise, or rejects with CRM_TIMEOUT after `ms`. */
export function withTimeout<T>(env: CrmEnvironment, crm: string, what: string, p: Promise<T>, ms = CRM_CALL_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = env.setTimeout(() => reject(new CrmError('CRM_TIMEOUT', crm, `${crm} did not answer ${what} within ${Math.round(ms / 1000)} s`)), ms);
    p.then(
      (v) => {
        env.clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        env.clearTimeout(timer);
        reject(err instanceof CrmError ? err : new CrmError('CRM_CALL_FAILED', crm, `${crm} refused ${what}: ${describeRejection(err)}`));
      },
    );
  });
}
