import type { WorkspaceConfig } from '@switchboard/core';
import { WorkspaceError, type Store } from '@switchboard/store';

/** Something built from the workspace: it may refuse a new one (check) and must follow it (apply). */
export interface WorkspaceHolder {
  name: string;
  /** Throws if this workspace cannot be applied (nothing has changed yet). */
  check?(ws: WorkspaceConfig): void;
  apply(ws: WorkspaceConfig): void | Promise<void>;
}

/**
 * The workspace file, loaded into the store and handed to everything built from it. A reload is
 * checked by every holder before anything changes, so it takes effect everywhere or is refused
 * whole (a WorkspaceError naming what refused it).
 */
export class WorkspaceReloader {
  private ws: WorkspaceConfig | undefined;
  private readonly holders: WorkspaceHolder[] = [];

  constructor(
    private readonly file: string,
    private readonly read: () => Promise<WorkspaceConfig>,
    private readonly store: Store,
  ) {}

  /** The workspace last applied (throws before the first load). */
  get current(): WorkspaceConfig {
    if (!this.ws) throw new Error('the workspace has not been loaded yet');
    return this.ws;
  }

  get loaded(): boolean {
    return this.ws !== undefined;
  }

  /** Holders are told of every later reload, in the order they were added. */
  add(holder: WorkspaceHolder): void {
    this.holders.push(holder);
  }

  /**
   * Reads the file (or takes `loaded`, the file's text already validated by the caller), lets every
   * holder check it, stores it, applies it everywhere; returns the store's counts.
   */
  async reload(loaded?: WorkspaceConfig): Promise<Record<string, number>> {
    const ws = loaded ?? (await this.read());
    for (const h of this.holders) {
      try {
        h.check?.(ws);
      } catch (err) {
        throw new WorkspaceError(this.file, [{ path: h.name, line: null, column: null, message: (err as Error).message }]);
      }
    }
    const result = await this.store.workspace.applyWorkspace(ws);
    this.ws = ws;
    for (const h of this.holders) await h.apply(ws);
    const counts: Record<string, number> = {};
    for (const [k, c] of Object.entries(result)) {
      counts[k] = c.upserted;
      if (c.deactivated) counts[`${k}Deactivated`] = c.deactivated;
    }
    return counts;
  }
}
