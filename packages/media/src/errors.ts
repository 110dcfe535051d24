import { SwitchboardError } from '@switchboard/shared';

/** Stable codes for every media failure (the telephony engine maps them). */
export type MediaErrorCode =
  | 'MEDIA_NO_PORT'
  | 'MEDIA_BAD_PACKET'
  | 'MEDIA_BAD_WAV'
  | 'MEDIA_UNSUPPORTED_CODEC'
  | 'MEDIA_LEG_CLOSED'
  | 'MEDIA_TOO_MANY_PARTIES'
  | 'MEDIA_ALREADY_BRIDGED'
  | 'MEDIA_BAD_SDP'
  | 'MEDIA_BAD_ARGUMENT'
  | 'MEDIA_RECORDER_CLOSED';

export class MediaError extends SwitchboardError {
  declare readonly code: MediaErrorCode;

  constructor(code: MediaErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'MediaError';
  }
}
