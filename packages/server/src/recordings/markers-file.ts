import { readFile } from 'node:fs/promises';
import type { RecordingMarkerKind, RecordingMarkerView } from '@switchboard/protocol';

/** The JSON the engine's recorder writes beside each WAV (media's CallRecorder.stop). */
export interface MarkersDoc {
  durationMs: number;
  sampleRate: number;
  markers: Array<{ name: string; kind: string; offsetMs: number }>;
}

export function markersPathOf(wavPath: string): string {
  return wavPath.replace(/\.wav$/i, '') + '.markers.json';
}

/** The markers file, or null while the recording is still being written (the recorder writes it on stop). */
export async function readMarkersDoc(wavPath: string): Promise<MarkersDoc | null> {
  let text: string;
  try {
    text = await readFile(markersPathOf(wavPath), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const doc = JSON.parse(text) as Partial<MarkersDoc>;
  return { durationMs: Number(doc.durationMs ?? 0), sampleRate: Number(doc.sampleRate ?? 8000), markers: Array.isArray(doc.markers) ? doc.markers : [] };
}

/**
 * The engine's markers as the player shows them. The engine names them: "Manual" (an agent's
 * bookmark), "announcement-start: Terms and conditions" / "announcement-end: …" (mirrored by the
 * call side), kinds pause / resume / stop. "stop" is the file's end, not a point worth a label.
 */
export function viewMarkers(doc: MarkersDoc): RecordingMarkerView[] {
  const out: RecordingMarkerView[] = [];
  for (const m of doc.markers) {
    const offsetMs = Math.max(0, Math.round(Number(m.offsetMs) || 0));
    if (m.kind === 'pause' || m.kind === 'resume') {
      out.push({ kind: m.kind, label: m.kind === 'pause' ? 'Recording paused' : 'Recording resumed', offsetMs });
      continue;
    }
    if (m.kind !== 'marker') continue;
    const ann = /^(announcement-start|announcement-end):\s*(.*)$/.exec(m.name);
    if (ann) {
      out.push({ kind: ann[1] as RecordingMarkerKind, label: ann[2] || 'Announcement', offsetMs });
      continue;
    }
    out.push({ kind: 'bookmark', label: m.name === 'Manual' ? 'Bookmark' : m.name, offsetMs });
  }
  return out.sort((a, b) => a.offsetMs - b.offsetMs);
}
