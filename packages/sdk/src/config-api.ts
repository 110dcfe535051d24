import type { ConfigChangeResult, ConfigChangeRow, ConfigItem, ConfigObjectSection, ConfigSection, WorkspaceConfigView } from '@switchboard/protocol';
import type { HttpRequest } from './http';

const BASE = '/api/v1/workspace/config';

/**
 * Configuration editing (issue 20.6): the workspace file's sections for supervisors and admins.
 * Pass the version last read: the server refuses a stale edit (412 CONFIG_VERSION_MISMATCH), and
 * an edit its loader refuses is 422 WORKSPACE_INVALID with details.problems (each with its field).
 */
export class ConfigApi {
  constructor(
    private readonly json: <T>(req: HttpRequest) => Promise<T>,
    private readonly text: (req: HttpRequest) => Promise<string>,
  ) {}

  get(): Promise<WorkspaceConfigView> {
    return this.json({ method: 'GET', path: BASE });
  }

  /** Creates or replaces one item (a password or pin given is stored hashed; left out keeps the current one). */
  put(section: ConfigSection, id: string, item: ConfigItem, version?: string): Promise<ConfigChangeResult> {
    return this.json({ method: 'PUT', path: `${BASE}/${section}/${encodeURIComponent(id)}`, body: item, ...(version ? { ifMatch: version } : {}) });
  }

  remove(section: ConfigSection, id: string, version?: string): Promise<ConfigChangeResult> {
    return this.json({ method: 'DELETE', path: `${BASE}/${section}/${encodeURIComponent(id)}`, ...(version ? { ifMatch: version } : {}) });
  }

  /** Admins: sets a single-object section (dialPlan, recordings, crm) whole. */
  putObject(section: ConfigObjectSection, value: ConfigItem, version?: string): Promise<ConfigChangeResult> {
    return this.json({ method: 'PUT', path: `${BASE}/${section}`, body: value, ...(version ? { ifMatch: version } : {}) });
  }

  /** Admins: removes a single-object section, so its defaults apply. */
  removeObject(section: ConfigObjectSection, version?: string): Promise<ConfigChangeResult> {
    return this.json({ method: 'DELETE', path: `${BASE}/${section}`, ...(version ? { ifMatch: version } : {}) });
  }

  /** Admins: the whole file as YAML, secrets left out. */
  exportYaml(): Promise<string> {
    return this.text({ method: 'GET', path: `${BASE}/export` });
  }

  /** Admins: replace the whole file (users and trunks without secrets keep theirs). */
  importYaml(yaml: string, version?: string): Promise<{ version: string; counts: Record<string, number> }> {
    return this.json({ method: 'PUT', path: `${BASE}/import`, body: { yaml }, ...(version ? { ifMatch: version } : {}) });
  }

  /** Admins: who changed what, newest first. */
  async changes(limit = 100): Promise<ConfigChangeRow[]> {
    return (await this.json<{ rows: ConfigChangeRow[] }>({ method: 'GET', path: `${BASE}/changes?limit=${limit}` })).rows;
  }
}
