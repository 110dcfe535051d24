/**
 * The CPU cost of five-party conferences through the product's media path (issue 18's goal: 100
 * five-party conferences on this machine with no loss).
 *
 *   parties child (5·N RTP endpoints + a SIP UAC) ──SIP INVITE──▶ mixer child: createEngine()
 *        each party ──RTP G.711 20 ms, its own tone──▶ its engine leg ─┐
 *        each party ◀──RTP: the mix of the other four─── engine leg ◀─┴─ CallBridge (conference) → Conference/Mixer
 *
 * The mixer child is the telephony engine as the server composes it (createEngine: SIP, media
 * engine, bridges): each call is answered and moved into its conference bridge
 * (`createBridge({ conference: true })`, CallBridge → MediaEngine.conference → Conference). The
 * parties run in a second process (bench/support/conference-parties.ts), so the mixer's CPU figure
 * (process.cpuUsage over the measured window: every thread, GC included) is its own. Half the
 * parties talk PCMU and half PCMA.
 *
 * Printed first: the conference path alone in this process (memory legs, no sockets), µs per party
 * per frame. Then per N: mixer CPU (and per party, per conference, as % of one core), packets per
 * party, loss both ways (the engine's RFC 3550 count of what the parties sent, the parties'
 * sequence gaps in what the mixer sent, kernel drops at full socket buffers), frames never sent
 * (ticks the mixer's FrameTicker skipped, counted by a probe on it), how late mixed frames left the
 * mixer against their tick's nominal time (measured inside it), late arrivals and p99 arrival delay
 * at the parties (which include the parties' own event-loop delay), the mixer's event-loop delay,
 * GC and tick work, the parties' CPU and the machine's idle share; and the tone check: each party's
 * last 2 s of received audio holds its four partners' tones and not its own (Goertzel).
 *
 *   node --import tsx bench/conferences.ts [--confs=10,50,100] [--seconds=20] [--warmup=3]
 *        [--io-threads=0] [--prof] [--mixer-host=127.0.0.2] [--nice=N]
 *
 * The mixer and the parties each run in a session of their own: Linux's autogroup scheduling
 * shares the CPU between sessions first, so on a machine busy with other sessions the rig is not
 * squeezed into one session's share. --nice=N sets each child's autogroup nice (root; -10 gives
 * it about ten times an ordinary session's weight). Not under `chrt`: a real-time rig under tsx
 * spun for minutes and starved the machine.
 *
 * --prof writes the mixer's CPU profile into .tmp/prof/conferences/ (open in Chrome DevTools).
 * --io-threads=N puts the engine's RTP sockets on N I/O threads (MediaEngine ioThreads).
 *
 * Ports: engine SIP 47400 and RTP 40000-44999 on 127.0.0.2 (a loopback address of its own: 500
 * legs need 1000 ports, RTP + RTCP; the range is telephony-media's bench range, which binds
 * 127.0.0.1); parties' SIP 47401 and RTP 47402-47999 on 127.0.0.1 (at most 119 conferences).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FakeClock } from '@switchboard/shared';
import { Conference, FrameTicker, MediaLeg, MemoryLeg, encodeG711, payloadMapFor, renderTone, writeRtpHeader } from '@switchboard/media';
import { ConferenceParties, LATE_MS, PARTIES_PER_CONF, type PartyFigures } from './support/conference-parties';
import { pct } from './support/figures';
import { loopWatch, machineTicks, procCpuMs, udpDropsByPort } from './support/process-watch';

const PARTY_HOST = '127.0.0.1';
const ENGINE_SIP = 47400;
const PARTY_SIP = 47401;
const RTP = { min: 40000, max: 44999 };
const arg = (name: string, dflt: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const MIXER_HOST = arg('mixer-host', '127.0.0.2');
type Msg = { kind: string; [k: string]: unknown };

// ------------------------------------------------------------------ mixer child

async function mixerChild(): Promise<void> {
  const { createEngine } = await import('@switchboard/telephony');
  const confs = Number(arg('confs', '10'));
  const { engine, media } = await createEngine({
    host: MIXER_HOST,
    sipUdpPort: ENGINE_SIP,
    rtpPorts: RTP,
    rtpTimeoutMs: 0,
    rtpIoThreads: Number(arg('io-threads', '0')),
    rtpSocketBufferBytes: 1 << 18,
  });
  const bridges = Array.from({ length: confs }, () => engine.createBridge({ conference: true }));
  const legs: string[] = [];
  let failed = 0;
  engine.on('offered', ({ leg }) => {
    const k = Number(/^conf(\d+)$/.exec(leg.to)?.[1] ?? NaN);
    if (!(k >= 0 && k < confs)) return engine.reject(leg.id);
    legs.push(leg.id);
    engine.answer(leg.id).then(
      () => engine.moveLeg(leg.id, bridges[k]!),
      () => failed++,
    );
  });
  // When each mixed frame leaves, against its tick's nominal time (0.1 ms buckets): the delay the
  // mixer's own timing adds, apart from what the parties' busy event loop adds to their figures.
  const sendLate = new Uint32Array(10_001);
  let measuring = false;
  const sendPcm = MediaLeg.prototype.sendPcm;
  MediaLeg.prototype.sendPcm = function (this: MediaLeg, samples: Int16Array, n: number): void {
    if (measuring) sendLate[Math.min(10_000, Math.round((media.clock.monotonic() - media.ticker.tickAt) * 10))]!++;
    sendPcm.call(this, samples, n);
  };
  // Ticks the FrameTicker skipped (more than its catch-up allows): a frame never sent to any party.
  let ticks = 0;
  let tick0At = 0;
  media.ticker.add({ onTick: () => void ticks++ });
  const watch = loopWatch();
  const packets = () => {
    const s = media.stats();
    return { in: s.packetsIn, out: s.packetsOut, lost: s.packetsLost, dropped: s.packetsDropped };
  };
  let cpu0 = process.cpuUsage();
  let p0 = packets();
  let th0: Record<string, number> = {};
  process.on('message', (m: Msg) => {
    if (m.kind === 'status') {
      const sizes = bridges.map((b) => engine.bridgeLegs(b).length);
      process.send!({ kind: 'status', legs: legs.length, failed, full: sizes.filter((n) => n === PARTIES_PER_CONF).length });
    } else if (m.kind === 'mark') {
      th0 = watch().threads;
      sendLate.fill(0);
      measuring = true;
      ticks = 0;
      tick0At = media.ticker.tickAt;
      media.ticker.stats();
      p0 = packets();
      cpu0 = process.cpuUsage();
    } else if (m.kind === 'stop') {
      const cpu = process.cpuUsage(cpu0);
      const p1 = packets();
      const w = watch();
      process.send!({
        kind: 'result',
        cpuMs: (cpu.user + cpu.system) / 1000,
        threads: Object.fromEntries(Object.entries(w.threads).map(([k, ms]) => [k, ms - (th0[k] ?? 0)])),
        loopP99: w.loopP99,
        gc: w.gc,
        tick: media.ticker.stats(),
        pin: p1.in - p0.in,
        pout: p1.out - p0.out,
        lost: p1.lost - p0.lost,
        dropped: p1.dropped - p0.dropped,
        sendLate: lateQuantiles(sendLate, [50, 99, 100]),
        skipped: Math.round((media.ticker.tickAt - tick0At) / 20) - ticks,
      });
    } else if (m.kind === 'exit') {
      void engine.close().finally(() => process.exit(0));
    }
  });
  process.send!({ kind: 'ready' });
}

/** Quantiles (ms) of a histogram in 0.1 ms buckets. */
function lateQuantiles(h: Uint32Array, ps: number[]): number[] {
  const total = h.reduce((a, b) => a + b, 0);
  return ps.map((p) => {
    let acc = 0;
    for (let i = 0; i < h.length; i++) if ((acc += h[i]!) >= (p / 100) * total && total > 0) return i / 10;
    return NaN;
  });
}

