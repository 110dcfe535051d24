import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildAuthorization, parseChallenge, type DigestChallenge } from '@switchboard/sip';
import { phonePasswordResponseSchema } from '@switchboard/protocol';
import { Baresip, makeToneWav, requireTool, sleep, waitFor } from '@switchboard/testkit';
import { auth, login, makeApp, removeDir, type TestApp } from '../helpers';
import { engineConfig } from '../calls/helpers';
import { captureLog } from '../http/log-capture';
import type { PhoneConfig } from '../../src/phones/phone-config';
import type { AuditEntry } from '@switchboard/store';

/**
 * Agents' phone credentials and the SIP authentication throttle on a real engine, over real UDP.
 * Ports (block 45000-45499): engine SIP 45000 (UDP and TCP), RTP 45100-45149, no sandbox;
 * baresip 45200-45281; raw SIP sockets 45300-45302 on 127.0.0.1 and 127.0.0.2.
 */
const SIP = 45000;
const REGISTRAR_URI = `sip:127.0.0.1:${SIP}`;

async function engineApp(phones: PhoneConfig, logger?: ReturnType<typeof captureLog>['logger']): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-phones-'));
  const engine = { ...engineConfig(SIP, join(dir, 'recordings')), rtpPorts: { min: 45100, max: 45149 }, sandboxPort: 0 };
  return makeApp({ dir, config: { engine, phones }, ...(logger ? { logger } : {}) });
}

/** A phone written by hand: REGISTERs on a plain UDP socket, answers read off the wire. */
class RawPhone {
  private seq = 0;
  private readonly callId = `${randomBytes(8).toString('hex')}@raw`;
  private waiting: ((msg: string) => void) | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly host: string,
    readonly port: number,
  ) {
    socket.on('message', (m) => this.waiting?.(m.toString()));
  }

  static async open(host: string, port: number): Promise<RawPhone> {
    const s = createSocket('udp4');
    await new Promise<void>((res, rej) => {
      s.once('error', rej);
      s.bind(port, host, () => res());
    });
    return new RawPhone(s, host, port);
  }

  /** Sends one REGISTER as `user`; resolves with the final response's status and WWW-Authenticate values. */
  async register(user: string, authorization?: string): Promise<{ status: number; challenges: string[]; text: string }> {
    const cseq = ++this.seq;
    const lines = [
      `REGISTER ${REGISTRAR_URI} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.host}:${this.port};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
      'Max-Forwards: 70',
      `From: <sip:${user}@switchboard>;tag=${randomBytes(4).toString('hex')}`,
      `To: <sip:${user}@switchboard>`,
      `Call-ID: ${this.callId}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:${user}@${this.host}:${this.port}>`,
      'Expires: 120',
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      'Content-Length: 0',
    ];
    const text = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no final answer to REGISTER ${cseq}`)), 3000);
      this.waiting = (msg) => {
        if (!new RegExp(`^CSeq:\\s*${cseq} REGISTER`, 'mi').test(msg) || /^SIP\/2\.0 1\d\d/.test(msg)) return;
        clearTimeout(timer);
        resolve(msg);
      };
      this.socket.send(`${lines.join('\r\n')}\r\n\r\n`, SIP, '127.0.0.1');
    });
    const status = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]);
    const challenges = [...text.matchAll(/^WWW-Authenticate:\s*(.+)$/gim)].map((m) => m[1]!.trim());
    return { status, challenges, text };
  }

  /** A fresh challenge, then an answer with `password`: the final status. */
  async login(user: string, password: string): Promise<number> {
    const c = await this.register(user);
    if (c.status !== 401) return c.status;
    return (await this.register(user, answer(parseChallenge(c.challenges[0]!)!, user, password))).status;
  }

  close(): void {
    this.socket.close();
  }
}

const answer = (ch: DigestChallenge, user: string, password: string, nc = 1) => buildAuthorization(ch, { username: user, password }, 'REGISTER', REGISTRAR_URI, nc);

const NO_THROTTLE_HIT: PhoneConfig = { sharedPassword: true, throttle: { maxFailures: 20, windowSeconds: 60, blockSeconds: 300 } };

