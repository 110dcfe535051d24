import type { DnisConfig, WorkflowConfig } from '../workspace/types';

/**
 * Which workflow answers a dialled platform number. Numbers are compared
 * digits-only with a leading "+", so "+61 2 9000 0000" and "+61290000000" match.
 */
export class DnisDirectory {
  private readonly map = new Map<string, WorkflowConfig>();

  constructor(workflows: readonly WorkflowConfig[], dnis: readonly DnisConfig[]) {
    const byId = new Map(workflows.map((w) => [w.id, w]));
    for (const d of dnis) {
      const wf = byId.get(d.workflowId);
      if (wf) this.map.set(dnisKey(d.number), wf);
    }
  }

  /** The workflow for a dialled number, or null (the server rejects the call). */
  workflowFor(dialled: string): WorkflowConfig | null {
    return this.map.get(dnisKey(dialled)) ?? null;
  }
}

export function dnisKey(number: string): string {
  const s = String(number ?? '').trim();
  const digits = s.replace(/[^0-9]/g, '');
  return s.startsWith('+') ? `+${digits}` : digits;
}
