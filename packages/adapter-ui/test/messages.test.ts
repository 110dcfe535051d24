import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '@switchboard/sdk';
import { describeError, formatWait } from '../src/state/messages';

describe('describeError', () => {
  it('words wrong credentials plainly', () => {
    assert.equal(describeError(new ApiError('INVALID_CREDENTIALS', 'Invalid username or password', 401)), 'Wrong username or password.');
  });
  it('gives the lock-out wait from Retry-After, else from details, else none', () => {
    assert.match(describeError(new ApiError('LOGIN_THROTTLED', 'x', 429, undefined, 42)), /wait 42 seconds before trying again\./);
    assert.match(describeError(new ApiError('LOGIN_THROTTLED', 'x', 429, { retryAfterSeconds: 600 })), /wait 10 minutes before trying again\./);
    assert.match(describeError(new ApiError('LOGIN_THROTTLED', 'x', 429)), /please wait a while/);
  });
  it('keeps the server’s reason for a voice failure', () => {
    assert.match(describeError(new ApiError('VOICE_UNAVAILABLE', 'engine down', 503)), /engine down/);
  });
  it('never shows internals of an unknown error', () => {
    assert.equal(describeError(new Error('stack trace here')), 'Something went wrong. Please try again.');
  });
});

describe('formatWait', () => {
  it('uses seconds under a minute and whole minutes above', () => {
    assert.equal(formatWait(1), '1 second');
    assert.equal(formatWait(59), '59 seconds');
    assert.equal(formatWait(60), '1 minute');
    assert.equal(formatWait(61), '2 minutes');
  });
});
