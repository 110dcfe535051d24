import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Headers, parseReferRequest, parseReplaces, refuseReplaces, replacesSyntaxRefusal, formatReplaces, type SipRequest } from '../src/index';
import { makeRequest } from './helpers';

function refer(headers: Record<string, string | string[]>): SipRequest {
  const r = makeRequest('REFER', 'z9hG4bKrefer', { toTag: 'tt' });
  for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) r.headers.append(k, one);
  return r;
}

test('parseReplaces: RFC 3891 6.1 grammar (exactly one to-tag and from-tag, early-only flag)', () => {
  assert.deepEqual(parseReplaces('98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff'), {
    callId: '98732@sip.example.com',
    toTag: 'ff87ff',
    fromTag: 'r33th4x0r',
    earlyOnly: false,
  });
  assert.equal(parseReplaces('abc;to-tag=1;from-tag=2;early-only')?.earlyOnly, true);
  assert.equal(parseReplaces(' abc ; TO-TAG = 1 ; from-tag=2 ; foo=bar')?.toTag, '1');
  for (const bad of [
    '',
    'abc',
    'abc;to-tag=1',
    'abc;from-tag=2',
    'abc;to-tag=1;to-tag=3;from-tag=2',
    'abc;to-tag=;from-tag=2',
    'a b;to-tag=1;from-tag=2',
    'abc;to-tag=1;from-tag=2;early-only=yes',
    'a@b@c;to-tag=1;from-tag=2',
    'abc;to-tag=1\r\nX: y;from-tag=2',
    'abc,def;to-tag=1;from-tag=2',
    `${'x'.repeat(2000)};to-tag=1;from-tag=2`,
  ]) {
    assert.equal(parseReplaces(bad), undefined, bad);
  }
  const r = parseReplaces('c1@h;to-tag=a;from-tag=b;early-only')!;
  assert.deepEqual(parseReplaces(formatReplaces(r)), r);
});

test('refuseReplaces: RFC 3891 3 (481 no match, 603 ended, 486 early-only on a confirmed dialog)', () => {
  const r = parseReplaces('c;to-tag=a;from-tag=b')!;
  assert.equal(refuseReplaces(r, undefined)?.status, 481);
  assert.equal(refuseReplaces(r, { state: 'terminated' })?.status, 603);
  assert.equal(refuseReplaces({ ...r, earlyOnly: true }, { state: 'confirmed' })?.status, 486);
  assert.equal(refuseReplaces(r, { state: 'confirmed' }), undefined);
  assert.equal(refuseReplaces(r, { state: 'accepted' }), undefined);
});

test('replacesSyntaxRefusal: only in a dialog-creating INVITE, one value, well formed', () => {
  const inv = (v: string[]) => {
    const q = makeRequest('INVITE');
    for (const x of v) q.headers.append('replaces', x);
    return q;
  };
  assert.equal(replacesSyntaxRefusal(inv([]), false), undefined);
  assert.equal(replacesSyntaxRefusal(inv(['c;to-tag=a;from-tag=b']), false), undefined);
  assert.equal(replacesSyntaxRefusal(inv(['c;to-tag=a;from-tag=b', 'd;to-tag=a;from-tag=b']), false)?.reason, 'Multiple Replaces Header Values');
  assert.equal(replacesSyntaxRefusal(inv(['c;to-tag=a']), false)?.reason, 'Malformed Replaces Header');
  assert.equal(replacesSyntaxRefusal(inv(['c;to-tag=a;from-tag=b']), true)?.reason, 'Replaces In A re-INVITE');
  const bye = makeRequest('BYE');
  bye.headers.set('replaces', 'c;to-tag=a;from-tag=b');
  assert.equal(replacesSyntaxRefusal(bye, true)?.status, 400);
});

test('parseReferRequest: blind targets (sip user, percent-decoded, tel number), Referred-By kept', () => {
  const a = parseReferRequest(refer({ 'refer-to': '<sip:+15550001@127.0.0.1>' }));
  assert.ok(a.ok);
  assert.equal(a.refer.target, '+15550001');
  assert.equal(a.refer.uriText, 'sip:+15550001@127.0.0.1');
  assert.equal(a.refer.replaces, undefined);
  assert.equal(a.refer.referredBy, undefined);
  const b = parseReferRequest(refer({ r: 'sip:%2B61491570100@pbx.example.com;user=phone', b: '"Alice" <sip:alice@pbx.example.com>;cid=1' }));
  assert.ok(b.ok);
  assert.equal(b.refer.target, '+61491570100');
  assert.equal(b.refer.referredBy, 'sip:alice@pbx.example.com');
  const c = parseReferRequest(refer({ 'refer-to': '"Sales" <tel:+15550002;phone-context=example.com>' }));
  assert.ok(c.ok);
  assert.equal(c.refer.target, '+15550002');
  assert.equal(c.refer.displayName, 'Sales');
});

