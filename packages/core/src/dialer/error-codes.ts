/** Error codes raised by the dialler's pacing and compliance code. */
export const DialerErrorCode = {
  BadConfig: 'DIALER_BAD_CONFIG',
  DropTimeoutTooLong: 'DIALER_DROP_TIMEOUT_OVER_2S',
  RingTooShort: 'DIALER_RING_UNDER_15S',
  AbandonCapExceeded: 'DIALER_ABANDON_CAP_EXCEEDED',
  RedialTooSoon: 'DIALER_REDIAL_WITHIN_72H',
  DoNotCall: 'DIALER_DO_NOT_CALL',
  OutsideCallingHours: 'DIALER_OUTSIDE_CALLING_HOURS',
} as const;

export type DialerErrorCode = (typeof DialerErrorCode)[keyof typeof DialerErrorCode];
