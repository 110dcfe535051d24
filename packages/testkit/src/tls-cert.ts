import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { requireTool, tempDir } from './tools';

export interface TestCert {
  /** Paths of the PEM files: the certificate (also the CA to trust: it is self-signed) and key. */
  cert: string;
  key: string;
  dir: string;
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with openssl at test time (so no
 * key is ever committed). Valid for a day.
 */
export function selfSignedCert(name = 'sip'): TestCert {
  requireTool('openssl');
  const dir = tempDir(`tls-${name}`);
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      `/CN=${name}.test`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl could not make a test certificate: ${r.stderr}`);
  return { cert, key, dir };
}