// ------------------------------------------------------------------ parties child

async function partiesChild(): Promise<void> {
  const confs = Number(arg('confs', '10'));
  const seconds = Number(arg('seconds', '20'));
  const parties = new ConferenceParties({ confs, engineHost: MIXER_HOST, enginePort: ENGINE_SIP, host: PARTY_HOST, sipPort: PARTY_SIP, seconds });
  process.on('message', async (m: Msg) => {
    try {
      if (m.kind === 'dial') {
        await parties.dialAll();
        process.send!({ kind: 'dialled', ports: parties.parties.map((p) => p.port) });
      } else if (m.kind === 'send') {
        parties.startSending();
        process.send!({ kind: 'sending' });
      } else if (m.kind === 'mark') {
        parties.mark();
        process.send!({ kind: 'marked' });
      } else if (m.kind === 'figures') process.send!({ kind: 'figures', figures: parties.figures() });
      else if (m.kind === 'exit') await parties.close().finally(() => process.exit(0));
    } catch (err) {
      process.send!({ kind: 'error', message: (err as Error).message });
    }
  });
  process.send!({ kind: 'ready' });
}

// ------------------------------------------------------------------ driver

function next(p: ChildProcess, kind: string): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const on = (m: Msg): void => {
      if (m.kind === 'error') reject(new Error(String(m.message)));
      if (m.kind !== kind) return;
      p.off('message', on);
      resolve(m);
    };
    p.on('message', on);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

