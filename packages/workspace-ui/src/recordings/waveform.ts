import type { RecordingMarkerKind, RecordingMarkerView } from '@switchboard/protocol';

/** Marker colours: bookmarks orange (the adapter's bookmark), announcements blue, recording gaps grey. */
export const MARKER_COLOURS: Readonly<Record<RecordingMarkerKind, string>> = {
  bookmark: '#c2410c',
  'announcement-start': '#1d4ed8',
  'announcement-end': '#1d4ed8',
  pause: '#6b7280',
  resume: '#6b7280',
};

export const MARKER_WORDS: Readonly<Record<RecordingMarkerKind, string>> = {
  bookmark: 'Bookmark',
  'announcement-start': 'Announcement starts',
  'announcement-end': 'Announcement ends',
  pause: 'Paused',
  resume: 'Resumed',
};

/**
 * Draws the two sides of the call as mirrored bars (customer above the middle, agent below), the
 * played part darker, and each marker as a labelled vertical line. Returns how many markers were drawn.
 */
export function drawWaveform(
  canvas: HTMLCanvasElement,
  peaks: { customer: number[]; agent: number[] },
  markers: readonly RecordingMarkerView[],
  durationMs: number,
  playedMs: number,
): number {
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const mid = h / 2;
  const n = Math.max(peaks.customer.length, 1);
  const playedX = durationMs > 0 ? (playedMs / durationMs) * w : 0;
  const barW = w / n;
  for (let i = 0; i < n; i++) {
    const x = i * barW;
    const played = x < playedX;
    ctx.fillStyle = played ? '#0f766e' : '#99c5c0';
    const up = (peaks.customer[i] ?? 0) * (mid - 14);
    ctx.fillRect(x, mid - up, Math.max(1, barW - 0.2), up);
    ctx.fillStyle = played ? '#334155' : '#b6bfcc';
    const down = (peaks.agent[i] ?? 0) * (mid - 14);
    ctx.fillRect(x, mid, Math.max(1, barW - 0.2), down);
  }
  ctx.fillStyle = '#111827';
  ctx.fillRect(Math.min(w - 1, playedX), 0, 1, h);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  let drawn = 0;
  for (const m of markers) {
    if (durationMs <= 0) break;
    const x = Math.round((m.offsetMs / durationMs) * (w - 1));
    ctx.fillStyle = MARKER_COLOURS[m.kind];
    ctx.fillRect(x - 1, 12, 2, h - 12);
    ctx.beginPath();
    ctx.arc(x, 8, 5, 0, Math.PI * 2);
    ctx.fill();
    drawn++;
  }
  return drawn;
}
