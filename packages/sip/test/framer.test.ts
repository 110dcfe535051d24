import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamFramer, parseMessage } from '../src/index';

const msg = (n: number, body = ''): Buffer =>
  Buffer.from(
    `OPTIONS sip:x@h SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK${n}\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:x@h>\r\nCall-ID: c${n}\r\nCSeq: ${n} OPTIONS\r\nl: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );

test('coalesced messages in one chunk are split by Content-Length (compact form too)', () => {
  const f = new StreamFramer();
  const evs = f.push(Buffer.concat([msg(1, 'hello'), msg(2), msg(3, 'x\r\n\r\ny')]));
  assert.deepEqual(
    evs.map((e) => e.type),
    ['message', 'message', 'message'],
  );
  const bodies = evs.map((e) => (e.type === 'message' ? parseMessage(e.data, { stream: true }) : undefined)).map((r) => (r?.type === 'message' ? r.message.body.toString() : '?'));
  assert.deepEqual(bodies, ['hello', '', 'x\r\n\r\ny']);
});

test('a message split at every byte boundary reassembles', () => {
  const whole = Buffer.concat([msg(1, 'abc'), msg(2, 'defg')]);
  for (let cut = 1; cut < whole.length; cut += 7) {
    const f = new StreamFramer();
    const evs = [...f.push(whole.subarray(0, cut)), ...f.push(whole.subarray(cut))];
    assert.equal(evs.filter((e) => e.type === 'message').length, 2, `cut at ${cut}`);
    assert.equal(f.buffered, 0);
  }
  const f = new StreamFramer();
  let n = 0;
  for (const b of whole) n += f.push(Buffer.from([b])).filter((e) => e.type === 'message').length;
  assert.equal(n, 2);
});

test('CRLFCRLF keepalives are pings; bad Content-Length and endless headers are framing errors', () => {
  const f = new StreamFramer();
  assert.deepEqual(
    f.push(Buffer.from('\r\n\r\n')).map((e) => e.type),
    ['ping'],
  );
  assert.deepEqual(
    new StreamFramer().push(Buffer.from('OPTIONS sip:x SIP/2.0\r\nContent-Length: abc\r\n\r\n')).map((e) => e.type),
    ['error'],
  );
  const g = new StreamFramer({ maxMessageSize: 1000, maxHeaders: 10, maxHeaderLineLength: 100 });
  assert.deepEqual(
    g.push(Buffer.alloc(2000, 0x41)).map((e) => e.type),
    ['error'],
  );
  assert.deepEqual(
    new StreamFramer({ maxMessageSize: 1000, maxHeaders: 10, maxHeaderLineLength: 100 }).push(Buffer.from('OPTIONS sip:x SIP/2.0\r\nl: 5000\r\n\r\n')).map((e) => e.type),
    ['error'],
  );
});
