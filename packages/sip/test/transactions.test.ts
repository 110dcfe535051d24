import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StateMachine, IllegalTransitionError, allowedMoves, forbiddenMoves, type TransitionTable } from '@switchboard/shared';
import {
  INVITE_CLIENT_TABLE,
  NON_INVITE_CLIENT_TABLE,
  INVITE_SERVER_TABLE,
  NON_INVITE_SERVER_TABLE,
  InviteClientTransaction,
  NonInviteClientTransaction,
  InviteServerTransaction,
  NonInviteServerTransaction,
  type SipResponse,
} from '../src/index';
import { makeRequest, respond, rig, parse } from './helpers';

const tables: Array<[string, TransitionTable<string>]> = [
  ['invite client', INVITE_CLIENT_TABLE],
  ['non-invite client', NON_INVITE_CLIENT_TABLE],
  ['invite server', INVITE_SERVER_TABLE],
  ['non-invite server', NON_INVITE_SERVER_TABLE],
];

for (const [name, table] of tables) {
  test(`${name} transaction table: every allowed move works, every other move throws`, () => {
    for (const [from, to] of allowedMoves(table)) {
      const m = new StateMachine(name, table, from);
      m.transition(to);
      assert.equal(m.state, to);
    }
    for (const [from, to] of forbiddenMoves(table)) {
      const m = new StateMachine(name, table, from);
      assert.throws(() => m.transition(to), IllegalTransitionError);
    }
    assert.deepEqual(table['terminated'], []);
  });
}

function user() {
  const got: SipResponse[] = [];
  const u = { got, timeouts: 0, errors: 0, onResponse: (r: SipResponse) => void got.push(r), onTimeout: () => void u.timeouts++, onTransportError: () => void u.errors++ };
  return u;
}

test('INVITE client over UDP: timer A doubles (0.5, 1, 2, 4, 8, 16 s) until timer B at 64*T1', () => {
  const r = rig();
  const u = user();
  const t = new InviteClientTransaction(makeRequest('INVITE'), 'k', r.ctx(), u);
  t.start();
  const times: number[] = [];
  const before = r.local.sent.length;
  for (let ms = 0; ms <= 32000; ms += 100) {
    const n = r.local.sent.length;
    r.clock.advance(100);
    if (r.local.sent.length > n) times.push(r.clock.now());
  }
  assert.equal(before, 1);
  assert.deepEqual(times, [500, 1500, 3500, 7500, 15500, 31500]);
  assert.equal(r.counters.retransmissions, 6);
  assert.equal(u.timeouts, 1);
  assert.equal(t.state, 'terminated');
  assert.equal(r.terminated, 1);
});

test('INVITE client: 1xx stops retransmits; 486 is ACKed (and re-ACKed) and timer D ends it', () => {
  const r = rig();
  const u = user();
  const inv = makeRequest('INVITE');
  const t = new InviteClientTransaction(inv, 'k', r.ctx(), u);
  t.start();
  t.receiveResponse(respond(inv, 180));
  assert.equal(t.state, 'proceeding');
  r.clock.advance(10000);
  assert.equal(r.local.sent.length, 1);
  t.receiveResponse(respond(inv, 486));
  assert.equal(t.state, 'completed');
  const ack = parse(r.local.sent[1]!.data);
  assert.equal(ack.kind === 'request' && ack.method, 'ACK');
  assert.equal(ack.headers.get('cseq'), '1 ACK');
  assert.match(ack.headers.get('to')!, /tag=tt1/);
  assert.equal(ack.headers.get('via'), inv.headers.get('via'));
  t.receiveResponse(respond(inv, 486));
  assert.equal(r.local.sent.length, 3);
  assert.deepEqual(
    u.got.map((x) => x.status),
    [180, 486],
  );
  r.clock.advance(31999);
  assert.equal(t.state, 'completed');
  r.clock.advance(1);
  assert.equal(t.state, 'terminated');
});

test('INVITE client: 2xx moves to accepted, later 2xx reach the TU, timer M ends it; reliable has no timer A', () => {
  const r = rig();
  const u = user();
  const inv = makeRequest('INVITE');
  const t = new InviteClientTransaction(inv, 'k', r.ctx(true), u);
  t.start();
  assert.deepEqual(t.activeTimers, ['B']);
  t.receiveResponse(respond(inv, 200));
  t.receiveResponse(respond(inv, 200));
  assert.equal(t.state, 'accepted');
  assert.equal(u.got.length, 2);
  r.clock.advance(32000);
  assert.equal(t.state, 'terminated');
});

