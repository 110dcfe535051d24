import type { CrmEnvironment } from '../src/environment';

/**
 * A test page for bridges (test fixture only): records the scripts asked for, and "loads" one
 * by running the installer the test registered for its exact URL (a CRM's script at its
 * documented path); any other URL fails as a 404 would.
 */
export class FakeEnvironment implements CrmEnvironment {
  readonly globals: Record<string, unknown> = {};
  readonly loaded: Array<{ src: string; attributes: Record<string, string> }> = [];
  readonly params: URLSearchParams;
  private readonly scripts = new Map<string, () => void>();
  private readonly events = new Map<string, () => void>();
  hangScripts = false;

  constructor(
    search: string,
    readonly referrer = '',
  ) {
    this.params = new URLSearchParams(search);
  }

  serve(src: string, install: () => void): void {
    this.scripts.set(src, install);
  }

  async loadScript(src: string, attributes: Record<string, string> = {}): Promise<void> {
    this.loaded.push({ src, attributes });
    if (this.hangScripts) return new Promise(() => undefined);
    const install = this.scripts.get(src);
    if (!install) throw new Error(`404 ${src}`);
    install();
  }

  waitForEvent(name: string): Promise<void> {
    return new Promise((resolve) => this.events.set(name, resolve));
  }

  dispatch(name: string): void {
    this.events.get(name)?.();
  }

  setTimeout(fn: () => void, ms: number): unknown {
    return setTimeout(fn, ms);
  }

  clearTimeout(handle: unknown): void {
    clearTimeout(handle as NodeJS.Timeout);
  }
}
