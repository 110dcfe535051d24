/**
 * Where the API lives: the page's own origin, unless the embedding page passes
 * `?api=https://host[:port]` (an adapter served from one place, API elsewhere) AND
 * that origin is one the serving server lists. Otherwise a crafted link such as
 * `https://our-server/?api=https://attacker` would show our address in the bar and
 * post the login form's password to the attacker. The server lists the origins
 * (ALLOWED_API_ORIGINS) in `<meta name="switchboard-api-origins">` of the page it serves.
 */
export const API_ORIGINS_META = 'switchboard-api-origins';

export interface ApiChoice {
  /** The API's base URL (origin, plus a path if ?api= gave one). */
  base: string;
  /** True when that is the page's own origin. */
  own: boolean;
  /** An ?api= that was ignored because the server does not list it. */
  refused: string | null;
}

interface PageDocument {
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
}

/** The other API origins the serving server allows (none when the page has no such meta). */
export function pageAllowedOrigins(doc: PageDocument | undefined = (globalThis as { document?: PageDocument }).document): string[] {
  const content = doc?.querySelector(`meta[name="${API_ORIGINS_META}"]`)?.getAttribute('content') ?? '';
  return content.split(/\s+/).filter(Boolean);
}

export function chooseApi(location: { search: string; origin: string }, allowed: readonly string[]): ApiChoice {
  const own: ApiChoice = { base: location.origin, own: true, refused: null };
  const raw = new URLSearchParams(location.search).get('api');
  if (!raw) return own;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ...own, refused: raw };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ...own, refused: raw };
  const base = u.origin + u.pathname.replace(/\/+$/, '');
  if (u.origin === location.origin) return { base, own: true, refused: null };
  if (!allowed.includes(u.origin)) return { ...own, refused: u.origin };
  return { base, own: false, refused: null };
}

export function resolveApiBase(location: { search: string; origin: string }, allowed: readonly string[] = pageAllowedOrigins()): string {
  return chooseApi(location, allowed).base;
}
