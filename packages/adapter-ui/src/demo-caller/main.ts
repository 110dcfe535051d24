import { resolveApiBase } from '../api/api-base';
import { openMicrophone, stopStream } from '../webrtc/microphone';
import { negotiate, playRemote } from '../webrtc/negotiate';
import { DtmfMixer } from '../audio/dtmf-mixer';
import './demo-caller.css';

/**
 * The demo caller: a simulated customer in a browser tab (demo only). It calls a
 * demo number over WebRTC (POST /api/v1/demo/calls), keys the IVR's digits as
 * in-band tones, and shows where the call is (IVR, queue, agent) by polling.
 */
type State = 'connecting' | 'ivr' | 'queued' | 'ringing-agent' | 'with-agent' | 'ended';
const STATUS: Record<State, string> = {
  connecting: 'Connecting the audio…',
  ivr: 'Connected to the IVR: listen to the prompts and key your digits.',
  queued: 'Waiting in the queue for an agent…',
  'ringing-agent': 'An agent is being offered your call…',
  'with-agent': 'Talking to an agent.',
  ended: 'Call ended.',
};

const api = resolveApiBase(window.location);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const numberSel = $<HTMLSelectElement>('number');
const callBtn = $<HTMLButtonElement>('call');
const hangBtn = $<HTMLButtonElement>('hangup');
const statusEl = $('status');
const errorEl = $('error');
const keypad = $('keypad');
const audio = $<HTMLAudioElement>('far-audio');

interface Call {
  id: string | null;
  pc: RTCPeerConnection;
  mic: MediaStream;
  ctx: AudioContext;
  dtmf: DtmfMixer;
  poll: ReturnType<typeof setInterval> | undefined;
}
let call: Call | null = null;

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(api + path, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    keepalive: method === 'DELETE', // a hang-up as the tab closes still reaches the server
  });
  const json = (await res.json().catch(() => ({}))) as T & { error?: { code: string; message: string } };
  if (!res.ok) throw new Error(json.error ? `${json.error.message} (${json.error.code})` : `HTTP ${res.status}`);
  return json;
}

function show(status: string, error: string | null = null): void {
  statusEl.textContent = status;
  errorEl.textContent = error ?? '';
  errorEl.hidden = error === null;
}

function setInCall(on: boolean): void {
  callBtn.disabled = on;
  numberSel.disabled = on;
  hangBtn.disabled = !on;
  for (const b of keypad.querySelectorAll('button')) b.disabled = !on;
}

function finish(status: string, error: string | null = null): void {
  const c = call;
  call = null;
  if (c) {
    clearInterval(c.poll);
    c.pc.close();
    stopStream(c.mic);
    void c.ctx.close();
  }
  audio.srcObject = null;
  document.body.dataset.state = 'ended';
  setInCall(false);
  show(status, error);
}

async function startCall(): Promise<void> {
  if (call) return;
  show('Opening the microphone…');
  let mic: MediaStream;
  try {
    mic = await openMicrophone({ echoCancellation: true, noiseSuppression: false, autoGainControl: true });
  } catch (e) {
    document.body.dataset.state = 'idle';
    return show('Not calling.', (e as Error).message);
  }
  const ctx = new AudioContext();
  void ctx.resume();
  const dtmf = new DtmfMixer(ctx, mic);
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const me: Call = { id: null, pc, mic, ctx, dtmf, poll: undefined };
  call = me;
  setInCall(true);
  document.body.dataset.state = 'calling';
  for (const t of dtmf.stream.getAudioTracks()) pc.addTrack(t, dtmf.stream);
  playRemote(pc, audio);
  pc.addEventListener('connectionstatechange', () => {
    if (call === me && pc.connectionState === 'failed') void hangUp('The audio connection failed.');
  });
  show(`Calling ${numberSel.value}…`);
  try {
    await negotiate(pc, async (sdp) => {
      const r = await request<{ callId: string; sdp: string }>('POST', '/api/v1/demo/calls', { dnis: numberSel.value, sdp });
      me.id = r.callId;
      return r.sdp;
    });
  } catch (e) {
    if (call === me) finish('Not calling.', (e as Error).message);
    return;
  }
  if (call !== me) return;
  document.body.dataset.callId = me.id ?? '';
  me.poll = setInterval(() => void refresh(me), 1000);
  void refresh(me);
}

async function refresh(me: Call): Promise<void> {
  if (call !== me || !me.id) return;
  try {
    const s = await request<{ state: State; cause: string | null }>('GET', `/api/v1/demo/calls/${me.id}`);
    if (call !== me) return;
    if (s.state === 'ended') return finish(`Call ended. ${s.cause ?? ''}`.trim());
    document.body.dataset.state = s.state;
    show(STATUS[s.state]);
  } catch {
    // a missed poll is retried in a second
  }
}

async function hangUp(error: string | null = null): Promise<void> {
  const me = call;
  if (!me) return;
  finish('Call ended. You hung up.', error);
  if (me.id) await request('DELETE', `/api/v1/demo/calls/${me.id}`).catch(() => undefined);
}

function press(key: string): void {
  if (!call) return;
  const out = $<HTMLOutputElement>('keyed');
  out.value += key;
  void call.dtmf.press(key);
}

async function loadNumbers(): Promise<void> {
  try {
    const r = await request<{ numbers: Array<{ number: string; name: string }>; callerId: string }>('GET', '/api/v1/demo/numbers');
    numberSel.replaceChildren(...r.numbers.map((n) => new Option(`${n.name} (${n.number})`, n.number)));
    $('caller-id').textContent = r.callerId;
    callBtn.disabled = r.numbers.length === 0;
    show(r.numbers.length ? 'Ready. Choose a number and press Call.' : 'No demo numbers are configured.');
  } catch (e) {
    show('The demo caller is not available.', (e as Error).message);
  }
}

callBtn.addEventListener('click', () => void startCall());
hangBtn.addEventListener('click', () => void hangUp());
keypad.addEventListener('click', (e) => {
  const key = (e.target as HTMLElement).closest('button')?.dataset.key;
  if (key) press(key);
});
document.addEventListener('keydown', (e) => {
  if (call && /^[0-9*#]$/.test(e.key) && !(e.target instanceof HTMLSelectElement)) press(e.key);
});
window.addEventListener('pagehide', () => void hangUp());
setInCall(false);
void loadNumbers();
