/**
 * Call set-ups per second through the engine as a B2BUA, driven by sipp:
 *
 *   sipp uac (-r R) ──▶ engine (in this process) ──▶ sipp uas
 *
 * Each call: INVITE/100/180/200/ACK on both legs, two RTP legs bound, bridged, a short pause
 * (-d), BYE on both. Rates step up; a step passes when every call completes (sipp exit 0, no
 * failed call). Prints the highest passing rate and the engine's CPU per call.
 *
 *   node --import tsx bench/telephony-setup.ts [--rates=100,200,300,400,500] [--seconds=5] [--hold-ms=100]
 *
 * Ports: engine SIP 29590, RTP 29000-29999; sipp 28990/28995.
 */
import { spawn } from 'node:child_process';
import { createEngine, connectLegs } from '@switchboard/telephony';

const arg = (name: string, dflt: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const rates = arg('rates', '100,200,300,400,500').split(',').map(Number);
const seconds = Number(arg('seconds', '5'));
const holdMs = Number(arg('hold-ms', '100'));
const ENGINE = 29590;
const UAC = 28990;
const UAS = 28995;

function sipp(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn('sipp', [...args, '-nostdin'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', () => resolve({ code: -1, out: 'sipp not installed (apt-get install sip-tester)' }));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

const stat = (out: string, name: string): number => {
  const m = new RegExp(`${name}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(out);
  return m ? Number(m[1]) : NaN;
};

async function main(): Promise<void> {
  const { engine, signalling } = await createEngine({ sipUdpPort: ENGINE, rtpPorts: { min: 29000, max: 29999 }, rtpTimeoutMs: 0 });
  let failed = 0;
  const causes = new Map<string, number>();
  engine.on('ended', (e) => {
    if (e.cause !== 'normal') {
      failed++;
      causes.set(`${e.cause}:${e.sipStatus}`, (causes.get(`${e.cause}:${e.sipStatus}`) ?? 0) + 1);
    }
  });
  engine.on('offered', ({ leg }) => {
    void connectLegs(engine, leg.id, { to: { uri: `sip:bench@127.0.0.1:${UAS}`, host: '127.0.0.1', port: UAS, transport: 'udp' }, from: leg.from }).catch(() => failed++);
  });
  console.log(`telephony set-up bench: ${seconds} s per step, calls held ${holdMs} ms, sipp uac → engine → sipp uas`);
  console.log('rate/s  calls  ok     failed  engine-cpu  cpu/call(ms)  retrans');
  let best = 0;
  for (const rate of rates) {
    const calls = rate * seconds;
    failed = 0;
    const retrans0 = signalling.endpoint.counters.retransmissions;
    const uas = sipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(UAS), '-m', String(calls), '-timeout', `${seconds + 30}s`]);
    await new Promise((r) => setTimeout(r, 300));
    const cpu0 = process.cpuUsage();
    const uac = await sipp([
      '-sn',
      'uac',
      `127.0.0.1:${ENGINE}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(UAC),
      '-r',
      String(rate),
      '-m',
      String(calls),
      '-d',
      String(holdMs),
      '-l',
      String(rate * 4),
      '-timeout',
      `${seconds + 30}s`,
      '-timeout_error',
      '-trace_stat',
      '-fd',
      '1',
      '-stf',
      '/dev/null',
    ]);
    const cpu = process.cpuUsage(cpu0);
    const u = await uas;
    await new Promise((r) => setTimeout(r, 500));
    const ok = stat(uac.out, 'Successful call');
    const bad = stat(uac.out, 'Failed call');
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const pass = uac.code === 0 && failed === 0 && (Number.isNaN(bad) || bad === 0);
    if (pass) best = rate;
    console.log(
      `${String(rate).padEnd(7)} ${String(calls).padEnd(6)} ${String(Number.isNaN(ok) ? (uac.code === 0 ? calls : '?') : ok).padEnd(6)} ${String(Number.isNaN(bad) ? failed : bad + failed).padEnd(7)} ${(cpuMs / 1000).toFixed(2).padEnd(11)} ${(cpuMs / calls).toFixed(2).padEnd(13)} ${signalling.endpoint.counters.retransmissions - retrans0}${pass ? '' : `  FAIL (uac exit ${uac.code}, uas exit ${u.code}, engine non-normal ends ${failed})`}`,
    );
    if (!pass) {
      console.log('non-normal ends:', Object.fromEntries(causes), '\nuas:', u.out.slice(-1500));
      break;
    }
  }
  console.log(`\nhighest set-up rate with no failure: ${best} calls/s (goal ≥ 300) ${best >= 300 ? 'MET' : 'NOT MET'}`);
  await engine.close();
  process.exit(0);
}

void main();
