import type { DnisConfig, WorkflowConfig, WorkspaceConfig } from '@switchboard/core';

/** The demo's care line (config/demo-workspace.yaml declares its workflow). */
export const DEMO_CARE_DNIS = '+61290000001';

/**
 * The fallback call flow for a workspace file without workflows or DNIS (the
 * benchmark's, older files): welcome, "enter your account number then #" (up
 * to 8 digits, two tries), then the first queue, on the demo care line. Its
 * prompts are not files, so they play as short tones.
 */
export function demoCallFlow(ws: WorkspaceConfig): { workflows: WorkflowConfig[]; dnis: DnisConfig[] } {
  const queue = ws.queues[0];
  if (!queue) return { workflows: [], dnis: [] };
  const wf: WorkflowConfig = {
    id: 'demo-care',
    name: 'Demo care line',
    start: 'welcome',
    objects: [
      { id: 'welcome', type: 'play', file: 'welcome.wav', next: 'account' },
      {
        id: 'account',
        type: 'collect',
        label: 'account',
        prompt: 'enter-account.wav',
        minDigits: 1,
        maxDigits: 8,
        terminator: '#',
        timeoutSeconds: 5,
        attempts: 2,
        next: 'to-queue',
        noInputNext: 'to-queue',
      },
      { id: 'to-queue', type: 'queue', queueId: queue.id },
    ],
  };
  return { workflows: [wf], dnis: [{ number: DEMO_CARE_DNIS, workflowId: wf.id }] };
}

/** The workspace with a call flow: its own, or the demo one. */
export function withCallFlow(ws: WorkspaceConfig): WorkspaceConfig {
  if (ws.workflows?.length && ws.dnis?.length) return ws;
  return { ...ws, ...demoCallFlow(ws) };
}
