import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseApi, pageAllowedOrigins, resolveApiBase } from '../src/api/api-base';

const at = (search: string) => ({ search, origin: 'https://crm.example.com' });
const ALLOWED = ['https://sb.example.com', 'http://127.0.0.1:8080'];

describe('resolveApiBase', () => {
  it("defaults to the page's origin", () => {
    assert.equal(resolveApiBase(at(''), ALLOWED), 'https://crm.example.com');
    assert.equal(resolveApiBase(at('?foo=1'), ALLOWED), 'https://crm.example.com');
  });
  it('takes ?api= for an embedded adapter when the server lists that origin, without a trailing slash', () => {
    assert.equal(resolveApiBase(at('?api=https://sb.example.com'), ALLOWED), 'https://sb.example.com');
    assert.equal(resolveApiBase(at('?api=http://127.0.0.1:8080/'), ALLOWED), 'http://127.0.0.1:8080');
    assert.equal(resolveApiBase(at('?api=https%3A%2F%2Fsb.example.com%2Fswitchboard%2F'), ALLOWED), 'https://sb.example.com/switchboard');
  });
  it('ignores an ?api= that is not an http(s) URL', () => {
    assert.equal(resolveApiBase(at('?api=javascript:alert(1)'), ALLOWED), 'https://crm.example.com');
    assert.equal(resolveApiBase(at('?api=not a url'), ALLOWED), 'https://crm.example.com');
    assert.equal(resolveApiBase(at('?api='), ALLOWED), 'https://crm.example.com');
  });
  it('ignores an ?api= origin the server does not list: the password never leaves for it', () => {
    assert.deepEqual(chooseApi(at('?api=http://attacker.example'), ALLOWED), { base: 'https://crm.example.com', own: true, refused: 'http://attacker.example' });
    assert.equal(resolveApiBase(at('?api=https://sb.example.com.attacker.example'), ALLOWED), 'https://crm.example.com');
    assert.equal(resolveApiBase(at('?api=https://user@attacker.example/https://sb.example.com'), ALLOWED), 'https://crm.example.com');
    // Nothing listed (no meta, the dev server): only the page's own origin.
    assert.equal(resolveApiBase(at('?api=https://sb.example.com'), []), 'https://crm.example.com');
    assert.equal(resolveApiBase(at('?api=https://sb.example.com'), pageAllowedOrigins(undefined)), 'https://crm.example.com');
  });
  it('says when the API is not the page own origin', () => {
    assert.deepEqual(chooseApi(at('?api=https://sb.example.com'), ALLOWED), { base: 'https://sb.example.com', own: false, refused: null });
    assert.deepEqual(chooseApi(at('?api=https://crm.example.com/'), ALLOWED), { base: 'https://crm.example.com', own: true, refused: null });
  });
  it("reads the server's list from the page's meta", () => {
    const doc = { querySelector: (s: string) => (s === 'meta[name="switchboard-api-origins"]' ? { getAttribute: () => ' https://sb.example.com  http://127.0.0.1:8080 ' } : null) };
    assert.deepEqual(pageAllowedOrigins(doc), ALLOWED);
  });
});
