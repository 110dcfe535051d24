import { test } from 'node:test';
import { ROUNDS, onSqlite } from './kill-rounds';

// Ports 43500-43899: four lanes (base + 100 × lane) of engine SIP, sandbox +10, RTP +20..+99.

test(`SQLite: a wrap outcome answered 200 survives a kill -9 right after (${ROUNDS} rounds)`, async (t) => {
  const r = await onSqlite('wrap', 43500);
  t.diagnostic(`${r.rounds} rounds in ${r.seconds} s`);
});
