import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool, sleep, tempDir, waitFor } from './tools';

export interface BaresipOptions {
  name: string;
  /** Base of a block of 100 ports: SIP base (TLS base+1), RTP base+10..+59, cons +80, ctrl +81. */
  base: number;
  /** What it sends as its microphone (8 kHz mono WAV, padded). */
  audioWav: string;
  autoAnswer?: boolean;
  /** Register with a registrar (digest auth) instead of being reached by its own URI. */
  register?: { registrar: string; user: string; password: string; domain: string };
  /**
   * Media encryption for its account (the srtp module): 'srtp' (SDES keys in an RTP/AVP offer,
   * best effort), 'srtp-mand' (RTP/SAVP, mandatory).
   */
  mediaenc?: 'srtp' | 'srtp-mand';
  /** SIP over TLS: the CA file it trusts (it also listens for TLS on base+1); a registration goes over TLS. */
  tls?: { cafile: string };
}

export interface BaresipEvent {
  type: string;
  class?: string;
  param?: string;
  [k: string]: unknown;
}

/**
 * A headless baresip for tests (recipe in telephony-testing.md): its own temp dir, ports in
 * 28000-28999, the sndfile module writing what it sent and received, ctrl_tcp for commands
 * and events, cons (UDP) for DTMF.
 */
export class Baresip {
  readonly dir: string;
  readonly recDir: string;
  readonly sipPort: number;
  readonly events: BaresipEvent[] = [];
  private proc: ChildProcess | undefined;
  private ctrl: Socket | undefined;
  private buf = '';
  log = '';

  constructor(readonly o: BaresipOptions) {
    requireTool('baresip');
    this.dir = tempDir(`baresip-${o.name}`);
    this.recDir = join(this.dir, 'rec');
    mkdirSync(this.recDir);
    this.sipPort = o.base;
    const config = [
      `sip_listen 127.0.0.1:${o.base}`,
      'net_interface 127.0.0.1',
      `audio_source aufile,${o.audioWav}`,
      'audio_player alsa,null',
      'audio_alert alsa,null',
      `rtp_ports ${o.base + 10}-${o.base + 59}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module alsa.so',
      'module aufile.so',
      'module sndfile.so',
      'module cons.so',
      'module ctrl_tcp.so',
      'module_tmp uuid.so',
      'module_tmp account.so',
      'module_app menu.so',
      `cons_listen 127.0.0.1:${o.base + 80}`,
      `ctrl_tcp_listen 127.0.0.1:${o.base + 81}`,
      `snd_path ${this.recDir}`,
      ...(o.mediaenc ? ['module srtp.so'] : []),
      ...(o.tls ? [`sip_cafile ${o.tls.cafile}`, 'sip_verify_server no'] : []),
      '',
    ].join('\n');
    writeFileSync(join(this.dir, 'config'), config);
    const answer = o.autoAnswer === false ? 'manual' : 'auto';
    const enc = o.mediaenc ? `;mediaenc=${o.mediaenc}` : '';
    const r = o.register;
    const account = r
      ? `<sip:${r.user}@${r.domain}>;auth_user=${r.user};auth_pass=${r.password};outbound="sip:${r.registrar};transport=${o.tls ? 'tls' : 'udp'}";regint=60;answermode=${answer};audio_codecs=PCMU,PCMA${enc}`
      : `<sip:${o.name}@127.0.0.1:${o.base}>;regint=0;answermode=${answer};audio_codecs=PCMU,PCMA${enc}`;
    writeFileSync(join(this.dir, 'accounts'), `${account}\n`);
  }

  get uri(): string {
    return `sip:${this.o.name}@127.0.0.1:${this.o.base}`;
  }

  async start(): Promise<void> {
    this.proc = spawn('baresip', ['-f', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (d: Buffer) => (this.log += d.toString()));
    this.proc.stderr!.on('data', (d: Buffer) => (this.log += d.toString()));
    const end = Date.now() + 5000;
    for (;;) {
      try {
        this.ctrl = await new Promise<Socket>((resolve, reject) => {
          const s = connect(this.o.base + 81, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        break;
      } catch {
        if (Date.now() > end) throw new Error(`baresip ${this.o.name} did not start:\n${this.log}`);
        await sleep(100);
      }
    }
    this.ctrl.on('data', (d: Buffer) => this.onData(d.toString()));
    this.ctrl.on('error', () => {});
  }

  private onData(s: string): void {
    this.buf += s;
    for (;;) {
      const colon = this.buf.indexOf(':');
      if (colon < 0) return;
      const len = Number(this.buf.slice(0, colon));
      if (this.buf.length < colon + 1 + len + 1) return;
      const body = this.buf.slice(colon + 1, colon + 1 + len);
      this.buf = this.buf.slice(colon + 1 + len + 1);
      try {
        const msg = JSON.parse(body) as BaresipEvent & { event?: boolean };
        if (msg.event) this.events.push(msg);
      } catch {
        // a response we do not need
      }
    }
  }

  command(command: string, params = ''): void {
    const body = JSON.stringify({ command, params, token: String(Date.now()) });
    this.ctrl!.write(`${Buffer.byteLength(body)}:${body},`);
  }

  dial(uri: string): void {
    this.command('dial', uri);
  }

  hangup(): void {
    this.command('hangup');
  }

  /** RFC 4733 digits, typed on the console (cons module, UDP). */
  async sendDtmf(digits: string): Promise<void> {
    const s = createSocket('udp4');
    for (const d of digits) {
      await new Promise<void>((r) => s.send(d, this.o.base + 80, '127.0.0.1', () => r()));
      await sleep(250);
    }
    s.close();
  }

  has(type: string): boolean {
    return this.events.some((e) => e.type === type);
  }

  async waitEvent(type: string, ms = 10_000): Promise<BaresipEvent> {
    await waitFor(() => this.has(type), ms, `baresip ${this.o.name} ${type}\n${this.log.slice(-2000)}`);
    return this.events.find((e) => e.type === type)!;
  }

  /** The sndfile dumps: what it received (dec) and sent (enc). */
  recordings(): { dec: string | undefined; enc: string | undefined } {
    const files = readdirSync(this.recDir);
    const f = (suffix: string) =>
      files
        .filter((n) => n.endsWith(suffix))
        .sort()
        .map((n) => join(this.recDir, n))
        .at(-1);
    return { dec: f('-dec.wav'), enc: f('-enc.wav') };
  }

  async stop(): Promise<void> {
    try {
      this.command('quit');
    } catch {
      // already gone
    }
    await sleep(300);
    this.ctrl?.destroy();
    if (this.proc && this.proc.exitCode === null) {
      this.proc.kill('SIGTERM');
      await new Promise((r) => this.proc!.once('exit', r));
    }
  }
}
