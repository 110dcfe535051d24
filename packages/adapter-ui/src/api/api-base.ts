/**
 * Where the API lives: the page's own origin, unless the embedding page passes
 * `?api=https://host[:port]` (an adapter served from one place, API elsewhere).
 */
export function resolveApiBase(location: { search: string; origin: string }): string {
  const raw = new URLSearchParams(location.search).get('api');
  if (raw) {
    try {
      const u = new URL(raw);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin + u.pathname.replace(/\/+$/, '');
    } catch {
      // not a URL: fall back to the page's origin
    }
  }
  return location.origin;
}

