import { z } from 'zod';

/**
 * Control characters (C0, DEL, C1) and lone UTF-16 surrogates. PostgreSQL
 * refuses NUL in text ("invalid byte sequence"), logs and terminals misread
 * the rest, and a lone surrogate cannot be encoded as UTF-8: none of them
 * belongs in a name, an id or a number, so they are refused at the edge.
 */
const NO_CONTROL = /^[^\p{Cc}\p{Cs}]*$/u;
/** Free text (notes, SDP) may keep tab, line feed and carriage return. */
const NO_CONTROL_BUT_LINES = /^(?:[\t\n\r]|[^\p{Cc}\p{Cs}])*$/u;

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters';

/** Every string the API accepts starts here (bodies, path params, query, WebSocket messages). */
export function safeString(): z.ZodString {
  return z.string().regex(NO_CONTROL, CONTROL_CHARACTER_MESSAGE);
}

/** Multi-line text: like safeString but tab, CR and LF are allowed. */
export function safeText(): z.ZodString {
  return z.string().regex(NO_CONTROL_BUT_LINES, CONTROL_CHARACTER_MESSAGE);
}