test('per-agent phone passwords: a real baresip registers with the password issued to its agent; the shared one no longer works for her, still does for agents without their own; a rotation refuses the old one', async (t) => {
  requireTool('baresip');
  requireTool('sox');
  const { app, dir, close } = await engineApp(NO_THROTTLE_HIT);
  const raw = await RawPhone.open('127.0.0.1', 45300);
  const wav = join(dir, 'tone.wav');
  makeToneWav(wav, 800, 5);
  let phone: Baresip | undefined;
  t.after(async () => {
    await phone?.stop();
    raw.close();
    await close();
    removeDir(dir);
  });
  const registrar = app.switchboard.telephony!.stack.registrar!;
  // Bootstrap: every agent starts with the shared SIP_PHONE_PASSWORD (test-phone here), as HA1s in the store.
  const seeded = await app.switchboard.store.phoneCredentials.list('switchboard');
  assert.deepEqual(new Set(seeded.map((r) => `${r.agentId}/${r.user}/${r.origin}`)).size, 8, 'alice, bob, carol, dave: username and number each');
  assert.equal(await raw.login('alice', 'test-phone'), 200, 'the shared password works before alice has her own');

  const alice = await login(app, 'alice', 'demo1234');
  const res = await app.inject({ method: 'POST', url: '/api/v1/agents/alice/phone-password', headers: auth(alice) });
  assert.equal(res.statusCode, 200, res.body);
  const issued = phonePasswordResponseSchema.parse(res.json());

  phone = new Baresip({
    name: 'alice',
    base: 45200,
    audioWav: wav,
    register: { registrar: `127.0.0.1:${SIP}`, user: 'alice', password: issued.password, domain: `127.0.0.1:${SIP}` },
  });
  const registered: string[] = [];
  app.switchboard.telephony!.stack.engine.on('registered', (e) => registered.push(`${e.user}@${e.contact}`));
  await phone.start();
  await waitFor(() => registered.some((r) => r.startsWith('alice@') && r.includes(':45200')), 10_000, 'baresip to register as alice with her own password').catch((e: Error) => {
    throw new Error(`${e.message}\n${phone!.log.slice(-2000)}`);
  });
  assert.deepEqual(
    registrar.registrar.lookup('sip:alice@127.0.0.1').map((b) => b.source.port),
    [45200],
    'the baresip is bound for alice',
  );

  assert.equal(await raw.login('alice', 'test-phone'), 401, 'the shared password no longer works for alice');
  assert.equal(await raw.login('1001', issued.password), 200, 'her agent number registers with her password too');
  assert.equal(await raw.login('bob', 'test-phone'), 200, 'bob has no password of his own: the shared one still works');
  assert.equal(await raw.login('bob', issued.password), 401, "alice's password is not bob's");

  const admin = await login(app, 'admin', 'admin1234');
  const again = phonePasswordResponseSchema.parse((await app.inject({ method: 'POST', url: '/api/v1/agents/alice/phone-password', headers: auth(admin) })).json());
  assert.equal(await raw.login('alice', issued.password), 401, 'rotated: the previous password is refused');
  assert.equal(await raw.login('alice', again.password), 200, 'the new one works at once');
});

test('auth throttle: 300 wrong passwords from one address get it blocked (403), the right password is refused while blocked and accepted after; logged and audited', async (t) => {
  const log = captureLog('warn');
  const BLOCK_SECONDS = 8; // long enough that 560 requests on a busy 2-core machine all fall inside it
  const { app, dir, close } = await engineApp({ sharedPassword: true, throttle: { maxFailures: 20, windowSeconds: 60, blockSeconds: BLOCK_SECONDS } }, log.logger);
  const guesser = await RawPhone.open('127.0.0.1', 45301);
  const elsewhere = await RawPhone.open('127.0.0.2', 45302);
  t.after(async () => {
    guesser.close();
    elsewhere.close();
    await close();
    removeDir(dir);
  });
  let ch: DigestChallenge | undefined;
  const challenges: number[] = [];
  const answers: number[] = [];
  let blockedAt = 0;
  for (let i = 0; i < 300; i++) {
    const c = await guesser.register('alice');
    challenges.push(c.status);
    if (c.status === 401) ch = parseChallenge(c.challenges[0]!)!;
    const r = await guesser.register('alice', answer(ch!, 'alice', `guess-${i}`, 2));
    answers.push(r.status);
    if (i === 19) blockedAt = Date.now();
  }
  const loopMs = Date.now() - blockedAt;
  t.diagnostic(`600 REGISTERs (300 wrong answers) took the guesser ${loopMs} ms after the block began`);
  assert.ok(loopMs < BLOCK_SECONDS * 1000 - 500, `the 280 guesses after the block all fell inside it (${loopMs} ms)`);
  assert.deepEqual(answers.slice(0, 20), Array(20).fill(401), 'the first 20 wrong answers are challenged again');
  assert.deepEqual(answers.slice(20), Array(280).fill(403), 'then every answer is refused unchecked');
  assert.deepEqual(challenges.slice(20), Array(280).fill(403), 'and no challenge is handed out while blocked');

  // The right password (the shared test-phone, seeded for alice), on a nonce issued before the block: refused.
  assert.equal((await guesser.register('alice', answer(ch!, 'alice', 'test-phone', 3))).status, 403, 'the right password is refused while blocked');
  assert.equal(await elsewhere.login('alice', 'test-phone'), 200, 'another address is not blocked');

  const warn = log.lines.find((l) => l.msg === 'SIP source blocked after failed digest authentication');
  assert.ok(warn, `the block is logged:\n${log.text()}`);
  assert.deepEqual([warn.address, warn.failures, warn.users], ['127.0.0.1', 20, ['alice']]);
  let row: AuditEntry | undefined;
  for (let i = 0; i < 100 && !row; i++, await sleep(20)) row = (await app.switchboard.store.audit.listAudit('alice', 10)).find((r) => r.kind === 'phone-auth');
  assert.ok(row, 'the block is audited for alice, whose name was tried');
  assert.equal(row.to, 'blocked');
  assert.deepEqual([row.detail?.address, row.detail?.failures, row.detail?.blockSeconds], ['127.0.0.1', 20, BLOCK_SECONDS]);

  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  assert.match(metrics, /^switchboard_sip_auth_blocks_total 1$/m);
  assert.match(metrics, /^switchboard_sip_auth_refused_total 561$/m, '280 REGISTERs without credentials, 280 wrong answers and the right one');
  await sleep(Math.max(0, blockedAt + BLOCK_SECONDS * 1000 + 300 - Date.now()));
  assert.equal(await guesser.login('alice', 'test-phone'), 200, 'accepted once the block is over');
  assert.equal(app.switchboard.telephony!.stack.registrar!.contactFor('alice')?.port, 45301, 'the newest binding is the one just made');
});
