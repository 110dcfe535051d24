import type { FloorAgent, FloorMonitor } from '@switchboard/protocol';

/** 0:07, 12:34, 1:02:03: a duration for a glance, never negative (clocks drift a little). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The same duration in words, for screen readers ("1 hour 2 minutes 3 seconds"). */
export function spokenDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const parts: string[] = [];
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const unit = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (h) parts.push(unit(h, 'hour'));
  if (m) parts.push(unit(m, 'minute'));
  if (s || parts.length === 0) parts.push(unit(s, 'second'));
  return parts.join(' ');
}

const METHOD: Record<string, string> = { web: 'Web Connect', 'call-me': 'Call me', 'call-in': 'Call in' };

/** "Web Connect", "Call me (connecting)", "Not connected". */
export function voiceLabel(v: FloorAgent['voice']): string {
  if (v.status === 'none' || !v.method) return 'Not connected';
  const m = METHOD[v.method] ?? v.method;
  return v.status === 'connected' ? m : `${m} (${v.status})`;
}

/** What the agent is doing besides their presence; idle and voice set-up say nothing more. */
const ACTIVITY: Partial<Record<FloorAgent['activity'], string>> = {
  offered: 'Ringing',
  'on-call': 'On call',
  wrap: 'Wrap',
  previewing: 'Previewing',
  dialling: 'Dialling',
};

/**
 * The agent's state as their adapter says it, plus the pause reason when it is not already said,
 * plus what they are doing: an agent's presence stays "Available" through a call, and a
 * supervisor scanning the floor needs to tell the busy from the free.
 */
export function stateLabel(a: FloorAgent): string {
  const base = a.presence === 'paused' && a.pauseReason && !a.statusText.includes(a.pauseReason) ? `${a.statusText} · Paused: ${a.pauseReason}` : a.statusText;
  const doing = ACTIVITY[a.activity];
  return doing ? `${base} · ${doing}` : base;
}

/** What the call column says: direction, number and campaign; ringing calls say so. */
export function callLabel(c: NonNullable<FloorAgent['call']>): string {
  const dir = c.direction === 'IN' ? 'Inbound' : 'Outbound';
  const what = c.presentation === 'ringing' ? 'ringing' : c.presentation === 'dialling' ? 'dialling' : c.presentation === 'ended' ? 'wrap' : null;
  return [dir, c.customerNumber, c.campaignName, what && `(${what})`].filter(Boolean).join(' · ');
}

/** A call's duration runs from the answer (or from the start while it rings or dials). */
export function callStart(c: NonNullable<FloorAgent['call']>): string {
  return c.answeredAt ?? c.startedAt;
}

/** 0.8 → "80%". */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

const MONITORED: Record<FloorMonitor['mode'], string> = { listen: 'Listened to', whisper: 'Whispered to', barge: 'Barged into' };

/**
 * The "being monitored" mark on a call, as every supervisor who sees the agent reads it:
 * "Listened to by Sam Supervisor", "Whispered to by you", "Barged into by Sam Supervisor (calling
 * their phone)"; null when nobody is on the call now.
 */
/** The other supervisor on a call (one at a time: while they are, nobody else is offered Listen, Whisper or Barge), or null. */
export function monitoredByOther(m: FloorMonitor | null | undefined, myId: string | null): string | null {
  return m && m.state !== 'ended' && m.supervisorId !== myId ? m.supervisorName : null;
}

export function monitorMark(m: FloorMonitor | null, myId: string | null): string | null {
  if (!m || m.state === 'ended') return null;
  const mine = m.supervisorId === myId;
  const who = mine ? 'you' : m.supervisorName;
  return `${MONITORED[m.mode]} by ${who}${m.state === 'calling' ? ` (calling ${mine ? 'your' : 'their'} phone)` : ''}`;
}
