/** How this agent's part came from another agent (shown read-only to the receiving agent). */
export interface TransferredFromInfo {
  kind: 'blind' | 'consult' | 'assisted';
  agentId: string;
  agentName: string;
  /** The transferring agent's notes when the call was handed on. */
  notes: string;
  /** The transferring agent's interaction. */
  interactionId: string;
  /** Epoch ms. */
  at: number;
}

/**
 * One step of a transfer, consult or conference, in order, with its time: what a CRM follows
 * and what the call record keeps. A supervisor's monitoring (kind `monitor`: `monitor-calling`,
 * `monitor-started`, `monitor-switched`, `monitor-ended`, with the mode in `detail`) is kept
 * here too, but is not sent to the agent. `started`, `ringing`, `waiting`, `answered`, `completed`,
 * `merged`, `cancelled`, `failed`, `party-added`, `party-removed`, `left`, `terminated`,
 * `returned` (a failed blind transfer brought the caller back), `received` (on the receiving side),
 * `caller-left` (the caller hung up during a consult).
 */
export interface TransferStep {
  step: string;
  /** Epoch ms. */
  at: number;
  kind: 'blind' | 'consult' | 'assisted' | 'conference' | 'monitor';
  /** The target: agent id, E.164 number or workflow id, with its label. */
  to: { type: 'agent' | 'number' | 'workflow'; id: string; label: string } | null;
  by: string | null;
  detail: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}
