/** A random id from the platform's Web Crypto (browsers and Node 20 both have it). */
export function randomId(prefix: string, bytes = 12): string {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  let hex = '';
  for (const b of buf) hex += b.toString(16).padStart(2, '0');
  return `${prefix}-${hex}`;
}
