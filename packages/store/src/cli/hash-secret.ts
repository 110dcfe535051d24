/**
 * Prints a scrypt hash for a workspace file's `passwordHash` or `pinHash`.
 *   npx tsx packages/store/src/cli/hash-secret.ts            (reads the secret from stdin)
 *   echo -n 's3cret' | npx tsx packages/store/src/cli/hash-secret.ts
 * The secret is read from stdin, not argv, so it stays out of shell history
 * and the process list.
 */
import { hashSecret } from '@switchboard/shared';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  if (process.stdin.isTTY) process.stderr.write('Secret (then Enter, Ctrl-D): ');
  const secret = (await readStdin()).replace(/\r?\n$/, '');
  if (secret.length === 0) {
    process.stderr.write('hash-secret: no secret given on stdin\n');
    process.exit(2);
  }
  process.stdout.write(`${await hashSecret(secret)}\n`);
}

void main();
