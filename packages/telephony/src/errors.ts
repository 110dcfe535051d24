import { SwitchboardError } from '@switchboard/shared';

/** Every error the engine raises has one of these codes. */
export type TelephonyErrorCode =
  | 'TEL_NO_SUCH_LEG'
  | 'TEL_NO_SUCH_BRIDGE'
  | 'TEL_NO_SUCH_TRUNK'
  | 'TEL_TRUNK_FULL'
  | 'TEL_NO_SUCH_USER'
  | 'TEL_USER_NOT_REGISTERED'
  | 'TEL_BAD_CONFIG'
  | 'TEL_BAD_NUMBER'
  | 'TEL_BAD_ARGUMENT'
  | 'TEL_INVALID_STATE'
  | 'TEL_NOT_RECORDING'
  | 'TEL_ALREADY_COLLECTING'
  | 'TEL_MEDIA'
  | 'TEL_SIGNALLING'
  | 'TEL_TOO_MANY_HOPS'
  | 'TEL_STOPPED';

export class TelephonyError extends SwitchboardError {
  declare readonly code: TelephonyErrorCode;

  /**
   * The SIP status this failure stands for, where one fits (a leg that is gone: 404, a full
   * trunk: 503). Not an HTTP status: the server's error table maps the code for clients.
   */
  readonly sipStatus: number | undefined;

  constructor(code: TelephonyErrorCode, message: string, sipStatus?: number, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'TelephonyError';
    this.sipStatus = sipStatus;
  }
}
