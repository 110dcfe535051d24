import { SrtcpContext } from './srtcp-context';
import { SrtpContext } from './srtp-context';
import type { SrtpMasterKey } from './srtp-keys';

/** The keys of an SRTP leg, as SDES (RFC 4568) exchanged them: ours for sending, theirs for receiving. */
export interface SrtpKeyPair {
  local: SrtpMasterKey;
  remote: SrtpMasterKey;
}

export function sameMasterKey(a: SrtpMasterKey | undefined, b: SrtpMasterKey | undefined): boolean {
  return a !== undefined && b !== undefined && a.suite === b.suite && a.keySalt.equals(b.keySalt);
}

/**
 * SRTP and SRTCP both ways for one leg. Re-keying keeps a direction's context (and its rollover
 * counter and replay list) when that direction's key did not change, as a re-INVITE usually does.
 */
export class SrtpSession {
  readonly keys: SrtpKeyPair;
  readonly tx: SrtpContext;
  readonly rx: SrtpContext;
  readonly rtcpTx: SrtcpContext;
  readonly rtcpRx: SrtcpContext;

  constructor(keys: SrtpKeyPair, previous?: SrtpSession) {
    this.keys = { local: { ...keys.local }, remote: { ...keys.remote } };
    const keepTx = previous && sameMasterKey(previous.keys.local, keys.local);
    const keepRx = previous && sameMasterKey(previous.keys.remote, keys.remote);
    this.tx = keepTx ? previous.tx : new SrtpContext(keys.local);
    this.rtcpTx = keepTx ? previous.rtcpTx : new SrtcpContext(keys.local);
    this.rx = keepRx ? previous.rx : new SrtpContext(keys.remote);
    this.rtcpRx = keepRx ? previous.rtcpRx : new SrtcpContext(keys.remote);
  }
}
