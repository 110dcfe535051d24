import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallRecord } from '@switchboard/core';
import type { Store } from '@switchboard/store';

/** A stereo 8 kHz 16-bit WAV: `seconds` of a square wave on the left (customer) at `level`, silence on the right. */
export function wavBytes(seconds: number, level = 8000): Buffer {
  const frames = seconds * 8000;
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    data.writeInt16LE(i % 20 < 10 ? level : -level, i * 4);
    data.writeInt16LE(i >= frames / 2 ? level / 2 : 0, i * 4 + 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(2, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(8000 * 4, 28);
  h.writeUInt16LE(4, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

export interface SeedCall {
  id: string;
  agentId: string | null;
  campaignId?: string;
  queueId?: string | null;
  number?: string;
  outcomeId?: string | null;
  createdAt: number;
  /** Talk time, s (answered 5 s after creation); null: never answered. */
  talkSeconds?: number | null;
  wrapSeconds?: number;
  timeInQueueMs?: number | null;
  state?: CallRecord['state'];
  /** Write a WAV and markers (else the call has no recording). */
  recorded?: boolean;
  direction?: 'IN' | 'OUT';
}

export function callRecord(c: SeedCall, recordingsDir: string): CallRecord {
  const answeredAt = c.talkSeconds === null ? null : c.createdAt + 5000;
  const endedAt = answeredAt === null ? c.createdAt + 8000 : answeredAt + (c.talkSeconds ?? 4) * 1000;
  const closedAt = answeredAt === null ? endedAt : endedAt + (c.wrapSeconds ?? 2) * 1000;
  const file = c.recorded === false ? null : join(recordingsDir, `${c.id}.wav`);
  return {
    interactionId: c.id,
    version: 5,
    final: true,
    direction: c.direction ?? 'IN',
    state: c.state ?? (answeredAt === null ? 'abandoned' : 'closed'),
    campaignId: c.campaignId ?? 'care-inbound',
    campaignName: c.campaignId === 'sales-outbound' ? 'Sales' : 'Customer Care',
    queueId: c.queueId === undefined ? 'care-queue' : c.queueId,
    customerNumber: c.number ?? '+61491570110',
    platformNumber: '+61290000001',
    agentId: answeredAt === null ? null : c.agentId,
    legs: [],
    ivrData: [],
    timeInQueueMs: c.timeInQueueMs === undefined ? 3000 : c.timeInQueueMs,
    notes: [],
    outcomeId: answeredAt === null ? null : c.outcomeId === undefined ? 'resolved' : c.outcomeId,
    wrappedBy: answeredAt === null ? null : 'agent',
    recording: { state: file ? 'recording' : 'off', file, startedAt: answeredAt, markers: [] },
    endCause: answeredAt === null ? 'abandoned' : 'customer-hangup',
    createdAt: c.createdAt,
    answeredAt,
    endedAt,
    closedAt,
    updatedAt: closedAt,
  };
}

/** Saves the call records, and for recorded ones a WAV of the talk time and its markers JSON (as the engine writes them). */
export async function seedCalls(store: Store, recordingsDir: string, calls: SeedCall[]): Promise<void> {
  mkdirSync(recordingsDir, { recursive: true });
  for (const c of calls) {
    const r = callRecord(c, recordingsDir);
    await store.calls.save(r);
    if (!r.recording.file) continue;
    const seconds = c.talkSeconds ?? 4;
    writeFileSync(r.recording.file, wavBytes(seconds));
    const markers = [
      { name: 'Manual', kind: 'marker', offsetMs: 1000, at: c.createdAt + 6000 },
      { name: 'announcement-start: Terms and conditions', kind: 'marker', offsetMs: 1500, at: 0 },
      { name: 'announcement-end: Terms and conditions', kind: 'marker', offsetMs: 2500, at: 0 },
      { name: 'pause', kind: 'pause', offsetMs: 3000, at: 0 },
      { name: 'resume', kind: 'resume', offsetMs: 3200, at: 0 },
      { name: 'stop', kind: 'stop', offsetMs: seconds * 1000, at: 0 },
    ];
    writeFileSync(
      r.recording.file.replace(/\.wav$/, '.markers.json'),
      JSON.stringify({ wav: r.recording.file, sampleRate: 8000, channels: { left: 'customer', right: 'agent' }, durationMs: seconds * 1000, markers }),
    );
  }
}

/** The workspace text with its `recordings:` section (the demo's is last in the file) replaced by `section` ('' for none). */
export function withRecordingsSection(yaml: string, section: string): string {
  const at = yaml.search(/^recordings:/m);
  return (at >= 0 ? yaml.slice(0, at) : yaml) + section;
}
