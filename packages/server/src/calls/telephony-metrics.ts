import type { EngineStack } from '@switchboard/telephony';
import { family } from '../metrics';

/**
 * The telephony engine's figures in Prometheus text (format 0.0.4), read at scrape time: live legs
 * by kind and state, the SIP endpoint's counters (what it received and sent, what it could not
 * parse, retransmissions, timeouts) and the media plane's packet counters (in, out, dropped, lost,
 * and the RTP I/O threads' ring drops). An operator's first look when calls sound wrong.
 */
export function telephonyMetricLines(stack: EngineStack): string[] {
  const out: string[] = [];
  const metric = (...a: Parameters<typeof family>) => out.push(...family(...a));

  const legs = new Map<string, number>();
  for (const l of stack.engine.listLegs()) legs.set(`${l.kind} ${l.state}`, (legs.get(`${l.kind} ${l.state}`) ?? 0) + 1);
  metric('switchboard_telephony_legs', 'gauge', 'Live call legs by kind (sip, webrtc, player) and state.', [...legs].map(([k, n]) => {
    const [kind = '', state = ''] = k.split(' ');
    return [{ kind, state }, n] as const;
  }));

  const c = stack.signalling.endpoint.counters;
  metric('switchboard_sip_messages_total', 'counter', 'SIP messages received and sent by the engine.', [
    [{ direction: 'received' }, c.received],
    [{ direction: 'sent' }, c.sent],
  ]);
  metric('switchboard_sip_parse_dropped_total', 'counter', 'SIP datagrams or stream bytes that could not be parsed, dropped.', [[{}, c.parseDropped]]);
  metric('switchboard_sip_parse_rejected_total', 'counter', 'Malformed but answerable SIP requests, answered with an error.', [[{}, c.parseRejected]]);
  metric('switchboard_sip_responses_4xx_total', 'counter', 'SIP 4xx responses sent.', [[{}, c.responses4xx]]);
  metric('switchboard_sip_retransmissions_total', 'counter', 'SIP requests and responses re-sent by the transaction timers.', [[{}, c.retransmissions]]);
  metric('switchboard_sip_transaction_timeouts_total', 'counter', 'SIP transactions that timed out (timers B, F, H).', [[{}, c.timeouts]]);

  const m = stack.media.stats();
  metric('switchboard_media_legs', 'gauge', 'Open media legs (RTP and WebRTC).', [[{}, m.legs]]);
  metric('switchboard_rtp_packets_total', 'counter', 'RTP packets received and sent by media legs.', [
    [{ direction: 'in' }, m.packetsIn],
    [{ direction: 'out' }, m.packetsOut],
  ]);
  metric('switchboard_rtp_packets_dropped_total', 'counter', 'Datagrams media legs dropped: malformed, unexpected payload type, or from a stranger after latching.', [[{}, m.packetsDropped]]);
  metric('switchboard_rtp_packets_lost_total', 'counter', 'Packets lost on the way in (RFC 3550 cumulative loss, summed over legs).', [[{}, m.packetsLost]]);
  if (m.io) {
    metric('switchboard_rtp_io_threads', 'gauge', 'RTP I/O threads running.', [[{}, m.io.threads]]);
    metric('switchboard_rtp_io_ring_dropped_total', 'counter', 'Datagrams lost between the media thread and the RTP I/O threads because a ring was full.', [
      [{ direction: 'rx' }, m.io.rxDropped],
      [{ direction: 'tx' }, m.io.txDropped],
    ]);
  }
  return out;
}
