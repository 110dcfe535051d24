/** Manual 17: an assistance message holds at most 1,500 characters, counted as typed. The server checks the same. */
export const MESSAGE_MAX = 1500;

/** Characters as a person types them: Unicode code points, so an emoji is one (not two UTF-16 units). */
export const typedLength = (s: string): number => [...s].length;

/** What the counter under the message says. */
export function countText(s: string): { text: string; over: boolean } {
  const n = typedLength(s);
  return n > MESSAGE_MAX ? { text: `${n - MESSAGE_MAX} characters too many (at most ${MESSAGE_MAX})`, over: true } : { text: `${n} / ${MESSAGE_MAX} characters`, over: false };
}
