import type { PlaySource, TelephonyEngine } from '@switchboard/telephony';
import type { Logger } from '@switchboard/shared';
import type { LiveCall } from './live-call';

export interface AnnouncementDeps {
  engine: TelephonyEngine;
  logger: Logger;
  /** The customer's playback started: the call center tracks it to end the announcement. */
  started(playbackId: string, call: LiveCall): void;
}

/**
 * A campaign's announcements during a call. Played to the customer and, as a copy, to the agent
 * (a playback replaces what a leg hears from the bridge); the engine records the customer's copy
 * on the agent side. The customer's playback drives the end; the agent's copy follows it. The
 * interaction's announcement markers are mirrored into the recording's markers file.
 */
export class Announcements {
  /** The customer's playback id → the agent's copy. */
  private readonly agentCopies = new Map<string, string>();

  constructor(private readonly d: AnnouncementDeps) {}

  play(call: LiveCall, source: PlaySource): void {
    const i = call.interaction;
    const agentLeg = call.agentLegId;
    const { engine, logger } = this.d;
    engine.play(call.customerLegId, source).then(
      (id) => {
        call.announcementPlayback = id;
        this.d.started(id, call);
        if (!agentLeg) return;
        engine.play(agentLeg, source).then(
          (copy) => {
            if (call.announcementPlayback === id) this.agentCopies.set(id, copy);
            else engine.stopPlay(copy); // already over
          },
          (err: unknown) => logger.warn({ err }, "announcement: the agent's copy did not play"),
        );
      },
      (err: unknown) => {
        logger.warn({ err }, 'announcement did not play');
        if (i.announcement !== null) i.announcementEnded('system');
      },
    );
  }

  /** A playback ended: if it was a customer's announcement, the agent's copy stops too. */
  onPlayFinished(playbackId: string): void {
    const copy = this.agentCopies.get(playbackId);
    if (copy === undefined) return;
    this.agentCopies.delete(playbackId);
    this.d.engine.stopPlay(copy);
  }

  /** Announcement markers go into the recording's markers JSON too ("announcement-start: Terms and conditions"). */
  mirrorMarkers(call: LiveCall): void {
    call.interaction.on('event', (e) => {
      const kind = String(e.detail.kind ?? '');
      if (e.name !== 'marker.added' || !kind.startsWith('announcement-') || !call.recordingId) return;
      try {
        this.d.engine.markRecording(call.recordingId, `${kind}: ${String(e.detail.label)}`);
      } catch (err) {
        this.d.logger.warn({ err }, 'marking the recording failed');
      }
    });
  }
}
