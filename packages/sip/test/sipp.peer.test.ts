import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { SipEndpoint, UdpTransport, TcpTransport, type TransportProtocol } from '../src/index';

const SIPP = '/usr/bin/sipp';

function requireSipp(): void {
  if (!existsSync(SIPP)) assert.fail('sipp (Debian package sip-tester) is required: apt-get install sip-tester');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => {
      const u = createSocket('udp4');
      u.once('error', () => s.close(() => resolve(false)));
      u.bind(port, '127.0.0.1', () => u.close(() => s.close(() => resolve(true))));
    });
  });
}

/**
 * A block of 5 ports in 25000-25999, free for UDP and TCP right now. sipp cannot take port 0, and
 * besides its SIP port it binds a control port (-cp, default 8888) and RTP ports (-mp and -mp+2,
 * default 6000), which would clash with other sipp runs on the machine.
 */
async function freeBlock(): Promise<{ sip: number; control: number; media: number }> {
  for (let i = 0; i < 50; i++) {
    const base = 25000 + 5 * Math.floor(Math.random() * 199);
    let ok = true;
    for (let p = base; p < base + 5 && ok; p++) ok = await portFree(p);
    if (ok) return { sip: base, control: base + 1, media: base + 2 };
  }
  throw new Error('no free port block in 25000-25999');
}

/** sipp's cumulative "Successful call" counter from its final statistics screen. */
function successfulCalls(out: string): number {
  const m = /Successful call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(out);
  return m ? Number(m[1]) : -1;
}

const sippPorts = (b: { sip: number; control: number; media: number }): string[] => ['-p', String(b.sip), '-cp', String(b.control), '-mp', String(b.media)];

function runSipp(args: string[], timeoutMs = 60000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(SIPP, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 26000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

async function uas(protocol: TransportProtocol) {
  const ep = new SipEndpoint({ user: 'uas' });
  ep.addTransport(protocol === 'UDP' ? await UdpTransport.listen({ port: 0 }) : await TcpTransport.listen({ port: 0 }));
  const stats = { invites: 0, answered: 0, byes: 0 };
  ep.on('invite', (inv) => {
    stats.invites++;
    inv.progress(180);
    const d = inv.accept({ body: SDP });
    stats.answered++;
    d.on('terminated', (e) => e.reason === 'bye-received' && stats.byes++);
  });
  return { ep, stats, port: ep.transport(protocol)!.local.port };
}

for (const [label, protocol, extra] of [
  ['UDP', 'UDP', []],
  ['TCP', 'TCP', ['-t', 't1']],
] as const) {
  test(`sipp built-in uac calls our endpoint over ${label}: 20 calls complete`, async () => {
    requireSipp();
    const { ep, stats, port } = await uas(protocol);
    try {
      const ports = await freeBlock();
      const r = await runSipp([
        '-sn',
        'uac',
        `127.0.0.1:${port}`,
        '-i',
        '127.0.0.1',
        ...sippPorts(ports),
        '-m',
        '20',
        '-r',
        '20',
        '-l',
        '10',
        '-d',
        '200',
        '-nostdin',
        '-timeout',
        '30s',
        '-timeout_error',
        '-max_recv_loops',
        '1000',
        ...extra,
      ]);
      assert.equal(r.code, 0, `sipp exited ${r.code}:\n${r.out.slice(-3000)}`);
      assert.equal(successfulCalls(r.out), 20, r.out.slice(-2000));
      assert.equal(stats.invites, 20);
      assert.equal(stats.byes, 20);
      assert.equal(ep.dialogCount, 0);
      assert.equal(ep.counters.parseDropped, 0);
    } finally {
      await ep.close();
    }
  });
}

for (const [label, protocol, extra] of [
  ['UDP', 'UDP', []],
  ['TCP', 'TCP', ['-t', 't1']],
] as const) {
  test(`our endpoint calls sipp's built-in uas over ${label} and hangs up`, async () => {
    requireSipp();
    const ports = await freeBlock();
    const sippPort = ports.sip;
    const sipp = runSipp(['-sn', 'uas', '-i', '127.0.0.1', ...sippPorts(ports), '-m', '1', '-nostdin', '-timeout', '30s', '-timeout_error', ...extra]);
    const ep = new SipEndpoint({ user: 'caller' });
    ep.addTransport(protocol === 'UDP' ? await UdpTransport.listen({ port: 0 }) : await TcpTransport.listen({ port: 0 }));
    try {
      const uri = `sip:service@127.0.0.1:${sippPort}${protocol === 'TCP' ? ';transport=tcp' : ''}`;
      let result;
      // sipp needs a moment to bind; retry the INVITE until it is there.
      for (let i = 0; ; i++) {
        try {
          result = await ep.invite({ uri, body: SDP }).result;
          break;
        } catch (err) {
          if (i > 20) throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      assert.equal(result.response.status, 200);
      await new Promise((r) => setTimeout(r, 100));
      const bye = await result.dialog.bye();
      assert.equal(bye?.status, 200);
      const r = await sipp;
      assert.equal(r.code, 0, `sipp exited ${r.code}:\n${r.out.slice(-3000)}`);
      assert.equal(successfulCalls(r.out), 1, r.out.slice(-2000));
    } finally {
      await ep.close();
    }
  });
}
