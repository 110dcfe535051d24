import { useEffect, useState } from 'preact/hooks';
import type { CallCommand, CallView } from '@switchboard/protocol';
import type { Session } from '../../state/session';
import { KeypadFeedback } from '../../audio/keypad-feedback';
import { Keypad } from './keypad';
import { showToast } from '../../state/toasts';
import { minutesSeconds } from '../use-countdown';
import { AssistStatus, RequestAssistance, useAssistRecipients } from './request-assistance';
import { TransferDialog } from '../transfer/transfer-dialog';
import { LeaveDialog } from '../transfer/leave-dialog';

/** Local tone per key press (the agent hears what they send; the call gets the engine's tones). */
const feedback = new KeypadFeedback();

const REC_TEXT = { recording: 'Recording', paused: 'Recording paused', disabled: 'Recording control disabled' } as const;

/** Manual §§9, 13, 14: in-call controls, each shown only when the server's capabilities allow it. */
export function CallControls({ s, call }: { s: Session; call: CallView }) {
  const c = call.capabilities;
  const id = call.id;
  const [keypad, setKeypad] = useState(false);
  const [announcement, setAnnouncement] = useState(call.announcements[0]?.id ?? '');
  const [more, setMore] = useState(false);
  const [assisting, setAssisting] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const assist = useAssistRecipients(s, id);
  // A dialog whose capability went away closes, and does not come back by itself when it returns.
  useEffect(() => void (c.canTransfer || setTransferring(false)), [c.canTransfer]);
  useEffect(() => void (c.canLeave || setLeaving(false)), [c.canLeave]);
  const busy = s.pending.value !== null;
  const send = (cmd: CallCommand) => void s.send(cmd);
  const icon = call.recording.icon;

  return (
    <div class="controls" role="group" aria-label="Call controls">
      <div class="actions">
        {c.canHold && (
          <button type="button" onClick={() => send({ type: 'hold', interactionId: id })} disabled={busy}>
            Hold
          </button>
        )}
        {c.canResume && (
          <button type="button" class="primary" onClick={() => send({ type: 'resume', interactionId: id })} disabled={busy}>
            Resume
          </button>
        )}
        {c.canMute && (
          <button type="button" aria-pressed={call.muted} onClick={() => send({ type: 'mute', interactionId: id, muted: !call.muted })} disabled={busy}>
            {call.muted ? 'Unmute' : 'Mute'}
          </button>
        )}
        {c.canSendDtmf && call.transfer?.kind !== 'assisted' && (
          <button type="button" aria-expanded={keypad} aria-controls="call-keypad" onClick={() => setKeypad(!keypad)}>
            Keypad
          </button>
        )}
        <button
          type="button"
          class="rec"
          data-icon={icon}
          data-testid="recording"
          aria-pressed={call.recording.state === 'recording'}
          aria-label={REC_TEXT[icon]}
          title={REC_TEXT[icon]}
          disabled={!c.canToggleRecording || busy}
          onClick={() => send({ type: 'toggle-recording', interactionId: id })}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2" />
            <circle cx="12" cy="12" r="5" fill="currentColor" />
          </svg>
        </button>
        {c.canBookmark && (
          <button type="button" onClick={() => void addBookmark(s, id)} disabled={busy}>
            Add bookmark
          </button>
        )}
      </div>
      {keypad && c.canSendDtmf && call.transfer?.kind !== 'assisted' && (
        <div id="call-keypad">
          <Keypad
            label="Send tones"
            onKey={(k) => {
              feedback.press(k);
              send({ type: 'send-dtmf', interactionId: id, digits: k });
            }}
          />
        </div>
      )}
      {call.announcement && (
        <div class="pending" data-testid="announcement">
          <span role="status">Playing: {call.announcement.name}</span>
          {c.canStopAnnouncement && (
            <button type="button" onClick={() => send({ type: 'stop-announcement', interactionId: id })} disabled={busy}>
              Stop<span class="sr-only"> announcement</span>
            </button>
          )}
        </div>
      )}
      {c.canPlayAnnouncement && call.announcements.length > 0 && (
        <div class="row">
          <label for="announcement" class="sr-only">
            Announcement
          </label>
          <select id="announcement" value={announcement} onChange={(e) => setAnnouncement((e.target as HTMLSelectElement).value)}>
            {call.announcements.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => send({ type: 'play-announcement', interactionId: id, announcementId: announcement })} disabled={busy || !announcement}>
            Play<span class="sr-only"> announcement</span>
          </button>
        </div>
      )}
      {(assist?.enabled || c.canTransfer) && (
        <div class="more">
          <button type="button" aria-expanded={more} aria-controls="call-more" onClick={() => setMore(!more)}>
            More options
          </button>
          {more && (
            <div id="call-more" class="more-items" role="group" aria-label="More options">
              {c.canTransfer && (
                <button
                  type="button"
                  onClick={() => {
                    setTransferring(true);
                    setMore(false);
                  }}
                >
                  Transfer call
                </button>
              )}
              {assist?.enabled && (
                <button
                  type="button"
                  onClick={() => {
                    setAssisting(true);
                    setMore(false);
                  }}
                >
                  Request assistance
                </button>
              )}
            </div>
          )}
          {assisting && assist && <RequestAssistance s={s} recipients={assist} onClose={() => setAssisting(false)} />}
          {assist?.enabled && <AssistStatus s={s} callId={id} />}
        </div>
      )}
      {transferring && c.canTransfer && <TransferDialog s={s} call={call} mode="transfer" onClose={() => setTransferring(false)} />}
      {(c.canHangUp || c.canLeave) && (
        <button
          type="button"
          class="hangup wide"
          aria-haspopup={c.canLeave ? 'dialog' : undefined}
          onClick={() => (c.canLeave ? setLeaving(true) : send({ type: 'hang-up', interactionId: id }))}
          disabled={busy}
        >
          Hang up
        </button>
      )}
      {leaving && c.canLeave && <LeaveDialog s={s} call={call} onClose={() => setLeaving(false)} />}
    </div>
  );
}

/** Adds a bookmark and says where it landed in the recording (issue 14: it gave no feedback). */
async function addBookmark(s: Session, id: string): Promise<void> {
  const before = s.view.value?.interaction?.recording.markers.filter((m) => m.kind === 'manual').length ?? 0;
  if ((await s.send({ type: 'add-bookmark', interactionId: id })) !== null) return; // the failure has its toast
  const marks = s.view.value?.interaction?.recording.markers.filter((m) => m.kind === 'manual') ?? [];
  const mark = marks.length > before ? marks.at(-1) : undefined;
  showToast('success', mark ? `Bookmark added at ${minutesSeconds(Math.floor(mark.offsetMs / 1000))} in the recording.` : 'Bookmark added.');
}
