import { effect, signal } from '@preact/signals';
import { ApiError } from '@switchboard/sdk';
import { resolveApiBase } from '../api/api-base';
import { describeError } from '../state/messages';
import type { Session } from '../state/session';
import { showToast } from '../state/toasts';
import { stopStream } from './microphone';
import { negotiate, playRemote } from './negotiate';

/** The page's one Web Connect line: it outlives the Phone Connection screen. */
let line: WebLine | null = null;
/** Whether this page holds a Web Connect line (a reload loses it: see web-reload.ts). */
export const webLineHere = signal(false);

interface WebLine {
  pc: RTCPeerConnection;
  mic: MediaStream;
  audio: HTMLAudioElement;
  unwatch: () => void;
}

/** The <audio> element that plays the call (one per page; tests read its stream). */
function audioElement(): HTMLAudioElement {
  let a = document.getElementById('web-phone-audio') as HTMLAudioElement | null;
  if (!a) {
    a = document.createElement('audio');
    a.id = 'web-phone-audio';
    a.autoplay = true;
    a.hidden = true;
    document.body.append(a);
  }
  return a;
}

async function postOffer(s: Session, sdp: string): Promise<string> {
  const token = s.login.value?.token;
  let res: Response;
  try {
    res = await fetch(`${resolveApiBase(window.location)}/api/v1/agent/webrtc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ sdp }),
    });
  } catch (e) {
    throw new ApiError('NETWORK_ERROR', (e as Error).message, 0);
  }
  const body = (await res.json().catch(() => ({}))) as { sdp?: string; error?: { code?: string; message?: string } };
  if (!res.ok || typeof body.sdp !== 'string') {
    throw new ApiError((body.error?.code ?? 'BAD_RESPONSE') as ApiError['code'], body.error?.message ?? `HTTP ${res.status}`, res.status);
  }
  return body.sdp;
}

/** Ends the Web Connect line here: closes the peer connection, releases the microphone. */
export function closeWebPhone(): void {
  const l = line;
  if (!l) return;
  line = null;
  webLineHere.value = false;
  l.unwatch();
  l.pc.close();
  stopStream(l.mic);
  l.audio.srcObject = null;
  l.audio.dataset.state = 'closed';
}

/**
 * Web Connect after the server accepted the method (voice "connecting", method web):
 * a peer connection with the microphone, the offer with every candidate to
 * POST /agent/webrtc, the answer set, the far end played through an <audio>.
 * The line closes when the session's voice is no longer a web path (disconnect,
 * a drop, sign-out); a line that fails here disconnects voice so the agent sees
 * "Connect Voice" and can try again. Returns null, or the message shown.
 */
export async function startWebPhone(s: Session, mic: MediaStream): Promise<string | null> {
  closeWebPhone();
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const audio = audioElement();
  audio.dataset.state = 'connecting';
  const me: WebLine = { pc, mic, audio, unwatch: () => undefined };
  line = me;
  webLineHere.value = true;
  for (const t of mic.getAudioTracks()) pc.addTrack(t, mic);
  playRemote(pc, audio);
  pc.addEventListener('connectionstatechange', () => {
    if (line !== me) return;
    audio.dataset.state = pc.connectionState;
    if (pc.connectionState === 'failed') void fail(s, me, 'Web Connect lost its audio connection. Press Connect Voice to try again.');
  });
  // The server's view decides: the line lives while voice is a web path (Cancel, a drop, sign-out end it).
  me.unwatch = effect(() => {
    const v = s.view.value;
    const up = v !== null && v.voice.method === 'web' && (v.voice.status === 'connecting' || v.voice.status === 'connected');
    if (!up) queueMicrotask(() => line === me && closeWebPhone());
  });
  try {
    await negotiate(pc, (sdp) => postOffer(s, sdp));
  } catch (e) {
    if (line !== me) return null; // cancelled or replaced meanwhile: nothing to report
    const message = e instanceof ApiError ? describeError(e) : `Web Connect could not start: ${(e as Error).message}`;
    return fail(s, me, message);
  }
  return null;
}

async function fail(s: Session, me: WebLine, message: string): Promise<string> {
  if (line === me) closeWebPhone();
  showToast('error', message);
  // Leave nothing half-connected on the server: back to "Connect Voice" and red.
  if (s.allowed('disconnect-voice') && s.view.value?.voice.method === 'web') await s.send({ type: 'disconnect-voice' });
  return message;
}
