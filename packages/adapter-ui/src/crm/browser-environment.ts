import type { CrmEnvironment } from '@switchboard/crm';

/** The page as a CRM bridge sees it: URL parameters, the embedding CRM page, globals, script tags. */
export function browserEnvironment(): CrmEnvironment {
  return {
    params: new URLSearchParams(window.location.search),
    referrer: document.referrer,
    globals: window as unknown as Record<string, unknown>,
    loadScript(src, attributes = {}) {
      return new Promise<void>((resolve, reject) => {
        const el = document.createElement('script');
        el.src = src;
        el.async = true;
        for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
        el.onload = () => resolve();
        el.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.appendChild(el);
      });
    },
    waitForEvent(name) {
      return new Promise<void>((resolve) => window.addEventListener(name, () => resolve(), { once: true }));
    },
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (h) => window.clearTimeout(h as number),
  };
}
