import { SwitchboardError } from '@switchboard/shared';

/** Every error the SIP stack raises: a stable code, and a SIP status where one fits. */
export type SipErrorCode =
  | 'SIP_PARSE'
  | 'SIP_BAD_URI'
  | 'SIP_HEADER_INJECTION'
  | 'SIP_TIMEOUT'
  | 'SIP_TRANSPORT'
  | 'SIP_NO_TRANSPORT'
  | 'SIP_REJECTED'
  | 'SIP_CANCELLED'
  | 'SIP_DIALOG_TERMINATED'
  | 'SIP_REQUEST_PENDING'
  | 'SIP_INVALID_STATE'
  | 'SIP_SDP'
  | 'SIP_AUTH';

export class SipError extends SwitchboardError {
  declare readonly code: SipErrorCode;
  /** The SIP status code that caused (or that should answer) this error, if any. */
  readonly sipStatus: number | undefined;

  constructor(code: SipErrorCode, message: string, sipStatus?: number, details?: Record<string, unknown>) {
    super(code, message, { ...details, sipStatus });
    this.name = 'SipError';
    this.sipStatus = sipStatus;
  }
}
