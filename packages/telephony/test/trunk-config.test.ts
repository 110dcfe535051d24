import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trunk, TrunkTable } from '../src/trunk/trunk-config';
import { compileRules, rewriteNumber } from '../src/trunk/number-rewrite';
import { TelephonyError } from '../src/errors';

const isCode = (code: string) => (e: unknown) => e instanceof TelephonyError && e.code === code;

test('number rewriting: first matching rule wins, separators are dropped', () => {
  const rules = compileRules(
    [
      { match: '0(4\\d{8})', replace: '+61$1' },
      { match: '\\+?61(\\d{9})', replace: '+61$1' },
      { match: '0(\\d+)', replace: '+44$1' },
    ],
    't',
  );
  assert.equal(rewriteNumber('0412 345 678', rules), '+61412345678');
  assert.equal(rewriteNumber('61412345678', rules), '+61412345678');
  assert.equal(rewriteNumber('020-7946-0000', rules), '+442079460000');
  assert.equal(rewriteNumber('1000', rules), '1000');
  assert.throws(() => rewriteNumber('12ab', rules), isCode('TEL_BAD_NUMBER'));
  assert.throws(() => compileRules([{ match: '(', replace: '' }], 't'), isCode('TEL_BAD_CONFIG'));
});

test('trunks are validated and looked up by name', () => {
  const table = new TrunkTable([
    { name: 'carrier', address: '127.0.0.1:5099', transport: 'tcp', credentials: { username: 'u', password: 'p' }, outboundRewrite: [{ match: '0(\\d+)', replace: '+61$1' }] },
    { name: 'other', address: 'sip.example.com' },
  ]);
  const t = table.get('carrier');
  assert.equal(t.host, '127.0.0.1');
  assert.equal(t.port, 5099);
  assert.equal(t.transport, 'tcp');
  assert.equal(t.outboundNumber('0299990000'), '+61299990000');
  assert.equal(table.get('other').port, 5060);
  assert.equal(table.get('other').transport, 'udp');
  assert.equal(table.fromSource('127.0.0.1', 5099, 'udp'), undefined, 'a TCP trunk is not matched on UDP');
  assert.equal(table.fromSource('127.0.0.1', 41234, 'tcp')?.name, 'carrier', 'over TCP any (ephemeral) source port');
  assert.equal(table.fromSource('sip.example.com', 5060, 'udp')?.name, 'other');
  assert.equal(table.fromSource('sip.example.com', 5061, 'udp'), undefined, 'the carrier host on another port is not the trunk');
  assert.throws(() => table.get('nope'), isCode('TEL_NO_SUCH_TRUNK'));
  assert.throws(() => table.add({ name: 'carrier', address: 'x' }), isCode('TEL_BAD_CONFIG'));
  assert.throws(() => new Trunk({ name: 'bad name', address: 'x' }), isCode('TEL_BAD_CONFIG'));
  assert.throws(() => new Trunk({ name: 'a', address: 'x:99999' }), isCode('TEL_BAD_CONFIG'));
  assert.throws(() => new Trunk({ name: 'a', address: 'x', transport: 'ws' as 'udp' }), isCode('TEL_BAD_CONFIG'));
  assert.throws(() => new Trunk({ name: 'a', address: 'x', ringTimeoutSec: 0 }), isCode('TEL_BAD_CONFIG'));
});

test('a trunk is matched by host and source port (or its declared range); one with inbound credentials never by address', () => {
  const table = new TrunkTable([
    { name: 'sbc', address: '10.0.0.7:5060', sourcePorts: { min: 5060, max: 5069 } },
    { name: 'auth', address: '10.0.0.8', inboundCredentials: { username: 'pbx1', password: 'pw' } },
  ]);
  assert.equal(table.fromSource('10.0.0.7', 5065, 'udp')?.name, 'sbc');
  assert.equal(table.fromSource('10.0.0.7', 5070, 'udp'), undefined);
  assert.equal(table.fromSource('10.0.0.7', 40000, 'udp'), undefined);
  assert.equal(table.fromSource('10.0.0.8', 5060, 'udp'), undefined, 'an authenticating trunk is not trusted by its address');
  assert.equal(table.byInboundUser('pbx1')?.name, 'auth');
  assert.equal(table.byInboundUser('pbx2'), undefined);
  for (const bad of [
    { min: 0, max: 10 },
    { min: 6000, max: 5000 },
    { min: 1.5, max: 2 },
  ]) {
    assert.throws(() => new Trunk({ name: 'a', address: 'x', sourcePorts: bad }), isCode('TEL_BAD_CONFIG'));
  }
  assert.throws(() => new Trunk({ name: 'a', address: 'x', inboundCredentials: { username: 'a b', password: 'p' } }), isCode('TEL_BAD_CONFIG'));
  assert.throws(() => new Trunk({ name: 'a', address: 'x', inboundCredentials: { username: 'ab', password: '' } }), isCode('TEL_BAD_CONFIG'));
});

test('replacing the trunk table is all or nothing: a bad trunk leaves the old table in place', () => {
  const table = new TrunkTable([{ name: 'old', address: '10.0.0.1:5060' }]);
  table.replace([
    { name: 'new', address: '10.0.0.2:5080', maxCalls: 2 },
    { name: 'pbx', address: '10.0.0.3' },
  ]);
  assert.deepEqual(
    table.list().map((t) => t.name),
    ['new', 'pbx'],
  );
  assert.equal(table.fromSource('10.0.0.2', 5080, 'udp')?.name, 'new');
  assert.equal(table.fromSource('10.0.0.1', 5060, 'udp'), undefined, 'the old trunk no longer matches its host');
  assert.throws(() => table.get('old'), isCode('TEL_NO_SUCH_TRUNK'));
  for (const bad of [
    [
      { name: 'ok', address: '10.0.0.4' },
      { name: 'ok', address: '10.0.0.5' },
    ],
    [
      { name: 'ok', address: '10.0.0.4' },
      { name: 'rules', address: '10.0.0.5', outboundRewrite: [{ match: '(', replace: '' }] },
    ],
  ]) {
    assert.throws(() => table.replace(bad), isCode('TEL_BAD_CONFIG'));
    assert.deepEqual(
      table.list().map((t) => t.name),
      ['new', 'pbx'],
      'unchanged after a refused replace',
    );
  }
});
