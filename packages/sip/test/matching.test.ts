import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TransactionLayer, serverKeyOf, clientKeyForResponse, clientKeyOf, NonInviteClientTransaction, InviteServerTransaction, type SipRequest } from '../src/index';
import { makeRequest, respond, rig } from './helpers';

function withVia(req: SipRequest, via: string): SipRequest {
  const h = req.headers.clone();
  h.set('via', via);
  return { ...req, headers: h };
}

test('17.1.3: a response matches on top-Via branch and CSeq method; a CANCEL response does not match the INVITE', () => {
  const inv = makeRequest('INVITE', 'z9hG4bKabc');
  assert.equal(clientKeyForResponse(respond(inv, 180)), clientKeyOf('z9hG4bKabc', 'INVITE'));
  const cancel = makeRequest('CANCEL', 'z9hG4bKabc');
  assert.equal(clientKeyForResponse(respond(cancel, 200)), clientKeyOf('z9hG4bKabc', 'CANCEL'));
  assert.notEqual(clientKeyForResponse(respond(cancel, 200)), clientKeyForResponse(respond(inv, 200)));
  const layer = new TransactionLayer();
  const r = rig();
  const opt = makeRequest('OPTIONS', 'z9hG4bKopt');
  const t = new NonInviteClientTransaction(opt, clientKeyOf('z9hG4bKopt', 'OPTIONS'), r.ctx(), { onResponse: () => {}, onTimeout: () => {}, onTransportError: () => {} });
  layer.clients.set(t.key, t);
  assert.equal(layer.findClient(respond(opt, 200)), t);
  assert.equal(layer.findClient(respond(makeRequest('OPTIONS', 'z9hG4bKother'), 200)), undefined);
});

test('17.2.3: branch + sent-by + method; ACK matches the INVITE; CANCEL finds the INVITE it cancels', () => {
  const inv = makeRequest('INVITE', 'z9hG4bKsrv');
  const key = serverKeyOf(inv)!;
  const layer = new TransactionLayer();
  const r = rig();
  const t = new InviteServerTransaction(inv, key, r.ctx(), { onTimeout: () => {}, onTransportError: () => {} });
  layer.servers.set(key, t);
  assert.equal(layer.findServer(inv), t);
  assert.equal(layer.findServer(makeRequest('ACK', 'z9hG4bKsrv')), t);
  assert.equal(layer.findServer(makeRequest('CANCEL', 'z9hG4bKsrv')), undefined);
  assert.equal(layer.findInviteForCancel(makeRequest('CANCEL', 'z9hG4bKsrv')), t);
  // Same branch from another sent-by is another transaction (a broken or malicious client).
  const other = withVia(inv, 'SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bKsrv');
  assert.equal(layer.findServer(other), undefined);
  // sent-by port defaults to 5060: "h" and "h:5060" are the same sent-by.
  assert.equal(serverKeyOf(withVia(inv, 'SIP/2.0/UDP h;branch=z9hG4bKx')), serverKeyOf(withVia(inv, 'SIP/2.0/UDP H:5060;branch=z9hG4bKx')));
});

test('RFC 2543 peers (no magic cookie) still match retransmissions on Call-ID, CSeq, From tag and Via', () => {
  const old = withVia(makeRequest('INVITE'), 'SIP/2.0/UDP 10.0.0.1:5060;branch=1234');
  const again = withVia(makeRequest('INVITE'), 'SIP/2.0/UDP 10.0.0.1:5060;branch=1234');
  assert.equal(serverKeyOf(old), serverKeyOf(again));
  const next = withVia(makeRequest('INVITE', 'x', { seq: 2 }), 'SIP/2.0/UDP 10.0.0.1:5060;branch=1234');
  assert.notEqual(serverKeyOf(old), serverKeyOf(next));
});
