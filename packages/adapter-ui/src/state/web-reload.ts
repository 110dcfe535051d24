import { effect, signal } from '@preact/signals';
import type { Session } from './session';
import { showToast } from './toasts';
import { webLineHere } from '../webrtc/web-phone';

/**
 * True while the server counts a Web Connect path as this agent's phone but this page has
 * no line for it: the page was reloaded (or opened anew) after Web Connect, which ended the
 * browser's audio. The adapter must not say "Phone connected" then (issue 14 item 4).
 */
export const webLostHere = signal(false);

const LOST = 'Web Connect ended when this page was reloaded: this browser has no call audio now.';

/**
 * Watches for a web path this page does not hold. The honest answer: show the voice path as
 * disconnected and drop it on the server as soon as the server allows it (at once when
 * idle; after the call when one is live), so "Connect Voice" can start a new line here.
 */
export function watchWebAfterReload(s: Session): () => void {
  let checked = false;
  let dropping = false;
  return effect(() => {
    const v = s.view.value;
    if (!v) {
      checked = false; // signed out: the next login's first view is checked again
      webLostHere.value = false;
      return;
    }
    const web = v.voice.method === 'web' && (v.voice.status === 'connected' || v.voice.status === 'connecting');
    if (!web || webLineHere.value) {
      webLostHere.value = false;
      checked = true;
      return;
    }
    // Only a web path already there when this page got its first view is a lost one; a line
    // this page is starting (Connect pressed, offer in flight) is not.
    if (!checked) {
      checked = true;
      webLostHere.value = true;
      showToast('warning', `${LOST} ${s.allowed('disconnect-voice') ? 'Press Connect Voice to use it again.' : 'Finish the call, then press Connect Voice.'}`);
    }
    if (webLostHere.value && !dropping && s.allowed('disconnect-voice') && s.pending.value === null) {
      dropping = true;
      void s.send({ type: 'disconnect-voice' }).finally(() => (dropping = false));
    }
  });
}