test('parseReferRequest: attended (an escaped Replaces in the Refer-To URI)', () => {
  const r = parseReferRequest(refer({ 'refer-to': '<sip:bob@10.0.0.2?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>' }));
  assert.ok(r.ok);
  assert.deepEqual(r.refer.replaces, { callId: '12345@192.168.118.3', toTag: '12345', fromTag: '5FFE-3994', earlyOnly: false });
  assert.equal(r.refer.uriText, 'sip:bob@10.0.0.2');
  assert.equal(r.refer.target, 'bob');
});

test('parseReferRequest: every malformed REFER is a 400 with a reason (RFC 3515 2.4.2)', () => {
  const cases: Array<[Record<string, string | string[]>, string]> = [
    [{}, 'Missing Refer-To Header'],
    [{ 'refer-to': ['<sip:a@h>', '<sip:b@h>'] }, 'Multiple Refer-To Header Values'],
    [{ 'refer-to': '<sip:a@h>, <sip:b@h>' }, 'Multiple Refer-To Header Values'],
    [{ 'refer-to': '<sip:a@>' }, 'Malformed Refer-To Header'],
    [{ 'refer-to': 'not a uri' }, 'Malformed Refer-To Header'],
    [{ 'refer-to': '<http://example.com/x>' }, 'Malformed Refer-To Header'],
    [{ 'refer-to': '<sip:a@h' }, 'Malformed Refer-To Header'],
    [{ 'refer-to': '<sip:a@h?Replaces=abc>' }, 'Malformed Replaces In Refer-To'],
    [{ 'refer-to': '<sip:a@h?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2%ZZ>' }, 'Malformed Replaces In Refer-To'],
    [{ 'refer-to': '<sip:a@h?Replaces=a%3Bto-tag%3D1%3Bfrom-tag%3D2&replaces=b%3Bto-tag%3D1%3Bfrom-tag%3D2>' }, 'Multiple Replaces In Refer-To'],
    [{ 'refer-to': '<sip:a%0d%0aX@h>' }, 'Malformed Refer-To User'],
    [{ 'refer-to': '<sip:a%E0@h>' }, 'Malformed Refer-To User'],
    [{ 'refer-to': '<sip:a@h>', 'referred-by': 'garbage <' }, 'Malformed Referred-By Header'],
    [{ 'refer-to': '<sip:a@h>', 'referred-by': ['<sip:x@h>', '<sip:y@h>'] }, 'Multiple Referred-By Header Values'],
  ];
  for (const [h, reason] of cases) {
    const r = parseReferRequest(refer(h));
    assert.deepEqual(r, { ok: false, status: 400, reason }, JSON.stringify(h));
  }
});

test('property: parseReferRequest never throws and a refusal is always a clean 400', () => {
  const piece = fc.constantFrom(
    '<',
    '>',
    '?',
    '&',
    '=',
    '%',
    '%3B',
    '%40',
    ';',
    ',',
    '"',
    '\\',
    '@',
    ':',
    'sip:',
    'tel:',
    'Replaces=',
    'to-tag',
    'from-tag',
    ' ',
    '\t',
    'é',
    '\u0000',
    'x',
  );
  const junk = fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 30 }).map((a) => a.join(''));
  fc.assert(
    fc.property(junk, fc.option(junk), (to, by) => {
      const h = new Headers();
      h.set('refer-to', to);
      if (by !== null) h.set('referred-by', by);
      const req: SipRequest = { ...makeRequest('REFER'), headers: h };
      const r = parseReferRequest(req);
      if (!r.ok) {
        assert.equal(r.status, 400);
        assert.ok(!/[\r\n]/.test(r.reason));
      } else assert.ok(!/[\r\n\0]/.test(r.refer.target));
    }),
    { numRuns: 1000 },
  );
});
