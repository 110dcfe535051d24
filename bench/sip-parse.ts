// Prints parse/serialize throughput for a typical INVITE and call set-up rate between two
// endpoints over UDP on loopback. Run: node --import tsx bench/sip-parse.ts
import { parseMessage, serializeMessage, SipEndpoint, UdpTransport } from '@switchboard/sip';

const sdp = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\n';
const invite = Buffer.from(
  [
    'INVITE sip:+15551234567@10.0.0.2:5060;transport=udp SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;rport',
    'Max-Forwards: 70',
    'To: <sip:+15551234567@10.0.0.2>',
    'From: "Caller" <sip:+15557654321@10.0.0.1>;tag=1928301774',
    'Call-ID: a84b4c76e66710@10.0.0.1',
    'CSeq: 314159 INVITE',
    'Contact: <sip:caller@10.0.0.1:5060>',
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n'),
);

function bench(name: string, n: number, fn: () => void): void {
  for (let i = 0; i < 1000; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  const ms = performance.now() - t0;
  console.log(`${name}: ${Math.round((n / ms) * 1000).toLocaleString()} ops/s (${((ms * 1000) / n).toFixed(2)} µs each)`);
}

bench('parse INVITE', 100_000, () => parseMessage(invite));
const parsed = parseMessage(invite);
if (parsed.type !== 'message') throw new Error('bench message did not parse');
bench('serialize INVITE', 100_000, () => serializeMessage(parsed.message));

const a = new SipEndpoint({ user: 'a' });
const b = new SipEndpoint({ user: 'b' });
a.addTransport(await UdpTransport.listen({ port: 0 }));
b.addTransport(await UdpTransport.listen({ port: 0 }));
b.on('invite', (inv) => inv.accept({ body: 'v=0\r\n' }));
const uri = `sip:b@127.0.0.1:${b.transport('UDP')!.local.port}`;
const calls = 2000;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let inFlight = 0;
let done = 0;
await new Promise<void>((resolve) => {
  const next = (): void => {
    while (inFlight < 50 && done + inFlight < calls) {
      inFlight++;
      a.invite({ uri, body: 'v=0\r\n' })
        .result.then(({ dialog }) => dialog.bye())
        .finally(() => {
          inFlight--;
          done++;
          if (done === calls) resolve();
          else next();
        });
    }
  };
  next();
});
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuMsPerCall = (cpu.user + cpu.system) / 1000 / calls;
console.log(
  `UDP call set-up + BYE, 50 in flight: ${Math.round(calls / s)} calls/s (${calls} calls, retransmissions ${a.counters.retransmissions + b.counters.retransmissions}); CPU ${cpuMsPerCall.toFixed(2)} ms per call for both ends, i.e. ~${Math.round(1000 / cpuMsPerCall)} calls per CPU-second`,
);
await Promise.all([a.close(), b.close()]);
