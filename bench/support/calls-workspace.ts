/**
 * The workspace file for bench/calls-e2e.ts: N agents in one inbound campaign
 * (care-inbound, queue care-queue, the shape of config/demo-workspace.yaml),
 * a short auto-wrap so agents are Available again soon after each call, no
 * recording. One password and one PIN, hashed once with a cheap scrypt cost
 * (the same format verifySecret reads): login cost is not what this measures.
 * The demo call flow (demo-call-flow.ts) applies: the file has no workflows.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_PASSWORD = 'bench-password';

function cheapScrypt(secret: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret.normalize('NFKC'), salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export const agentName = (i: number): string => `agent${String(i + 1).padStart(4, '0')}`;

/** Writes workspace.yaml into `dir` (JSON is YAML) and returns its path and the usernames. */
export function writeCallsWorkspace(dir: string, agents: number, autoWrapSeconds: number): { file: string; usernames: string[] } {
  const passwordHash = cheapScrypt(BENCH_PASSWORD);
  const pinHash = cheapScrypt('1234');
  const usernames = Array.from({ length: agents }, (_, i) => agentName(i));
  const workspace = {
    version: 1,
    name: 'Bench Contact Centre',
    region: 'AU',
    callInNumber: '+61290000000',
    teams: [{ id: 'care', name: 'Customer Care' }],
    pauseReasons: [{ id: 'break', name: 'Break' }],
    campaigns: [
      {
        id: 'care-inbound',
        name: 'Customer Care',
        direction: 'inbound',
        wrapCodes: [{ id: 'resolved', name: 'Resolved' }],
        defaultWrapCode: 'resolved',
        autoWrapSeconds,
        recording: 'off',
      },
    ],
    queues: [{ id: 'care-queue', name: 'Care queue', campaign: 'care-inbound' }],
    agents: usernames.map((u, i) => ({
      username: u,
      displayName: `Agent ${i + 1}`,
      passwordHash,
      agentNumber: String(10000 + i),
      pinHash,
      team: 'care',
      campaigns: ['care-inbound'],
    })),
    staff: [],
  };
  const file = join(dir, 'workspace.yaml');
  writeFileSync(file, JSON.stringify(workspace, null, 1));
  return { file, usernames };
}
