import { test } from 'node:test';
import { ROUNDS, onSqlite } from './kill-rounds';

// Ports 43100-43499: four lanes (base + 100 × lane) of engine SIP, sandbox +10, RTP +20..+99.

test(`SQLite: a note answered 200 survives a kill -9 right after (${ROUNDS} rounds)`, async (t) => {
  const r = await onSqlite('note', 43100);
  t.diagnostic(`${r.rounds} rounds in ${r.seconds} s`);
});