test('non-INVITE client over UDP: timer E 0.5, 1, 2, then T2 caps at 4 s; timer F at 32 s', () => {
  const r = rig();
  const u = user();
  const t = new NonInviteClientTransaction(makeRequest('OPTIONS'), 'k', r.ctx(), u);
  t.start();
  const times: number[] = [];
  for (let ms = 0; ms < 32000; ms += 100) {
    const n = r.local.sent.length;
    r.clock.advance(100);
    if (r.local.sent.length > n) times.push(r.clock.now());
  }
  assert.deepEqual(times, [500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
  assert.equal(u.timeouts, 1);
  assert.equal(t.state, 'terminated');
});

test('non-INVITE client: in proceeding timer E fires every T2; final moves to completed; K = T4', () => {
  const r = rig();
  const u = user();
  const req = makeRequest('BYE');
  const t = new NonInviteClientTransaction(req, 'k', r.ctx(), u);
  t.start();
  t.receiveResponse(respond(req, 100));
  assert.equal(t.state, 'proceeding');
  r.clock.advance(500); // E was armed at T1 in trying
  assert.equal(r.local.sent.length, 2);
  r.clock.advance(4000);
  assert.equal(r.local.sent.length, 3);
  t.receiveResponse(respond(req, 200));
  assert.equal(t.state, 'completed');
  t.receiveResponse(respond(req, 200)); // absorbed
  assert.deepEqual(
    u.got.map((x) => x.status),
    [100, 200],
  );
  r.clock.advance(4999);
  assert.equal(t.state, 'completed');
  r.clock.advance(1);
  assert.equal(t.state, 'terminated');
});

test('non-INVITE client over a reliable transport: no timer E, timer K is zero', () => {
  const r = rig();
  const u = user();
  const req = makeRequest('OPTIONS');
  const t = new NonInviteClientTransaction(req, 'k', r.ctx(true), u);
  t.start();
  assert.deepEqual(t.activeTimers, ['F']);
  t.receiveResponse(respond(req, 200));
  r.clock.advance(0);
  assert.equal(t.state, 'terminated');
});

test('INVITE server: 100 Trying, retransmitted INVITE gets the last provisional, 486 retransmitted by G until ACK', () => {
  const r = rig();
  const inv = makeRequest('INVITE');
  const u = { timeouts: 0, onTimeout: () => void u.timeouts++, onTransportError: () => {} };
  const t = new InviteServerTransaction(inv, 'k', r.ctx(), u);
  t.start();
  assert.match(r.local.sent[0]!.data.toString(), /^SIP\/2.0 100 Trying/);
  t.respond(respond(inv, 180));
  t.receiveRequest(inv);
  assert.match(r.local.sent[2]!.data.toString(), /^SIP\/2.0 180/);
  t.respond(respond(inv, 486));
  assert.equal(t.state, 'completed');
  const times: number[] = [];
  for (let i = 0; i < 120; i++) {
    const n = r.local.sent.length;
    r.clock.advance(100);
    if (r.local.sent.length > n) times.push(r.clock.now());
  }
  assert.deepEqual(times, [500, 1500, 3500, 7500, 11500]);
  t.receiveRequest(makeRequest('ACK'));
  assert.equal(t.state, 'confirmed');
  r.clock.advance(4000);
  assert.equal(r.local.sent.length, 9); // no more G after ACK
  r.clock.advance(1000); // timer I = T4
  assert.equal(t.state, 'terminated');
  assert.equal(u.timeouts, 0);
});

test('INVITE server: no ACK means timer H at 64*T1 tells the TU', () => {
  const r = rig();
  const inv = makeRequest('INVITE');
  const u = { timeouts: 0, onTimeout: () => void u.timeouts++, onTransportError: () => {} };
  const t = new InviteServerTransaction(inv, 'k', r.ctx(), u);
  t.start();
  t.respond(respond(inv, 603));
  r.clock.advance(32000);
  assert.equal(t.state, 'terminated');
  assert.equal(u.timeouts, 1);
});

test('INVITE server: 2xx moves to accepted, INVITE retransmissions are absorbed, timer L ends it', () => {
  const r = rig();
  const inv = makeRequest('INVITE');
  const t = new InviteServerTransaction(inv, 'k', r.ctx(), { onTimeout: () => {}, onTransportError: () => {} });
  t.start();
  t.respond(respond(inv, 200));
  assert.equal(t.state, 'accepted');
  t.receiveRequest(inv);
  assert.equal(r.local.sent.length, 2);
  r.clock.advance(32000);
  assert.equal(t.state, 'terminated');
});

test('non-INVITE server: retransmitted request gets the final response again; J = 64*T1 on UDP, 0 on TCP', () => {
  const r = rig();
  const req = makeRequest('OPTIONS');
  const t = new NonInviteServerTransaction(req, 'k', r.ctx());
  t.receiveRequest(req); // trying: discarded
  assert.equal(r.local.sent.length, 0);
  t.respond(respond(req, 200));
  t.receiveRequest(req);
  assert.equal(r.local.sent.length, 2);
  r.clock.advance(31999);
  assert.equal(t.state, 'completed');
  r.clock.advance(1);
  assert.equal(t.state, 'terminated');
  const t2 = new NonInviteServerTransaction(req, 'k2', r.ctx(true));
  t2.respond(respond(req, 100));
  assert.equal(t2.state, 'proceeding');
  t2.respond(respond(req, 200));
  r.clock.advance(0);
  assert.equal(t2.state, 'terminated');
});

test('INVITE server over a reliable transport: no timer G, only H; ACK then timer I = 0', () => {
  const r = rig();
  const inv = makeRequest('INVITE');
  const t = new InviteServerTransaction(inv, 'k', r.ctx(true), { onTimeout: () => {}, onTransportError: () => {} });
  t.start();
  t.respond(respond(inv, 480));
  assert.deepEqual(t.activeTimers, ['H']);
  t.receiveRequest(makeRequest('ACK'));
  assert.equal(t.state, 'confirmed');
  r.clock.advance(0);
  assert.equal(t.state, 'terminated');
});

test('a transport error ends a client transaction and tells the TU', async () => {
  const r = rig();
  const u = { errors: 0, onResponse: () => {}, onTimeout: () => {}, onTransportError: () => void u.errors++ };
  const req = makeRequest('OPTIONS');
  const ctx = r.ctx();
  ctx.flow = { transport: ctx.flow.transport, dest: { host: '127.0.0.1', port: 1 } }; // nobody there
  const t = new NonInviteClientTransaction(req, 'k', ctx, u);
  t.start();
  await new Promise((res) => setImmediate(res));
  assert.equal(t.state, 'terminated');
  assert.equal(u.errors, 1);
});
