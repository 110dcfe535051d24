import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveApiBase } from '../src/api/api-base';

const at = (search: string) => ({ search, origin: 'https://crm.example.com' });

describe('resolveApiBase', () => {
  it("defaults to the page's origin", () => {
    assert.equal(resolveApiBase(at('')), 'https://crm.example.com');
    assert.equal(resolveApiBase(at('?foo=1')), 'https://crm.example.com');
  });
  it('takes ?api= for an embedded adapter, without a trailing slash', () => {
    assert.equal(resolveApiBase(at('?api=https://sb.example.com')), 'https://sb.example.com');
    assert.equal(resolveApiBase(at('?api=http://127.0.0.1:8080/')), 'http://127.0.0.1:8080');
    assert.equal(resolveApiBase(at('?api=https%3A%2F%2Fsb.example.com%2Fswitchboard%2F')), 'https://sb.example.com/switchboard');
  });
  it('ignores an ?api= that is not an http(s) URL', () => {
    assert.equal(resolveApiBase(at('?api=javascript:alert(1)')), 'https://crm.example.com');
    assert.equal(resolveApiBase(at('?api=not a url')), 'https://crm.example.com');
    assert.equal(resolveApiBase(at('?api=')), 'https://crm.example.com');
  });
});
