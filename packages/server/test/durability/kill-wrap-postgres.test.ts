import { test } from 'node:test';
import { ROUNDS, onPostgres } from './kill-rounds';

// Ports 44300-44699: four lanes (base + 100 × lane) of engine SIP, sandbox +10, RTP +20..+99.

test(`PostgreSQL: a wrap outcome answered 200 survives a kill -9 right after (${ROUNDS} rounds)`, async (t) => {
  const r = await onPostgres('wrap', 44300);
  t.diagnostic(`${r.rounds} rounds in ${r.seconds} s`);
});