interface StepResult {
  confs: number;
  line: string;
  row: string;
  lossFree: boolean;
}

async function step(confs: number, seconds: number, warmup: number): Promise<StepResult> {
  const self = fileURLToPath(import.meta.url);
  const execArgv = ['--import', 'tsx'];
  const prof = process.argv.includes('--prof') ? ['--cpu-prof', '--cpu-prof-dir=.tmp/prof/conferences'] : [];
  const pass = [`--confs=${confs}`, `--seconds=${seconds}`, `--mixer-host=${MIXER_HOST}`, `--io-threads=${arg('io-threads', '0')}`, `--nice=${arg('nice', '')}`];
  // Each child in a session of its own (detached: setsid), so with the kernel's autogroup
  // scheduling each gets a group's share of the CPU, as any other session on a shared machine does,
  // instead of the three processes of the rig sharing one.
  const mixer = fork(self, ['--child=mixer', ...pass], { execArgv: [...execArgv, ...prof], detached: true });
  const parties = fork(self, ['--child=parties', ...pass], { execArgv, detached: true });
  try {
    await Promise.all([next(mixer, 'ready'), next(parties, 'ready')]);
    const t = Date.now();
    parties.send({ kind: 'dial' });
    const dialled = await next(parties, 'dialled');
    // Answered on both sides; wait for the last moves into the bridges.
    let st: Msg = {} as Msg;
    for (let i = 0; i < 50; i++) {
      st = await (mixer.send({ kind: 'status' }), next(mixer, 'status'));
      if (st.full === confs) break;
      await sleep(100);
    }
    if (st.full !== confs) throw new Error(`only ${String(st.full)} of ${confs} conferences have ${PARTIES_PER_CONF} parties (failed answers: ${String(st.failed)})`);
    const setupMs = Date.now() - t;
    parties.send({ kind: 'send' });
    await next(parties, 'sending');
    await sleep(warmup * 1000);
    const ports = dialled.ports as number[];
    const drops0 = udpDropsByPort();
    const idle0 = machineTicks();
    const pc0 = procCpuMs(parties.pid);
    mixer.send({ kind: 'mark' });
    parties.send({ kind: 'mark' });
    await next(parties, 'marked');
    const wall0 = Date.now();
    await sleep(seconds * 1000);
    mixer.send({ kind: 'stop' });
    const r = await next(mixer, 'result');
    const figs = (await (parties.send({ kind: 'figures' }), next(parties, 'figures'))).figures as PartyFigures[];
    const wallS = (Date.now() - wall0) / 1000;
    const pc1 = procCpuMs(parties.pid);
    const idle1 = machineTicks();
    const drops1 = udpDropsByPort();
    let dropMixer = 0;
    let dropParties = 0;
    for (const [port, n] of drops1) {
      const d = n - (drops0.get(port) ?? 0);
      if (port >= RTP.min && port <= RTP.max) dropMixer += d;
      else if (ports.includes(port)) dropParties += d;
    }
    const n = figs.length;
    const cpuPct = ((r.cpuMs as number) / (wallS * 1000)) * 100;
    const sent = sum(figs.map((f) => f.sent));
    const recv = sum(figs.map((f) => f.received));
    const lost = sum(figs.map((f) => f.lost));
    const skipped = r.skipped as number;
    const missing = skipped * n;
    const late = sum(figs.map((f) => f.late));
    const delays = figs.map((f) => f.delayP99).sort((a, b) => a - b);
    const tonesOk = figs.filter((f) => f.tonesOk).length;
    const tick = r.tick as { runs: number; busyMs: number; maxMs: number };
    const idle = (100 * (idle1[0] - idle0[0])) / Math.max(1, idle1[1] - idle0[1]);
    const inLost = r.lost as number;
    const lossFree = lost === 0 && inLost === 0 && missing === 0 && dropMixer === 0 && dropParties === 0;
    const bad = figs.map((f, i) => (f.tonesOk ? '' : `  c${Math.floor(i / PARTIES_PER_CONF)}p${i % PARTIES_PER_CONF}: ${f.toneNote}`)).filter(Boolean);
    const threads = Object.entries(r.threads as Record<string, number>)
      .filter(([, ms]) => ms > 0)
      .map(([k, ms]) => `${k} ${Math.round(ms)}`)
      .join(', ');
    const line = [
      `${confs} conferences, ${n} parties: set up in ${(setupMs / 1000).toFixed(1)} s, measured ${wallS.toFixed(1)} s`,
      `  mixer CPU ${cpuPct.toFixed(1)}% of a core = ${(cpuPct / n).toFixed(3)}% per party, ${(cpuPct / confs).toFixed(2)}% per conference (CPU ms by thread: ${threads})`,
      `  mixer: ${r.pin} packets in, ${r.pout} out; RFC 3550 loss of what the parties sent ${inLost}; dropped ${r.dropped}; event-loop p99 ${(r.loopP99 as number).toFixed(1)} ms; ticker work ${(tick.busyMs / wallS).toFixed(1)} ms/s (longest wake-up ${tick.maxMs.toFixed(1)} ms); GC ${r.gc || '-'}`,
      `  mixed frames left ${(r.sendLate as number[]).map((x) => x.toFixed(1)).join(' / ')} ms (p50 / p99 / max) after their tick's nominal time`,
      `  per party: sent ${(sent / n).toFixed(0)}, received ${(recv / n).toFixed(1)}; lost ${lost} (${((100 * lost) / Math.max(1, recv + lost)).toFixed(3)}%), never sent ${missing} (${skipped} ticks skipped), late > ${LATE_MS} ms ${late}; arrival delay p99 median ${pct(delays, 50).toFixed(1)} ms, worst party ${delays.at(-1)!.toFixed(1)} ms`,
      `  kernel drops: mixer sockets ${dropMixer}, party sockets ${dropParties}; parties' CPU ${((100 * (pc1 - pc0)) / (wallS * 1000)).toFixed(0)}%; machine idle ${idle.toFixed(0)}%`,
      `  tones: ${tonesOk}/${n} parties hear their four partners and not themselves${bad.length ? `\n${bad.slice(0, 10).join('\n')}` : ''}`,
    ].join('\n');
    const sl = r.sendLate as number[];
    const row = `| ${confs} | ${n} | ${cpuPct.toFixed(1)}% | ${(cpuPct / n).toFixed(3)}% | ${inLost} / ${lost} | ${missing} | ${sl[1]!.toFixed(1)} / ${sl[2]!.toFixed(1)} ms | ${((100 * late) / Math.max(1, recv)).toFixed(1)}% | ${pct(delays, 50).toFixed(1)} ms | ${(r.loopP99 as number).toFixed(1)} ms | ${dropMixer} / ${dropParties} | ${tonesOk}/${n} | ${idle.toFixed(0)}% |`;
    return { confs, line, row, lossFree: lossFree && tonesOk === n };
  } finally {
    for (const p of [mixer, parties]) p.send({ kind: 'exit' });
    await Promise.all([mixer, parties].map((p) => new Promise((res) => (p.exitCode !== null ? res(0) : p.once('exit', res)))));
  }
}

