/**
 * A server process prepared ahead: it loads the server's modules, then waits
 * for one line on stdin (the environment as JSON) and runs main() with it, so
 * a test that starts a server per round does not pay module loading each time.
 * Workspace secrets are hashed with a cheap scrypt (as the bench does): login
 * cost is not what these tests measure.
 */
import { main } from '../../src/serve';
import { cheapScrypt } from '../cheap-scrypt';

// A test killed by its runner must not leave servers holding its ports: go with the parent.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
}, 500).unref();

process.stdout.write('SWITCHBOARD_PREPARED\n');
let buf = '';
process.stdin.on('data', (b: Buffer) => {
  buf += b.toString();
  const nl = buf.indexOf('\n');
  if (nl < 0) return;
  process.stdin.pause();
  const env = JSON.parse(buf.slice(0, nl)) as Record<string, string>;
  void main({ ...process.env, ...env }, { workspaceHash: cheapScrypt });
});
