import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess, engineEnv, storeEnv } from './server-process';
const dir = mkdtempSync(join(tmpdir(), 'sb-probe-'));
for (let i = 0; i < 2; i++) {
let t0 = Date.now();
const s = await ServerProcess.start({ ...engineEnv(43100), ...storeEnv({ kind: 'sqlite', dir: join(dir, 'data') }), LOG_LEVEL: 'info' }, dir);
const t1 = Date.now();
const token = await s.login('alice');
const t2 = Date.now();
console.log('start', t1 - t0, 'login', t2 - t1);
const lines = s.log.split('\n').filter(Boolean).map((l) => { try { const j = JSON.parse(l); return `${j.time} ${j.msg}`; } catch { return l; } });
console.log(lines.slice(0, 12).join('\n'), t0);
await s.kill9();
}
