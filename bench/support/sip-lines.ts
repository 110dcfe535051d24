/**
 * The SIP side of bench/transfers.ts, on the project's own SIP stack: a UAS
 * that answers every call-me INVITE for a known agent at once (the agent's
 * phone, kept open) and a UAC that places customers' calls. Each call's audio
 * is an RtpParty the bench owns; re-INVITEs are answered with the same SDP
 * (the party follows the engine's new address).
 */
import { SipEndpoint, UdpTransport, connectionAddress, parseSdp, type Dialog } from '@switchboard/sip';
import type { RtpParty } from './rtp-party';

const sdpFor = (port: number): string =>
  [
    'v=0',
    `o=- ${port} 1 IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');

/** The engine's RTP address from its SDP. */
function remoteOf(body: string): { host: string; port: number } | null {
  if (!body.trim()) return null;
  const s = parseSdp(body);
  const m = s.media.find((x) => x.type === 'audio');
  if (!m || m.port === 0) return null;
  return { host: connectionAddress(m, s) ?? '127.0.0.1', port: m.port };
}

function followReinvites(d: Dialog, party: RtpParty): void {
  d.on('reinvite', (ri) => {
    const r = remoteOf(ri.request.body.toString('utf8'));
    if (r) party.setRemote(r);
    void ri.accept({ body: sdpFor(party.port) });
  });
  d.on('terminated', () => party.setRemote(null));
}

export class SipLines {
  private constructor(
    private readonly ep: SipEndpoint,
    readonly port: number,
  ) {}

  static async open(port: number, user: string): Promise<SipLines> {
    const ep = new SipEndpoint({ user });
    ep.addTransport(await UdpTransport.listen({ host: '127.0.0.1', port }));
    return new SipLines(ep, port);
  }

  /** Answers INVITEs to sip:<user>@… with the party `partyFor(user)` gives (480 for others). */
  answer(partyFor: (user: string) => RtpParty | undefined, onDialog?: (user: string, d: Dialog) => void): void {
    this.ep.on('invite', (inv) => {
      const user = inv.request.uri.user ?? '';
      const party = partyFor(user);
      if (!party) return inv.reject(480);
      party.setRemote(remoteOf(inv.body));
      const d = inv.accept({ body: sdpFor(party.port) });
      followReinvites(d, party);
      onDialog?.(user, d);
    });
  }

  /** Calls `uri` with `party`'s audio; resolves with the dialog once answered. */
  async call(uri: string, from: string, party: RtpParty): Promise<Dialog> {
    const out = this.ep.invite({ uri, from, body: sdpFor(party.port), contentType: 'application/sdp' });
    const { dialog, response } = await out.result;
    party.setRemote(remoteOf(response.body.toString('utf8')));
    followReinvites(dialog, party);
    return dialog;
  }

  close(): Promise<void> {
    return this.ep.close();
  }
}
