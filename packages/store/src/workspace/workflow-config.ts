import type { DnisConfig, QueueOverflowConfig, WorkspaceTrunk, WorkflowConfig, WorkflowObjectConfig } from '@switchboard/core';
import type { WorkspaceFile } from './file-schema';

type FileWorkflow = WorkspaceFile['workflows'][number];
type FileObject = FileWorkflow['objects'][number];
type FileTrunk = WorkspaceFile['trunks'][number];

/** A workflow object as the file writes it → as core's runner reads it. */
export function toWorkflowObject(o: FileObject): WorkflowObjectConfig {
  switch (o.type) {
    case 'play':
      return { id: o.id, type: 'play', file: o.file, next: o.next };
    case 'collect':
      return {
        id: o.id,
        type: 'collect',
        label: o.label,
        prompt: o.prompt,
        minDigits: o.minDigits,
        maxDigits: o.maxDigits,
        terminator: o.terminator,
        timeoutSeconds: o.timeoutSeconds,
        attempts: o.attempts,
        next: o.next,
        noInputNext: o.noInputNext,
      };
    case 'branch':
      return { id: o.id, type: 'branch', label: o.label, cases: o.cases.map((c) => ({ digits: c.digits, next: c.next })), defaultNext: o.default };
    case 'queue':
      return { id: o.id, type: 'queue', queueId: o.queue, priority: o.priority };
    case 'callback':
      return { id: o.id, type: 'callback', queueId: o.queue, numberFrom: o.numberFrom === 'caller' ? 'caller' : { label: o.numberFrom.label }, next: o.next };
    case 'hangup':
      return { id: o.id, type: 'hangup' };
  }
}

export function toWorkflow(w: FileWorkflow): WorkflowConfig {
  return { id: w.id, name: w.name, start: w.start, objects: w.objects.map(toWorkflowObject), transferTarget: w.transferTarget };
}

export function toDnis(d: WorkspaceFile['dnis'][number]): DnisConfig {
  return { number: d.number, workflowId: d.workflow };
}

/** A trunk with its password resolved (from the file or the named environment variable). */
export function toTrunk(t: FileTrunk, env: NodeJS.ProcessEnv): WorkspaceTrunk {
  const c = t.credentials;
  const password = c ? (c.password ?? (c.passwordEnv ? env[c.passwordEnv] : undefined) ?? '') : '';
  return {
    name: t.name,
    address: t.address,
    transport: t.transport,
    srtp: t.srtp,
    tlsFingerprints: [...t.tlsFingerprints],
    credentials: c ? { username: c.username, password } : null,
    callerId: t.callerId ?? null,
    outboundRewrite: t.outboundRewrite.map((r) => ({ match: r.match, replace: r.replace })),
    inboundRewrite: t.inboundRewrite.map((r) => ({ match: r.match, replace: r.replace })),
    ringTimeoutSec: t.ringTimeoutSec ?? null,
    maxCalls: t.maxCalls ?? null,
    inbandDtmf: t.inbandDtmf,
    sourcePorts: t.sourcePorts ? { min: t.sourcePorts.min, max: t.sourcePorts.max } : null,
    inboundCredentials: t.inboundCredentials
      ? {
          username: t.inboundCredentials.username,
          password: t.inboundCredentials.password ?? (t.inboundCredentials.passwordEnv ? env[t.inboundCredentials.passwordEnv] : undefined) ?? '',
        }
      : null,
  };
}

/** A queue's overflow action (issue 14.1) in core's terms. */
export function toOverflow(o: WorkspaceFile['queues'][number]['overflow'] | null): QueueOverflowConfig | null {
  if (!o) return null;
  switch (o.type) {
    case 'queue':
      return { type: 'queue', queueId: o.queue };
    case 'workflow':
      return { type: 'workflow', workflowId: o.workflow };
    case 'callback':
      return { type: 'callback', prompt: o.prompt, confirm: o.confirm };
    case 'message':
      return { type: 'message', file: o.file };
  }
}
