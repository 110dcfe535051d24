import { useEffect, useRef, useState } from 'preact/hooks';
import type { AssistPriority, AssistRecipients } from '@switchboard/protocol';
import type { Session } from '../../state/session';
import { describeError } from '../../state/messages';

import { countText } from '../../state/assist-text';

/**
 * "Request assistance" (manual 17): pick a supervisor of your team who is logged in, write a
 * message, set a priority (High by default) and send. Shown from the call's More options only when
 * the team has it. The agent is told when it is sent and again when it is viewed.
 */
export function RequestAssistance({ s, recipients, onClose }: { s: Session; recipients: AssistRecipients; onClose: () => void }) {
  const [list, setList] = useState(recipients.recipients);
  const [to, setTo] = useState(recipients.recipients[0]?.userId ?? '');
  const [message, setMessage] = useState('');
  const [priority, setPriority] = useState<AssistPriority>('high');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const { text: count, over } = countText(message);
  const refresh = async () => {
    try {
      const r = await s.assist.recipients();
      setList(r.recipients);
      if (!r.recipients.some((x) => x.userId === to)) setTo(r.recipients[0]?.userId ?? '');
    } catch (e) {
      setError(describeError(e));
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (over || !to || !message.trim()) return;
    setSending(true);
    setError(null);
    try {
      await s.assist.send({ toUserId: to, message, priority });
      onClose();
    } catch (err) {
      setError(describeError(err));
      void refresh();
    } finally {
      setSending(false);
    }
  };
  return (
    <form class="assist" aria-labelledby="assist-title" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onClose()} data-testid="assist-form">
      <h3 id="assist-title">Request assistance</h3>
      {list.length === 0 ? (
        <p class="muted" role="status">
          No supervisor of your team is logged in to the workspace right now.{' '}
          <button type="button" class="link" onClick={() => void refresh()}>
            Check again
          </button>
        </p>
      ) : (
        <label>
          User
          <select ref={first} value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value)} required>
            {list.map((r) => (
              <option key={r.userId} value={r.userId}>
                {r.displayName}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Message
        <textarea rows={4} value={message} onInput={(e) => setMessage((e.target as HTMLTextAreaElement).value)} aria-describedby="assist-count" aria-invalid={over} required />
      </label>
      <p id="assist-count" class={over ? 'count over' : 'count muted'} data-testid="assist-count" aria-live="polite">
        {count}
      </p>
      <label>
        Priority
        <select value={priority} onChange={(e) => setPriority((e.target as HTMLSelectElement).value as AssistPriority)}>
          <option value="high">High</option>
          <option value="medium">Medium</option>
          <option value="low">Low</option>
        </select>
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" disabled={sending || over || !to || !message.trim()}>
          Send
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** What became of the latest request this call: sent, then viewed. */
export function AssistStatus({ s, callId }: { s: Session; callId: string }) {
  const r = s.assists.value.find((a) => a.interactionId === callId);
  if (!r) return null;
  return (
    <p class="assist-status muted" data-testid="assist-status" role="status">
      {r.viewedAt ? `Assistance request viewed by ${r.toName}` : `Assistance request sent to ${r.toName}: not viewed yet`}
    </p>
  );
}

/** Whether the team has Request assistance (asked once per call; the menu shows it only then). */
export function useAssistRecipients(s: Session, callId: string): AssistRecipients | null {
  const [r, setR] = useState<AssistRecipients | null>(null);
  useEffect(() => {
    let live = true;
    s.assist.recipients().then(
      (x) => live && setR(x),
      () => live && setR(null),
    );
    return () => {
      live = false;
    };
  }, [callId]);
  return r;
}
