/** Why a CRM call failed. The adapter shows the message in a toast; the call goes on. */
export type CrmErrorCode =
  | 'CRM_SCRIPT_FAILED' // the CRM's script could not be loaded or did not initialise
  | 'CRM_TIMEOUT' // the CRM did not answer in time
  | 'CRM_CALL_FAILED' // the CRM answered with an error
  | 'CRM_NOT_SUPPORTED' // this CRM (or its configuration) cannot do that
  | 'CRM_BAD_INPUT' // e.g. a click-to-dial without a usable number
  | 'CRM_UNKNOWN'; // ?crm= names no bridge we have

export class CrmError extends Error {
  readonly code: CrmErrorCode;
  readonly crm: string;

  constructor(code: CrmErrorCode, crm: string, message: string) {
    super(message);
    this.name = 'CrmError';
    this.code = code;
    this.crm = crm;
  }
}
