import { formatDuration, spokenDuration } from '../state/format';

/** A running time: "1:23" on screen, "1 minute 23 seconds" for screen readers. */
export function Duration({ ms, testId }: { ms: number; testId?: string }) {
  return (
    <>
      <span aria-hidden="true" class="num" data-testid={testId}>
        {formatDuration(ms)}
      </span>
      <span class="sr-only">{spokenDuration(ms)}</span>
    </>
  );
}
