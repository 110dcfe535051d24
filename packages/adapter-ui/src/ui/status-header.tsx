import { useState } from 'preact/hooks';
import type { AgentView, Dot } from '@switchboard/protocol';
import type { Session } from '../state/session';
import { StatusMenu, statusItems } from './status-menu';
import { CaretIcon, GearIcon, PhoneOffIcon } from './icons';
import { HeaderActivity } from './header-activity';
import { webLostHere } from '../state/web-reload';

/** The dot's words for people who cannot see its colour (manual §1: green, orange, red). */
export const DOT_LABEL: Record<Dot, string> = { green: 'Available', orange: 'On pause', red: 'Disconnected' };

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

/**
 * Manual §3: a click anywhere in the header opens the pause reasons. The header
 * holds one real button (keyboard, screen readers); clicks elsewhere in the
 * bar bubble to the same toggle.
 */
export function StatusHeader({ s, v }: { s: Session; v: AgentView }) {
  const [open, setOpen] = useState(false);
  const noVoice = v.voice.status !== 'connected' || webLostHere.value;
  // The server's status text puts a voice problem first ("Disconnected"); the pause the
  // agent chose is still theirs to see (manual §3), so it is shown beside it.
  const p = v.presence;
  const chosen = p.kind === 'paused' && !v.statusText.includes(p.reason.name) ? `Paused: ${p.reason.name}` : null;

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) document.getElementById('status-button')?.focus();
  };

  return (
    <div class="header-wrap">
      <header class="bar" onClick={() => setOpen(!open)} data-menu-anchor>
        <span class="avatar-wrap">
          <span class="avatar" aria-hidden="true">
            {initials(v.agent.displayName)}
          </span>
          <span class="dot" data-dot={v.dot} role="img" aria-label={`Status colour: ${DOT_LABEL[v.dot]}`} data-testid="status-dot" />
        </span>
        <div class="who">
          <button
            id="status-button"
            type="button"
            class="name"
            aria-haspopup="menu"
            aria-expanded={open}
            aria-controls={open ? 'status-menu' : undefined}
            aria-describedby="status-activity status-text"
          >
            <span>{v.agent.displayName}</span>
            <CaretIcon />
            <span class="sr-only">, change status</span>
          </button>
          <p class="status-line">
            <HeaderActivity v={v} />
            <span id="status-text" class="status-text" role="status" data-testid="status-text">
              {v.statusText}
              {chosen && <span class="chosen"> · {chosen}</span>}
            </span>
          </p>
        </div>
        <div class="tools" onClick={(e) => e.stopPropagation()}>
          {noVoice && (
            <span class="icon warn" role="img" aria-label="Phone not connected" title="Phone not connected" data-testid="voice-off">
              <PhoneOffIcon />
            </span>
          )}
          <button type="button" class="icon-button" aria-label="Account Settings" title="Account Settings" onClick={() => (s.settingsOpen.value = true)}>
            <GearIcon />
          </button>
        </div>
      </header>
      {open && <StatusMenu items={statusItems(s, v)} labelledBy="status-button" onClose={close} />}
    </div>
  );
}