/**
 * The conference path without sockets, in this process: memory legs fed one packet per party per
 * frame (decoded into the conference's taps), then every Conference's tick (ring read, N-1 mix,
 * encode, RTP header; the transmit is a no-op). CPU µs per party per 20 ms frame.
 */
function mixingAlone(confs: number, frames: number): number {
  const clock = new FakeClock();
  const ticker = new FrameTicker(clock);
  const feeds: Array<{ leg: MemoryLeg; pkts: Buffer[] }> = [];
  const conferences: Conference[] = [];
  for (let k = 0; k < confs; k++) {
    const legs: MemoryLeg[] = [];
    for (let i = 0; i < PARTIES_PER_CONF; i++) {
      const codec = i % 2 ? 'PCMA' : 'PCMU';
      const leg = new MemoryLeg({ id: `c${k}p${i}`, clock, payload: payloadMapFor(codec) });
      const pcm = renderTone({ freqs: [450 + 300 * i], amplitude: 4000 }, 1000);
      const pkts = Array.from({ length: 50 }, (_, f) => {
        const b = Buffer.alloc(172);
        writeRtpHeader(b, 0, leg.payload.audioPt, f, f * 160, 0x1000 + i);
        encodeG711(codec, pcm, f * 160, 160, b, 12);
        return b;
      });
      legs.push(leg);
      feeds.push({ leg, pkts });
    }
    conferences.push(new Conference(ticker, legs));
  }
  const run = (n: number, from: number): void => {
    for (let f = from; f < from + n; f++) {
      for (const { leg, pkts } of feeds) {
        const p = pkts[f % 50]!;
        p.writeUInt16BE(f & 0xffff, 2); // a rising sequence number, as from a phone
        p.writeUInt32BE((f * 160) >>> 0, 4);
        leg.inject(p);
      }
      for (const c of conferences) c.onTick();
    }
  };
  run(200, 0); // warm-up (and the jitter prebuffer)
  const t = process.cpuUsage();
  run(frames, 200);
  const u = process.cpuUsage(t);
  return (u.user + u.system) / frames / feeds.length;
}

