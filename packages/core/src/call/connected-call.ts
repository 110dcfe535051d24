import type { Interaction } from '../interaction/interaction';
import { InteractionActionError } from '../interaction/errors';
import { WrapTimer } from '../wrap/wrap-timer';
import type { CallHost } from './call-host';
import type { PortBridge, PortLeg, PortPlayback, PortRecording, Sound } from './telephony-port';

/**
 * A call with its customer and agent bridged: recording, hold, mute, the agent's keypad,
 * announcements, and the end (hang up the rest, release the agent's line, start the wrap).
 * Inbound and manual calls both become one of these once answered.
 */
export class ConnectedCall {
  muted = false;
  wrap: WrapTimer | undefined;
  private bridge: PortBridge | undefined;
  private recording: PortRecording | undefined;
  /** The announcement playing to the customer and the agent's copy of it. */
  private announcement: { playback: PortPlayback; copy: PortPlayback | undefined } | undefined;
  private ending = false;
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly host: CallHost,
    readonly interaction: Interaction,
    readonly customer: PortLeg,
    readonly agent: PortLeg,
    /** The agent's leg exists only for this call (rung per call): it is hung up at the end. */
    private readonly agentPerCall: boolean,
    /** Told once when the call is over (before the wrap starts). */
    private readonly onEnd: () => void,
  ) {}

  /** Bridges the two legs (the agent hears a short beep when `beep`) and follows both legs' ends. */
  connect(beep: boolean): void {
    try {
      this.bridge = this.host.port.bridge([this.customer, this.agent]);
    } catch (err) {
      this.host.logger.warn({ err, interactionId: this.interaction.id }, 'bridging failed');
    }
    if (beep) this.agent.play({ tone: 880, durationMs: 150 }).catch((err: unknown) => this.host.logger.debug({ err }, 'connect beep did not play'));
    this.offs.push(this.customer.on('ended', () => this.end('customer-hangup')));
    this.offs.push(this.agent.on('ended', () => this.end('agent-dropped')));
    this.offs.push(
      this.interaction.on('event', (e) => {
        // Announcement markers go into the recording's markers file too ("announcement-start: Terms").
        const kind = String(e.detail.kind ?? '');
        if (e.name !== 'marker.added' || !kind.startsWith('announcement-') || !this.recording) return;
        try {
          this.recording.mark(`${kind}: ${String(e.detail.label)}`);
        } catch (err) {
          this.host.logger.warn({ err }, 'marking the recording failed');
        }
      }),
    );
  }

  /** The campaign's recording, customer left and agent right, when the campaign records. */
  startRecording(): void {
    const i = this.interaction;
    if (i.recording.mode === 'off') return;
    try {
      this.recording = this.host.port.record({ name: i.id, left: this.customer, right: this.agent });
      i.startRecording(this.recording.path);
    } catch (err) {
      this.host.logger.warn({ err, interactionId: i.id }, 'recording did not start');
    }
  }

  hold(): void {
    this.interaction.hold();
    this.customer.hold().catch((err: unknown) => this.host.logger.warn({ err, interactionId: this.interaction.id }, 'holding the customer failed'));
  }

  resume(): void {
    this.interaction.resume();
    this.customer.resume().catch((err: unknown) => this.host.logger.warn({ err, interactionId: this.interaction.id }, 'resuming the customer failed'));
  }

  /**
   * Mute is the agent's leg going silent toward the customer and the recording (the agent still
   * hears). It is lifted when the call stops being live: the next call must never start muted.
   */
  setMuted(on: boolean): void {
    if (this.muted === on) return;
    this.agent.setMuted(on);
    this.muted = on;
    this.changed();
  }

  /** The agent's keypad: tones to the customer (a remote IVR, a PIN pad), not to the agent. */
  sendDtmf(digits: string): void {
    if (this.interaction.customerLeg()?.state === 'held') throw new InteractionActionError('Resume the call to send tones', { interactionId: this.interaction.id });
    // Refused digits throw here (the port checks them at once); a customer who hangs up mid-way ends the sending.
    this.customer.sendDtmf(digits).catch((err: unknown) => this.host.logger.debug({ err, interactionId: this.interaction.id }, 'sending tones stopped'));
  }

  toggleRecording(agentId: string): void {
    const i = this.interaction;
    if (i.recording.state === 'recording') {
      this.recording?.pause();
      i.pauseRecording(agentId);
    } else {
      this.recording?.resume();
      i.resumeRecording(agentId);
    }
  }

  bookmark(agentId: string): void {
    this.interaction.bookmark(agentId);
    this.recording?.mark('Manual');
  }

  /**
   * One of the campaign's announcements: to the customer and, as a copy, to the agent (a playback
   * replaces what a leg hears from the bridge). The customer's playback drives the end.
   */
  playAnnouncement(announcementId: string, agentId: string): void {
    const i = this.interaction;
    const a = i.announcementStarted(announcementId, agentId);
    const sound: Sound = this.host.port.prompt(a.file);
    this.customer.play(sound).then(
      (playback) => {
        const entry: { playback: PortPlayback; copy: PortPlayback | undefined } = { playback, copy: undefined };
        this.announcement = entry;
        playback.finished.then(() => {
          entry.copy?.stop();
          if (this.announcement !== entry) return;
          this.announcement = undefined;
          if (i.announcement !== null) i.announcementEnded('system');
        });
        this.agent.play(sound).then(
          (copy) => {
            if (this.announcement === entry) entry.copy = copy;
            else copy.stop(); // already over
          },
          (err: unknown) => this.host.logger.warn({ err }, "announcement: the agent's copy did not play"),
        );
      },
      (err: unknown) => {
        this.host.logger.warn({ err }, 'announcement did not play');
        if (i.announcement !== null) i.announcementEnded('system');
      },
    );
  }

  stopAnnouncement(agentId: string): void {
    const a = this.announcement;
    this.announcement = undefined;
    a?.playback.stop();
    a?.copy?.stop();
    this.interaction.announcementEnded(agentId);
  }

  /** The call is over for the agent: hang up the other side, release the agent's line, start the wrap. */
  end(cause: string): void {
    const i = this.interaction;
    if (this.ending || i.state !== 'connected') return;
    this.ending = true;
    for (const off of this.offs.splice(0)) off();
    if (this.recording) {
      const rec = this.recording;
      rec.stop().catch((err: unknown) => this.host.logger.error({ err, interactionId: i.id, path: rec.path }, 'finishing the recording failed'));
    }
    this.customer.hangup('normal');
    if (this.agentPerCall) this.agent.hangup('normal');
    else {
      this.bridge?.remove(this.agent.id);
      if (this.muted && !this.agent.isEnded) this.agent.setMuted(false);
    }
    this.muted = false;
    i.end(cause);
    this.onEnd();
    const agentId = i.agentId!;
    const session = this.host.session(agentId);
    if (!session) return;
    session.callEnded();
    this.wrap = new WrapTimer(this.host.clock, i, session);
    this.wrap.on('changed', () => this.host.changed(agentId));
    this.wrap.start();
  }

  private changed(): void {
    const agentId = this.interaction.agentId;
    if (agentId) this.host.changed(agentId);
  }
}
