import { randomBytes } from 'node:crypto';
import type { Clock } from '@switchboard/shared';
import type { Role } from '@switchboard/protocol';

export interface Ticket {
  userId: string;
  role: Role;
  interactionId: string;
  purpose: 'play' | 'download';
  /** The login it was issued under: a ticket dies with it (log-out, revocation). */
  tokenHash: string;
  expiresAt: number;
  /** Set on the first request that uses it: that one is written to the access log, the seeks after it are not. */
  used: boolean;
}

/** How long a ticket lasts: a player keeps asking for ranges while the call plays. */
export const TICKET_TTL_MS = 60 * 60_000;
const MAX_TICKETS = 10_000;

/**
 * One play or one download of one recording by one user, as an unguessable URL parameter: an
 * <audio> element and a download link cannot send the bearer token. Kept in memory (a restart
 * forgets them: the page asks for a new one).
 */
export class RecordingTickets {
  private readonly tickets = new Map<string, Ticket>();

  constructor(private readonly clock: Clock) {}

  issue(t: Omit<Ticket, 'expiresAt' | 'used'>): { ticket: string; expiresAt: number } {
    const now = this.clock.now();
    if (this.tickets.size >= MAX_TICKETS) this.prune(now);
    if (this.tickets.size >= MAX_TICKETS) this.tickets.delete(this.tickets.keys().next().value!);
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = now + TICKET_TTL_MS;
    this.tickets.set(ticket, { ...t, expiresAt, used: false });
    return { ticket, expiresAt };
  }

  /** The live ticket for this recording, or null (unknown, expired, or for another recording). */
  find(ticket: string, interactionId: string): Ticket | null {
    const t = this.tickets.get(ticket);
    if (!t) return null;
    if (this.clock.now() >= t.expiresAt) {
      this.tickets.delete(ticket);
      return null;
    }
    return t.interactionId === interactionId ? t : null;
  }

  private prune(now: number): void {
    for (const [k, t] of this.tickets) if (now >= t.expiresAt) this.tickets.delete(k);
  }
}
