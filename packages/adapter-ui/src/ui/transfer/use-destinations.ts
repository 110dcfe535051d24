import { useEffect, useState } from 'preact/hooks';
import type { TransferDestinations } from '@switchboard/protocol';
import type { Session } from '../../state/session';
import { startPolling } from '../../state/poller';
import { describeError } from '../../state/messages';

/** How often the open dialog asks again, so the agent list (states, who is free) stays live. */
export const DESTINATIONS_POLL_MS = 2000;

/**
 * The Transfer dialog's lists, asked for when it opens and every 2 s while it stays open
 * (the hook lives as long as the dialog, so closing it stops the requests).
 */
export function useDestinations(s: Session, interactionId: string): { lists: TransferDestinations | null; error: string | null } {
  const [lists, setLists] = useState<TransferDestinations | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () =>
      startPolling(
        () => s.client().transferDestinations(interactionId),
        (d) => {
          setLists(d);
          setError(null);
        },
        (e) => setError(describeError(e)),
        DESTINATIONS_POLL_MS,
      ),
    [interactionId],
  );
  return { lists, error };
}
