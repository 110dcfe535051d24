import net from 'node:net';

/** Sends `request` byte for byte on a fresh socket (no client-side path normalisation) and returns the whole answer. */
export function rawRequest(port: number, request: string, timeoutMs = 5000): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(request));
    let buf = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(request.split('\r\n')[0])}`));
    }, timeoutMs);
    s.on('data', (d) => (buf += d.toString('latin1')));
    s.on('error', reject);
    s.on('close', () => {
      clearTimeout(timer);
      const [head = '', ...rest] = buf.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const h of headerLines) {
        const i = h.indexOf(':');
        if (i > 0) headers[h.slice(0, i).toLowerCase()] = h.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

export const get = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`;