async function main(): Promise<void> {
  const list = arg('confs', '10,50,100').split(',').map(Number);
  const seconds = Number(arg('seconds', '20'));
  const warmup = Number(arg('warmup', '3'));
  if (Math.max(...list) * PARTIES_PER_CONF > 47999 - PARTY_SIP) throw new Error('--confs: at most 119 (parties use ports 47402-47999)');
  mixingAlone(20, 500);
  const us = mixingAlone(100, 2000);
  console.log(`mixing alone (memory legs, no sockets): ${us.toFixed(2)} µs per party per 20 ms frame = ${((us * 50) / 1e4).toFixed(3)}% of a core per party`);
  console.log(`five-party conferences through createEngine's bridges: ${seconds} s measured per step after ${warmup} s warm-up\n`);
  const rows: string[] = [];
  for (const confs of list) {
    const r = await step(confs, seconds, warmup);
    console.log(`${r.line}\n  => ${r.lossFree ? 'no loss, tones right' : 'LOSS or wrong tones'}\n`);
    rows.push(r.row);
  }
  console.log(
    `| confs | parties | mixer CPU | per party | lost in / out | never sent | mixer send late p99 / max | late > ${LATE_MS} ms at parties | parties' delay p99 | mixer loop p99 | kernel drops mixer / parties | tones ok | idle |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

/** --nice=N: this child's autogroup nice (Linux, root), the scheduler weight of its session. */
function setGroupNice(): void {
  const nice = arg('nice', '');
  if (nice) writeFileSync('/proc/self/autogroup', nice);
}

const child = arg('child', '');
if (child) {
  // A child whose driver is gone ends too (they run detached).
  process.on('disconnect', () => process.exit(0));
  setGroupNice();
}
if (child === 'mixer') void mixerChild();
else if (child === 'parties') void partiesChild();
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
