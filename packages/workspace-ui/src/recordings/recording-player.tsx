import { useEffect, useRef, useState } from 'preact/hooks';
import type { RecordingDetail } from '@switchboard/protocol';
import { formatDuration, spokenDuration } from '../state/format';
import { describeError } from '../state/messages';
import type { Workspace } from '../state/workspace-session';
import { MARKER_COLOURS, MARKER_WORDS, drawWaveform } from './waveform';

const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2];

/**
 * One recording: a waveform of both sides with its markers as labelled points (each a button that
 * jumps there), play/pause, a position slider, speed and download. The audio comes from a ticket
 * URL, so the browser's own range requests do the seeking.
 */
export function RecordingPlayer({ ws, rec, onClose }: { ws: Workspace; rec: RecordingDetail; onClose(): void }) {
  const audio = useRef<HTMLAudioElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [src, setSrc] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [posMs, setPosMs] = useState(0);
  const [speed, setSpeed] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(0);
  const durationMs = rec.fileDurationMs;

  // A play ticket per recording opened: that is one "play" in the access log.
  useEffect(() => {
    let live = true;
    setSrc(null);
    setPosMs(0);
    setPlaying(false);
    ws.api()
      ?.recordingTicket(rec.interactionId, 'play')
      .then(
        (t) => live && setSrc(t.url),
        (e: unknown) => {
          ws.failed(e);
          if (live) setError(describeError(e));
        },
      );
    return () => {
      live = false;
    };
  }, [rec.interactionId]);

  useEffect(() => {
    const draw = () => canvas.current && setDrawn(drawWaveform(canvas.current, rec.peaks, rec.markers, durationMs, posMs));
    draw();
    window.addEventListener('resize', draw);
    return () => window.removeEventListener('resize', draw);
  }, [rec, posMs]);

  // A click on the picture seeks there (for the mouse; the keyboard has the Position slider and the marker buttons).
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const onClick = (e: MouseEvent) => {
      const r = c.getBoundingClientRect();
      seek(((e.clientX - r.left) / r.width) * durationMs);
    };
    c.addEventListener('click', onClick);
    return () => c.removeEventListener('click', onClick);
  }, [durationMs, src]);

  useEffect(() => {
    if (audio.current) audio.current.playbackRate = speed;
  }, [speed, src]);

  const seek = (ms: number) => {
    const a = audio.current;
    const t = Math.max(0, Math.min(durationMs, ms));
    setPosMs(t);
    if (a) a.currentTime = t / 1000;
  };
  const toggle = () => {
    const a = audio.current;
    if (!a) return;
    if (a.paused) void a.play().catch((e: unknown) => setError(`The audio did not play: ${(e as Error).message}`));
    else a.pause();
  };
  const download = async () => {
    try {
      const t = await ws.api()?.recordingTicket(rec.interactionId, 'download');
      if (!t) return;
      const a = document.createElement('a');
      a.href = t.url;
      a.download = `recording-${rec.interactionId}.wav`;
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      ws.failed(e);
      setError(describeError(e));
    }
  };

  return (
    <section class="player" aria-labelledby="player-heading" data-testid="recording-player">
      <div class="player-head">
        <h2 id="player-heading">
          Recording of {rec.customerNumber ?? 'unknown number'}, {new Date(rec.startedAt).toLocaleString()}
        </h2>
        <button type="button" onClick={onClose}>
          Close player
        </button>
      </div>
      <p class="muted">
        {rec.agentName ?? rec.agentId ?? 'No agent'} · {rec.campaignName ?? '—'} · {rec.outcomeName ?? 'no outcome'} · customer above the line, agent below
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {src && (
        <audio
          ref={audio}
          src={src}
          preload="metadata"
          data-testid="recording-audio"
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onEnded={() => setPlaying(false)}
          onTimeUpdate={(e) => setPosMs(Math.round(e.currentTarget.currentTime * 1000))}
          onError={() => setError('The recording could not be loaded. Open it again to get a new link.')}
        />
      )}
      <div class="wave-wrap">
        <canvas
          ref={canvas}
          class="wave"
          role="img"
          aria-label={`Waveform of the call, customer above the line and agent below, with ${rec.markers.length} markers`}
          data-testid="waveform"
          data-markers-drawn={drawn}
          data-duration-ms={durationMs}
        />
        {rec.markers.map((m, i) => (
          <button
            key={i}
            type="button"
            class={`marker-pin ${m.kind}`}
            style={{ left: `${(m.offsetMs / Math.max(1, durationMs)) * 100}%`, borderColor: MARKER_COLOURS[m.kind] }}
            aria-label={`Jump to ${MARKER_WORDS[m.kind]}: ${m.label}, at ${spokenDuration(m.offsetMs)}`}
            title={`${MARKER_WORDS[m.kind]}: ${m.label} (${formatDuration(m.offsetMs)})`}
            data-testid="marker-pin"
            data-kind={m.kind}
            data-offset-ms={m.offsetMs}
            onClick={() => seek(m.offsetMs)}
          >
            <span aria-hidden="true">{m.kind === 'bookmark' ? '★' : m.kind.startsWith('announcement') ? '♪' : '‖'}</span>
          </button>
        ))}
      </div>
      <div class="player-controls">
        <button type="button" class="primary" onClick={toggle} disabled={!src} aria-pressed={playing} data-testid="play-toggle">
          {playing ? 'Pause' : 'Play'}
        </button>
        <label class="position">
          <span class="sr-only">Position</span>
          <input
            type="range"
            min={0}
            max={durationMs}
            step={1000}
            value={posMs}
            aria-valuetext={`${spokenDuration(posMs)} of ${spokenDuration(durationMs)}`}
            onInput={(e) => seek(Number(e.currentTarget.value))}
          />
        </label>
        <span class="num" data-testid="player-time">
          {formatDuration(posMs)} / {formatDuration(durationMs)}
        </span>
        <label>
          Speed{' '}
          <select value={String(speed)} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={String(s)}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        {rec.canDownload && (
          <button type="button" onClick={() => void download()}>
            Download WAV
          </button>
        )}
      </div>
      <h3>Markers</h3>
      {rec.markers.length === 0 ? (
        <p class="muted">No bookmarks or announcements in this call.</p>
      ) : (
        <ol class="markers" data-testid="marker-list">
          {rec.markers.map((m, i) => (
            <li key={i}>
              <span class="swatch" style={{ background: MARKER_COLOURS[m.kind] }} aria-hidden="true" />
              <button type="button" class="link-button" onClick={() => seek(m.offsetMs)}>
                {formatDuration(m.offsetMs)} {MARKER_WORDS[m.kind]}: {m.label}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
