import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DialRequest, PortBridge, PortLeg, PortRecording, Sound, TelephonyPort, VoiceLinePort } from '@switchboard/core';
import type { LegHandle, OriginateTarget, TelephonyEngine } from '@switchboard/telephony';

export interface EngineTelephonyPortDeps {
  engine: TelephonyEngine;
  /** Where an agent's number is reached: a registered phone, else the trunk (a lab URI in labs). */
  agentTarget(number: string): OriginateTarget;
  /** The trunk customers are dialled on (asked per call: trunks can be reloaded). */
  customerTrunk(): string;
  announcementsDir: string;
  recordingsDir: string;
  /** The workspace's music-on-hold WAV (asked per hold: the workspace can be reloaded). */
  musicOnHoldFile(): string | undefined;
}

/** Without a music file: a soft two-note chime every few seconds, so a held caller knows the line is up. */
const CHIME: Sound = { tone: [523, 659], durationMs: 6 * 3600_000, cadence: [300, 2700] };

/**
 * core's TelephonyPort over the engine's handles: where a call goes (phone, trunk), where a
 * recording is written, which file a prompt is. It decides nothing about the call itself.
 */
export class EngineTelephonyPort implements TelephonyPort, VoiceLinePort {
  constructor(private readonly d: EngineTelephonyPortDeps) {}

  async dial(req: DialRequest): Promise<PortLeg> {
    const to: OriginateTarget = req.to.kind === 'agent-phone' ? this.d.agentTarget(req.to.number) : { trunk: this.d.customerTrunk(), number: req.to.number };
    return this.d.engine.dial({
      to,
      from: req.from,
      context: req.context,
      ...(req.ringTimeoutMs !== undefined ? { ringTimeoutMs: req.ringTimeoutMs } : {}),
      ...(req.continues ? { continues: req.continues.id } : {}),
    });
  }

  dialAgent(o: { number: string; from: string; context: Readonly<Record<string, string>> }): Promise<PortLeg> {
    return this.d.engine.dial({ to: this.d.agentTarget(o.number), from: o.from, context: o.context });
  }

  viaTrunk(number: string): boolean {
    return 'trunk' in this.d.agentTarget(number);
  }

  async webrtc(o: { sdp: string; from: string }): Promise<{ leg: PortLeg; sdp: string }> {
    const r = await this.d.engine.webrtc({ offer: JSON.stringify({ type: 'offer', sdp: o.sdp }), from: o.from });
    return { leg: r.leg, sdp: (JSON.parse(r.answer) as { sdp: string }).sdp };
  }

  bridge(legs: readonly PortLeg[]): PortBridge {
    return this.d.engine.bridgeHandle(legs.map((l) => l.id));
  }

  record(o: { name: string; left: PortLeg; right: PortLeg }): PortRecording {
    return this.d.engine.record({ left: [o.left.id], right: [o.right.id], path: join(this.d.recordingsDir, `${o.name}.wav`) });
  }

  /** A WAV beside the workspace file, else a short tone (placeholder prompts). */
  prompt(file: string): Sound {
    const path = resolve(this.d.announcementsDir, file);
    if (file && existsSync(path)) return { wav: path };
    return { tone: 440, durationMs: 300 };
  }

  musicOnHold(): Sound {
    const file = this.d.musicOnHoldFile();
    const path = file ? resolve(this.d.announcementsDir, file) : undefined;
    // Looped for as long as the hold lasts: the playback is stopped on resume.
    return path && existsSync(path) ? { wav: path, loops: 1_000_000 } : CHIME;
  }
}

/** The engine's leg handle is core's PortLeg as it stands (checked here at compile time). */
export const asPortLeg = (leg: LegHandle): PortLeg => leg;
