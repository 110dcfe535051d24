/** A random id fit for a clientId (the protocol allows [A-Za-z0-9_.:-], 8+ chars). */
export function randomId(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes); // works outside secure contexts, unlike randomUUID
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `${prefix}_${hex}`;
}
