import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { installFatalHandlers } from '../src/fatal-handlers';

test('an unhandled rejection or uncaught exception is logged with its error, then the process stops through the current stop path', () => {
  const proc = new EventEmitter();
  const logged: Array<{ obj: object; msg: string }> = [];
  const stops: string[] = [];
  let stop = (reason: string): void => void stops.push(`early:${reason}`);
  installFatalHandlers(proc, { fatal: (obj, msg) => void logged.push({ obj, msg }) }, () => stop);

  const boom = new Error('Unknown queue "vip-queue"');
  proc.emit('unhandledRejection', boom);
  assert.deepEqual(stops, ['early:unhandledRejection'], 'before the app is up: the early stop');
  stop = (reason) => void stops.push(`graceful:${reason}`);
  proc.emit('uncaughtException', new TypeError('x is undefined'));
  assert.deepEqual(stops, ['early:unhandledRejection', 'graceful:uncaughtException']);
  assert.equal(logged[0]!.msg, 'unhandled promise rejection');
  assert.equal((logged[0]!.obj as { err: unknown }).err, boom, 'the error itself is logged (pino prints its stack)');
  assert.equal(logged[1]!.msg, 'uncaught exception');
});
