import { useEffect, useRef, useState } from 'preact/hooks';
import type { CallView } from '@switchboard/protocol';
import type { Session } from '../../state/session';

const DEBOUNCE_MS = 600;

/**
 * Manual §5: notes saved as the agent types (debounced), so nothing is lost on
 * a reload: the server's copy (`call.notes`) is the text shown on arrival.
 */
export function CallNotes({ s, call }: { s: Session; call: CallView }) {
  const [text, setText] = useState(call.notes);
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dirty = useRef(false);

  // The server's notes win while the agent is not typing (another view arrived, a reload).
  useEffect(() => {
    if (!dirty.current) setText(call.notes);
  }, [call.notes]);
  // Unsaved text goes out when the tab closes or the call screen goes away.
  useEffect(() => () => flush(), []);

  const save = async (value: string) => {
    setState('saving');
    const err = await s.send({ type: 'set-notes', interactionId: call.id, text: value });
    dirty.current = false;
    setState(err ? 'failed' : 'saved');
  };
  const latest = useRef(text);
  latest.current = text;
  function flush() {
    if (timer.current === undefined) return;
    clearTimeout(timer.current);
    timer.current = undefined;
    void save(latest.current);
  }

  const onInput = (e: Event) => {
    const value = (e.target as HTMLTextAreaElement).value.slice(0, 10000);
    setText(value);
    dirty.current = true;
    setState('idle');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void save(value);
    }, DEBOUNCE_MS);
  };

  return (
    <div class="notes">
      <label for="call-notes">Notes</label>
      <textarea id="call-notes" rows={6} value={text} onInput={onInput} onBlur={flush} disabled={!call.capabilities.canEditNotes} maxLength={10000} />
      <p class="muted small" role="status" data-testid="notes-state">
        {state === 'saving' ? 'Saving…' : state === 'saved' ? 'Saved' : state === 'failed' ? 'Not saved' : ''}
      </p>
    </div>
  );
}
