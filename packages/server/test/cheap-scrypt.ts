import { randomBytes, scryptSync } from 'node:crypto';

/** Workspace secrets hashed cheaply (a valid scrypt hash, N=1024): login cost is not what these tests measure. */
export async function cheapScrypt(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = scryptSync(secret.normalize('NFKC'), salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}
