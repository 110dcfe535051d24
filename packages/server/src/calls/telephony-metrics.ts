import type { EngineStack } from '@switchboard/telephony';
import type { Metrics } from '../metrics';

/**
 * The telephony engine's figures, read at scrape time: live legs by kind and state, the SIP
 * endpoint's counters (what it received and sent, what it could not parse, retransmissions,
 * timeouts) and the media plane's packet counters (in, out, dropped, lost, and the RTP I/O
 * threads' ring drops). An operator's first look when calls sound wrong.
 */
export function addTelephonyMetrics(metrics: Metrics, stack: EngineStack): void {
  const gauge = (name: string, help: string, labels: string[], read: () => ReadonlyArray<readonly [Record<string, string>, number]>) =>
    metrics.readAtScrape(name, 'gauge', help, labels, read);
  const counter = (name: string, help: string, labels: string[], read: () => ReadonlyArray<readonly [Record<string, string>, number]>) =>
    metrics.readAtScrape(name, 'counter', help, labels, read);
  const sip = () => stack.signalling.endpoint.counters;
  const media = () => stack.media.stats();

  gauge('switchboard_telephony_legs', 'Live call legs by kind (sip, webrtc, player) and state.', ['kind', 'state'], () => {
    const legs = new Map<string, { kind: string; state: string; n: number }>();
    for (const l of stack.engine.listLegs()) {
      const key = `${l.kind} ${l.state}`;
      const row = legs.get(key) ?? { kind: l.kind, state: l.state, n: 0 };
      row.n++;
      legs.set(key, row);
    }
    return [...legs.values()].map((r) => [{ kind: r.kind, state: r.state }, r.n] as const);
  });
  counter('switchboard_sip_messages_total', 'SIP messages received and sent by the engine.', ['direction'], () => [
    [{ direction: 'received' }, sip().received],
    [{ direction: 'sent' }, sip().sent],
  ]);
  counter('switchboard_sip_parse_dropped_total', 'SIP datagrams or stream bytes that could not be parsed, dropped.', [], () => [[{}, sip().parseDropped]]);
  counter('switchboard_sip_parse_rejected_total', 'Malformed but answerable SIP requests, answered with an error.', [], () => [[{}, sip().parseRejected]]);
  counter('switchboard_sip_responses_4xx_total', 'SIP 4xx responses sent.', [], () => [[{}, sip().responses4xx]]);
  counter('switchboard_sip_retransmissions_total', 'SIP requests and responses re-sent by the transaction timers.', [], () => [[{}, sip().retransmissions]]);
  counter('switchboard_sip_transaction_timeouts_total', 'SIP transactions that timed out (timers B, F, H).', [], () => [[{}, sip().timeouts]]);

  gauge('switchboard_media_legs', 'Open media legs (RTP and WebRTC).', [], () => [[{}, media().legs]]);
  counter('switchboard_rtp_packets_total', 'RTP packets received and sent by media legs.', ['direction'], () => [
    [{ direction: 'in' }, media().packetsIn],
    [{ direction: 'out' }, media().packetsOut],
  ]);
  counter('switchboard_rtp_packets_dropped_total', 'Datagrams media legs dropped: malformed, unexpected payload type, or from a stranger after latching.', [], () => [
    [{}, media().packetsDropped],
  ]);
  counter('switchboard_rtp_packets_lost_total', 'Packets lost on the way in (RFC 3550 cumulative loss, summed over legs).', [], () => [[{}, media().packetsLost]]);
  gauge('switchboard_rtp_io_threads', 'RTP I/O threads running.', [], () => [[{}, media().io?.threads ?? 0]]);
  counter('switchboard_rtp_io_ring_dropped_total', 'Datagrams lost between the media thread and the RTP I/O threads because a ring was full.', ['direction'], () => {
    const io = media().io;
    return io
      ? [
          [{ direction: 'rx' }, io.rxDropped],
          [{ direction: 'tx' }, io.txDropped],
        ]
      : [];
  });
}
