import { CrmError } from './crm-error';
import type { CrmEnvironment } from './environment';

/** How long a CRM gets to answer one call before the adapter gives up on it (the call goes on). */
export const CRM_CALL_TIMEOUT_MS = 8000;

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
        reject(err instanceof CrmError ? err : new CrmError('CRM_CALL_FAILED', crm, `${crm} refused ${what}: ${err instanceof Error ? err.message : String(err)}`));
      },
    );
  });
}
