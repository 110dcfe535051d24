/**
 * The few browser globals that page-side callbacks (page.evaluate) use. The
 * root tsconfig has no DOM lib, so callbacks cast globalThis to this; only
 * types, nothing here runs.
 */
export interface PageElement {
  tagName: string;
  id: string;
  textContent: string | null;
  value?: string;
  getAttribute(name: string): string | null;
}

export interface PageGlobals {
  sessionStorage: { getItem(key: string): string | null };
  document: {
    activeElement: PageElement | null;
    documentElement: { scrollWidth: number; clientWidth: number };
  };
  getComputedStyle(el: unknown): { backgroundColor: string; outlineStyle: string; outlineWidth: string; color: string; borderLeftColor: string };
}
